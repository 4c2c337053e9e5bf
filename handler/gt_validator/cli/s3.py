"""``s3://`` PATHs for the CLI: listing errors and a missing boto3 become exit 2.

The listing itself is ``sources.s3.collect_s3``; this module decides what the
user reads when it cannot run (no boto3, no credentials, a missing bucket,
access denied) and when the location of S3 files cannot be checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gt_validator.cli.options import UsageError
from gt_validator.report import Skipped

if TYPE_CHECKING:
    from gt_validator.cli.plan import Judge, Plan

S3_EXTRA = "pip install 'gt-validator[s3]'"


def needs_boto3(what: str) -> UsageError:
    return UsageError(f"{what} needs boto3, which is not installed: {S3_EXTRA}")


def add_s3(plan: Plan, judge: Judge, uris: list[str]) -> None:
    """List every ``s3://`` PATH and add its files to ``plan``, judged by ``judge``."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError

        from gt_validator.sources.s3 import collect_s3, split_uri
    except ModuleNotFoundError as exc:
        raise needs_boto3(f"reading {uris[0]}") from exc
    from gt_validator.sources.local import MissingPath

    config = judge.validator.config
    unmeasured = 0
    for uri in uris:
        bucket, _ = split_uri(uri)
        try:
            files = collect_s3([uri], config)
        except MissingPath as exc:
            raise UsageError(str(exc), judge.label) from exc
        except (BotoCoreError, ClientError) as exc:
            raise UsageError(f"cannot list {uri} (bucket {bucket!r}): {exc}") from exc
        for f in files:
            if f.rel_path is not None and f.rel_path.startswith("../"):
                plan.skipped.append(
                    Skipped(f.path, f"outside the gt_root of {judge.label} ({config.gt_root})")
                )
                continue
            unmeasured += f.rel_path is None
            plan.items.append((judge, f))
    if unmeasured:
        plan.notes.append(
            f"path_mismatch was not checked for {unmeasured} S3 file(s): the gt_root of "
            f"{judge.label} ({config.gt_root}) is not a prefix of their bucket"
        )
