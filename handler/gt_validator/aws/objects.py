"""One S3 object -> its FileReport, read by version, size checked before the GET."""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass, replace
from typing import Any

from ..files import GTFile
from ..report import FileReport
from ..validator import Validator, gc_paused
from . import s3 as s3_uri
from .events import ObjectRef
from .telemetry import subsegment


class Unreadable(Exception):
    """The object is gone or cannot be read: the record fails and is retried."""


@dataclass(frozen=True, slots=True)
class Judged:
    ref: ObjectRef  # version and ETag as read, when read
    report: FileReport
    latency_ms: float


def rel_path(gt_root: str, bucket: str, key: str) -> str | None:
    """The key relative to the config's gt_root (an s3:// prefix).

    Outside it, a '../' path that cannot match (as the CLI does for local files),
    so the file gets path_mismatch rather than no location check at all.
    """
    if not gt_root.startswith("s3://"):
        return None
    root_bucket, prefix = s3_uri.split_uri(gt_root)
    prefix = prefix.strip("/")
    if bucket == root_bucket and (not prefix or key.startswith(prefix + "/")):
        return key[len(prefix) + 1 :] if prefix else key  # as stored: never normalised
    return posixpath.relpath(f"/{bucket}/{key}", f"/{root_bucket}/{prefix}".rstrip("/"))


def _never() -> bytes:
    raise AssertionError("an object over the size limit must not be read")


def judge(ref: ObjectRef, validator: Validator, s3: Any) -> Judged:
    rel = rel_path(validator.config.gt_root, ref.bucket, ref.key)
    limit = validator.config.max_file_bytes
    if ref.size is not None and ref.size > limit:
        # The event's size is enough: no GET for an object we would refuse anyway.
        start = time.perf_counter()
        report = validator.check(GTFile(path=ref.key, rel_path=rel, size=ref.size, read=_never))
        return Judged(ref, report, (time.perf_counter() - start) * 1000)
    with subsegment("## s3.get_object"):
        response = _get(ref, s3)
    body = response["Body"]
    read_ref = replace(
        ref,
        version_id=response.get("VersionId") or ref.version_id,
        etag=str(response.get("ETag", "")).strip('"') or ref.etag,
        size=response.get("ContentLength", ref.size),
    )

    def read() -> bytes:
        try:
            with subsegment("## s3.read_body"):
                data: bytes = body.read()
                return data
        except Exception as exc:
            raise Unreadable(f"s3://{ref.bucket}/{ref.key}: {exc}") from exc

    try:
        # Read before the clock starts: ValidationLatency is the validator's time alone.
        too_large = read_ref.size is not None and read_ref.size > limit
        data = b"" if too_large else read()
        with subsegment("## validate"), gc_paused():
            start = time.perf_counter()
            report = validator.check(
                GTFile(
                    path=ref.key,
                    rel_path=rel,
                    size=read_ref.size,
                    read=_never if too_large else (lambda: data),
                )
            )
            latency = (time.perf_counter() - start) * 1000
    finally:
        body.close()
    return Judged(read_ref, report, latency)


def _get(ref: ObjectRef, s3: Any) -> Any:
    try:
        return s3.get_object(**s3_uri.get_kwargs(ref.bucket, ref.key, ref.version_id))
    except Exception as exc:  # NoSuchKey, AccessDenied, throttling, network: all retried
        raise Unreadable(f"s3://{ref.bucket}/{ref.key} unreadable: {exc}") from exc


def tag_object(ref: ObjectRef, valid: bool, s3: Any) -> None:
    """TAG_OBJECTS: gt-validation=passed|failed, keeping the object's other tags."""
    kwargs = s3_uri.get_kwargs(ref.bucket, ref.key, ref.version_id)
    tags = [t for t in s3.get_object_tagging(**kwargs)["TagSet"] if t["Key"] != "gt-validation"]
    tags.append({"Key": "gt-validation", "Value": "passed" if valid else "failed"})
    s3.put_object_tagging(**kwargs, Tagging={"TagSet": tags})
