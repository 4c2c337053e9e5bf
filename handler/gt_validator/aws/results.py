"""Results -> the results queue: one message per GT object, sent 10 at a time.

The body is the file's report entry plus where it came from. A body over the
queue's limit keeps the first findings and the counts; the whole report goes to
``REPORTS_PREFIX`` in the bucket when that is set.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import orjson

from .config_cache import Loaded
from .events import ObjectRef
from .objects import Judged

SQS_LIMIT = 262_144  # SendMessage and the whole SendMessageBatch request body
_ATTRIBUTE_ROOM = 64  # the "valid" attribute counts towards the limit
# SQS accepts #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF; JSON escapes the rest.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def dumps_sqs(obj: Any) -> str:
    """JSON holding only characters SQS accepts (all others as \\uXXXX escapes)."""
    try:
        text = orjson.dumps(obj).decode()
    except orjson.JSONEncodeError:  # lone surrogates from a document's strings
        text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return _ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def message_body(judged: Judged, config: Loaded) -> dict[str, Any]:
    ref = judged.ref
    body = judged.report.to_dict()
    body.update(
        bucket=ref.bucket,
        key=ref.key,
        version_id=ref.version_id,
        etag=ref.etag,
        project=config.validator.config.project,
        config=config.uri,
        config_etag=config.etag,  # which config judged the file
        config_version=config.version,
        errors=judged.report.errors,
        warnings=judged.report.warnings,
    )
    if ref.event_time:
        body["event_time"] = ref.event_time
    return body


# Step Functions keeps at most 32,768 characters of a failed task's cause, and Lambda's
# error JSON wraps the message: the batch's answer is cut to leave room for that.
BATCH_ERROR_CHARS = 24_000
_ERROR_CHARS = 300  # of each failed item's reason


def batch_error(answer: dict[str, Any]) -> str:
    """A failed batch's answer as the exception message: its counts always, its failed
    items as many as fit (``failed_total`` counts them all)."""
    failed: list[dict[str, str]] = answer["failed"]
    short = dict(answer, failed=[], failed_total=len(failed))
    text = dumps_sqs(short)
    for item in failed:
        entry = {"key": item["key"], "error": item["error"][:_ERROR_CHARS]}
        candidate = dumps_sqs(dict(short, failed=[*short["failed"], entry]))
        if len(candidate) > BATCH_ERROR_CHARS:
            break
        short["failed"].append(entry)
        text = candidate
    return text


def fit(body: dict[str, Any], limit: int, report_uri: str | None) -> str:
    """Serialise ``body``, truncating its findings to fit ``limit`` bytes."""
    text = dumps_sqs(body)
    if len(text.encode()) <= limit:
        return text
    findings: list[Any] = body["findings"]
    by_code = Counter(f["code"] for f in findings)
    by_code.update(body.get("omitted", {}))  # found past the per-file cap, never listed
    short = dict(
        body,
        truncated=True,
        findings_total=sum(by_code.values()),
        findings_by_code=dict(by_code),
        report=report_uri,
    )
    lo, hi = 0, len(findings)  # the largest prefix of findings that fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(dumps_sqs(dict(short, findings=findings[:mid])).encode()) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return dumps_sqs(dict(short, findings=findings[:lo]))


@dataclass(slots=True)
class _Pending:
    owner: Hashable  # the SQS record (or map item) that produced it
    body: str
    valid: bool


@dataclass(slots=True)
class Outbox:
    """Messages gathered over one invocation, then sent in batches of 10."""

    sqs: Any
    queue_url: str
    limit: int = SQS_LIMIT
    pending: list[_Pending] = field(default_factory=list)

    @property
    def body_limit(self) -> int:
        return self.limit - _ATTRIBUTE_ROOM

    def add(self, owner: Hashable, body: str, valid: bool) -> None:
        self.pending.append(_Pending(owner, body, valid))

    def discard(self, owner: Hashable) -> None:
        """Drop what a failed record produced: it is retried as a whole."""
        self.pending = [p for p in self.pending if p.owner != owner]

    def flush(self) -> dict[Hashable, str]:
        """Send everything; the owners whose messages could not be sent, with why."""
        failed: dict[Hashable, str] = {}
        for batch in self._batches():
            entries = [
                {
                    "Id": str(i),
                    "MessageBody": p.body,
                    "MessageAttributes": {
                        "valid": {
                            "DataType": "String",
                            "StringValue": "true" if p.valid else "false",
                        }
                    },
                }
                for i, p in enumerate(batch)
            ]
            try:
                response = self.sqs.send_message_batch(QueueUrl=self.queue_url, Entries=entries)
            except Exception as exc:  # queue unreachable: every owner in the batch fails
                failed.update((p.owner, f"results queue: {exc}") for p in batch)
                continue
            for entry in response.get("Failed", []):
                owner = batch[int(entry["Id"])].owner
                failed[owner] = f"results queue: {entry.get('Code')} {entry.get('Message', '')}"
        self.pending = []
        return failed

    def _batches(self) -> list[list[_Pending]]:
        # At most 10 entries, and the whole request's bodies within the limit.
        batches: list[list[_Pending]] = []
        size = 0
        for p in self.pending:
            n = len(p.body.encode()) + _ATTRIBUTE_ROOM
            if not batches or len(batches[-1]) == 10 or size + n > self.limit:
                batches.append([])
                size = 0
            batches[-1].append(p)
            size += n
        return batches


def report_key(prefix: str, ref: ObjectRef) -> str:
    """Where the whole report of an oversize result goes (never under the GT prefix)."""
    return f"{prefix}{ref.key}.{ref.version_id or ref.etag or 'latest'}.report.json"
