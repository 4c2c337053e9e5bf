"""The function's environment, read per invocation, and its boto3 clients (lazy)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import s3
from .prefetch import WORKERS
from .results import SQS_LIMIT


@dataclass(frozen=True, slots=True)
class Settings:
    config_uri: str | None
    results_queue_url: str | None
    config_ttl: float = 60.0
    reports_prefix: str | None = None
    gt_prefix: str = ""  # the watched prefix: never written to
    tag_objects: bool = False
    max_message_bytes: int = SQS_LIMIT

    @classmethod
    def from_environ(cls, env: Mapping[str, str] = os.environ) -> Settings:
        reports = env.get("REPORTS_PREFIX") or None
        gt_prefix = env.get("GT_PREFIX", "")
        if (
            reports
            and gt_prefix
            and (reports.startswith(gt_prefix) or gt_prefix.startswith(reports))
        ):
            raise ValueError(
                f"REPORTS_PREFIX {reports!r} overlaps the watched GT_PREFIX "
                f"{gt_prefix!r}: reports would trigger the function again"
            )
        return cls(
            config_uri=env.get("GT_CONFIG_URI") or None,
            results_queue_url=env.get("RESULTS_QUEUE_URL") or None,
            config_ttl=float(env.get("CONFIG_TTL_SECONDS", "60")),
            reports_prefix=reports,
            gt_prefix=gt_prefix,
            tag_objects=env.get("TAG_OBJECTS", "false").lower() == "true",
            max_message_bytes=int(env.get("MAX_MESSAGE_BYTES", str(SQS_LIMIT))),
        )


def s3_client() -> Any:
    # Created on first use, not at import: client creation costs tens of ms of cold start.
    # One connection per prefetch thread, so concurrent GETs never wait for the pool.
    return s3.client(pool=WORKERS)


@cache
def sqs_client() -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client("sqs", config=Config(retries={"mode": "standard"}))
