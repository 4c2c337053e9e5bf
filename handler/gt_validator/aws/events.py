"""Event shapes -> the S3 objects to judge.

Every shape Lambda can hand us ends up as a list of ``ObjectRef``: the key
decoded exactly once (``unquote_plus``, never normalised) and whatever the event
knows about the object (version, size, ETag) so the size limit can be checked
before any read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote_plus

import orjson
from aws_lambda_powertools.utilities.data_classes import S3Event, S3EventBridgeNotificationEvent

from .config_cache import Pin

EventKind = Literal["sqs", "s3", "eventbridge", "map", "direct", "check_config"]
# Uploads reach the function only for keys ending in this (the bucket notification's suffix
# filter in template.yaml, case-sensitive as S3 matches it); a map run skips the others.
GT_SUFFIX = ".json"


class BadEvent(ValueError):
    """A body or event that is not any shape we know (a garbage message)."""


@dataclass(frozen=True, slots=True)
class ObjectRef:
    bucket: str
    key: str  # decoded: the key as stored
    version_id: str | None = None
    size: int | None = None
    etag: str | None = None
    event_time: str | None = None


def classify(event: Mapping[str, Any]) -> EventKind:
    """Which handler path an invocation event takes."""
    records = event.get("Records")
    if isinstance(records, list) and records and isinstance(records[0], Mapping):
        source = records[0].get("eventSource")
        if source == "aws:sqs":
            return "sqs"
        if source == "aws:s3":
            return "s3"
    if event.get("source") == "aws.s3" and "detail-type" in event:
        return "eventbridge"
    if isinstance(event.get("Items"), list):
        return "map"
    if "documents" in event or "keys" in event:
        return "direct"
    if isinstance(event.get("check_config"), Mapping):
        return "check_config"
    raise BadEvent(f"unrecognised event with keys {sorted(event)[:10]}")


def refs_from_body(body: str) -> list[ObjectRef]:
    """An SQS message body: an S3 notification, an EventBridge event, or a test event."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadEvent(f"message body is not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise BadEvent("message body is not a JSON object")
    if doc.get("Event") == "s3:TestEvent":
        return []  # sent once when the notification is configured: ack and ignore
    if doc.get("source") == "aws.s3" and "detail-type" in doc:
        return refs_from_eventbridge(doc)
    if isinstance(doc.get("Records"), list):
        return refs_from_s3_event(doc)
    raise BadEvent("message body is neither an S3 notification nor an S3 test event")


def refs_from_s3_event(event: Mapping[str, Any]) -> list[ObjectRef]:
    """An S3 notification (direct or from a queue body); only ObjectCreated records count."""
    refs = []
    try:
        for record in S3Event(dict(event)).records:
            if record.event_source != "aws:s3":
                raise BadEvent(f"record from {record.event_source!r}, not aws:s3")
            if not record.event_name.startswith("ObjectCreated"):
                continue
            obj = record.s3.get_object
            refs.append(
                ObjectRef(
                    bucket=record.s3.bucket.name,
                    key=unquote_plus(obj.key),
                    version_id=obj.version_id or None,
                    size=_int_or_none(obj.get("size")),
                    etag=obj.etag or None,
                    event_time=record.get("eventTime"),
                )
            )
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadEvent(f"malformed S3 notification: missing {exc}") from None
    return refs


def refs_from_eventbridge(event: Mapping[str, Any]) -> list[ObjectRef]:
    """An EventBridge "Object Created" event (other S3 detail types are ignored)."""
    if event.get("detail-type") != "Object Created":
        return []
    try:
        detail = S3EventBridgeNotificationEvent(dict(event)).detail
        obj = detail.object
        return [
            ObjectRef(
                bucket=detail.bucket.name,
                # Decoded like an S3 notification's key. AWS documents that notifications
                # URL-encode keys ("red flower.jpg" arrives as "red+flower.jpg": S3 User
                # Guide, "Event message structure"). Its EventBridge page ("EventBridge
                # event message structure", detail.object.key) says nothing of encoding
                # and shows only keys that need none; Powertools, AWS's Lambda library,
                # applies unquote_plus to this key too, and so do we (the data class).
                key=obj.key,
                version_id=obj.get("version-id") or None,
                size=_int_or_none(obj.get("size")),
                etag=obj.etag or None,
                event_time=event.get("time"),
            )
        ]
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadEvent(f"malformed EventBridge S3 event: missing {exc}") from None


def pin_from(doc: Mapping[str, Any] | None) -> Pin:
    """The config pin a re-validation run carries (``config_version`` / ``config_etag``)."""
    doc = doc if isinstance(doc, Mapping) else {}
    version, etag = doc.get("config_version"), doc.get("config_etag")
    return Pin(
        version=version if isinstance(version, str) and version else None,
        etag=etag.strip('"') if isinstance(etag, str) and etag else None,
    )


def pin_from_eventbridge(event: object) -> Pin:
    """The pin of a run started by the config's own "Object Created" event (its execution
    input is that event): the new config's version-id and etag."""
    if not isinstance(event, Mapping) or event.get("detail-type") != "Object Created":
        return Pin()
    detail = event.get("detail")
    obj = detail.get("object") if isinstance(detail, Mapping) else None
    if not isinstance(obj, Mapping):
        return Pin()
    return pin_from({"config_version": obj.get("version-id"), "config_etag": obj.get("etag")})


def refs_from_map_batch(event: Mapping[str, Any]) -> list[ObjectRef]:
    """A Distributed Map batch: ItemReader items are ListObjectsV2 entries (keys not encoded)."""
    batch_input = event.get("BatchInput") or {}
    default_bucket = batch_input.get("bucket") if isinstance(batch_input, Mapping) else None
    refs = []
    for item in event["Items"]:
        if not isinstance(item, Mapping) or not isinstance(item.get("Key"), str):
            raise BadEvent("a Distributed Map item without a string Key")
        bucket = item.get("Bucket") or default_bucket
        if not isinstance(bucket, str):
            raise BadEvent("a Distributed Map batch without BatchInput.bucket")
        etag = item.get("Etag") or item.get("ETag")
        refs.append(
            ObjectRef(
                bucket=bucket,
                key=item["Key"],
                size=_int_or_none(item.get("Size")),
                etag=etag.strip('"') if isinstance(etag, str) else None,
            )
        )
    return refs


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
