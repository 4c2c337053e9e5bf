"""What ``gt-validate revalidate`` starts a run with: the options given, and the config pin.

The state machine's definition names its config (``Defaults.Parameters.fixed.config``,
filled in from the template at deploy time); the CLI HEADs it and passes its VersionId
and ETag, so the run judges with the config as it was when the user asked, even if a
new one lands while it runs. The bucket is always the deployment's: its roles are
scoped to it, so there is no option to name another.
"""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from . import s3 as s3_uri


class NoConfig(Exception):
    """The run's config cannot be found or read: nothing is started."""


def config_of(sfn: Any, state_machine_arn: str) -> str:
    """The s3:// URI of the config the state machine's runs judge with."""
    definition = orjson.loads(
        sfn.describe_state_machine(stateMachineArn=state_machine_arn)["definition"]
    )
    try:
        uri = definition["States"]["Defaults"]["Parameters"]["fixed"]["config"]
    except (KeyError, TypeError):
        uri = None
    if not isinstance(uri, str) or not s3_uri.is_s3(uri):
        raise NoConfig(f"{state_machine_arn} names no s3:// config (an older deployment?)")
    return uri


def current_pin(s3: Any, uri: str) -> dict[str, str | None]:
    """The config's VersionId (None when the bucket keeps no versions) and ETag, now."""
    try:
        head = s3.head_object(**s3_uri.get_kwargs(*s3_uri.split_uri(uri)))
    except Exception as exc:  # missing, denied, network: the run would fail at once
        raise NoConfig(f"cannot read the config {uri}: {exc}") from exc
    return {
        "config_version": head.get("VersionId"),
        "config_etag": str(head.get("ETag", "")).strip('"') or None,
    }


def execution_input(ns: argparse.Namespace, pin: dict[str, str | None]) -> dict[str, Any]:
    pairs = {
        "prefix": ns.prefix,
        "max_concurrency": ns.max_concurrency,
        "batch_size": ns.batch_size,
        "tolerated_failure_percentage": ns.tolerated_failure_percentage,
        **pin,
    }
    return {k: v for k, v in pairs.items() if v is not None}


def pin_for(ns: argparse.Namespace, sfn: Any, s3: Any) -> dict[str, str | None]:
    """``--config-version`` as given, else the config's current version and ETag."""
    if ns.config_version:
        return {"config_version": ns.config_version}
    return current_pin(s3, config_of(sfn, ns.state_machine))
