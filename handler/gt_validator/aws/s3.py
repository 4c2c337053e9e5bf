"""S3 addressing and clients: the one place the CLI's S3 source, config loading and the
Lambda take them from.

No Powertools here, and boto3 only on first use: the CLI imports this module without
the Lambda's dependencies, and a run that never touches S3 never pays for boto3.
"""

from __future__ import annotations

from functools import cache
from typing import Any

S3_SCHEME = "s3://"


def is_s3(uri: str) -> bool:
    return uri.startswith(S3_SCHEME)


def split_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/a/b`` -> ``("bucket", "a/b")``; the key exactly as written."""
    bucket, _, key = uri.removeprefix(S3_SCHEME).partition("/")
    return bucket, key


def object_uri(bucket: str, key: str) -> str:
    return f"{S3_SCHEME}{bucket}/{key}"


@cache
def client(pool: int = 10) -> Any:
    """An S3 client with standard retries and ``pool`` connections (one per concurrent GET).

    Cached per pool size: creating a client costs tens of ms, which a warm Lambda
    container and a CLI run both pay once. boto3 honours ``AWS_ENDPOINT_URL``.
    """
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard"}, max_pool_connections=pool)
    return boto3.client("s3", config=config)


def get_kwargs(bucket: str, key: str, version_id: str | None = None) -> dict[str, str]:
    """GetObject/HeadObject arguments naming one object, by version when one is known."""
    kwargs = {"Bucket": bucket, "Key": key}
    if version_id:
        kwargs["VersionId"] = version_id
    return kwargs


def read_bytes(s3: Any, bucket: str, key: str, version_id: str | None = None) -> bytes:
    """The object's bytes; any failure is an OSError (callers say which object)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        body = s3.get_object(**get_kwargs(bucket, key, version_id))["Body"]
        with body:
            return bytes(body.read())
    except (BotoCoreError, ClientError) as exc:
        raise OSError(str(exc)) from exc
