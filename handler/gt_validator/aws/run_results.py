"""A re-validation run's ResultWriter output -> one summary.

Each succeeded child execution's output is a batch answer (spec section 5); a failed
one is either a BatchIncomplete (its Lambda error message is the batch's answer, so
what it judged still counts) or a batch that never answered (all its items failed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

KEEP_FAILED = 1000  # failed items kept for the report; all are counted


@dataclass(slots=True)
class RunSummary:
    """Totals over every batch answer of a map run (spec section 5's batch answer)."""

    files: int = 0
    valid: int = 0
    invalid: int = 0
    skipped: int = 0
    failed_items: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)  # the first {key, error}s
    codes: Counter[str] = field(default_factory=Counter)  # findings by code
    codes_reported: bool = False
    failed_batches: int = 0  # child executions that failed after their retries
    not_run: int = 0  # items in batches that never ran (PENDING: the run was stopped)

    def add_answer(self, answer: dict[str, Any]) -> None:
        self.files += int(answer.get("files", 0))
        self.valid += int(answer.get("valid", 0))
        self.invalid += int(answer.get("invalid", 0))
        self.skipped += int(answer.get("skipped", 0))
        total = answer.get("failed_total")
        self._fail(answer.get("failed", []), int(total) if isinstance(total, int) else None)
        codes = answer.get("codes")
        if isinstance(codes, dict):
            self.codes_reported = True
            self.codes.update({str(k): int(v) for k, v in codes.items()})

    def add_unrun_batch(self, record: dict[str, Any], *, failed: bool) -> None:
        items = as_json(record.get("Input")).get("Items", [])
        if not failed:
            self.not_run += len(items)
            return
        self.failed_batches += 1
        answer = _failed_answer(record.get("Cause"))
        if answer is not None:  # BatchIncomplete: it judged some, and says which failed
            self.add_answer(answer)
            return
        why = f"{record.get('Error', 'failed')}: {_cause_text(record.get('Cause'))}".strip(": ")
        self._fail([{"key": str(i.get("Key")), "error": why} for i in items])

    def _fail(self, items: list[dict[str, str]], total: int | None = None) -> None:
        self.failed_items += len(items) if total is None else max(total, len(items))
        self.failed.extend(items[: max(0, KEEP_FAILED - len(self.failed))])

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "skipped": self.skipped,
            "failed": self.failed_items,
            "failed_batches": self.failed_batches,
            "not_run": self.not_run,
        }


def as_json(value: Any) -> dict[str, Any]:
    """A child execution's Input/Output: a JSON string (Transformation NONE) or an object."""
    if isinstance(value, str | bytes):
        value = orjson.loads(value) if value else {}
    return value if isinstance(value, dict) else {}


def _lambda_error(cause: Any) -> dict[str, Any]:
    """A failed Lambda task's Cause: Lambda's error JSON (errorType, errorMessage, ...)."""
    try:
        return as_json(cause)
    except orjson.JSONDecodeError:
        return {}


def _failed_answer(cause: Any) -> dict[str, Any] | None:
    """The batch answer a BatchIncomplete error carries as its message, if this is one."""
    error = _lambda_error(cause)
    if error.get("errorType") != "BatchIncomplete":
        return None
    try:
        answer = as_json(error.get("errorMessage"))
    except orjson.JSONDecodeError:
        return None
    return answer if isinstance(answer.get("failed"), list) else None


def _cause_text(cause: Any) -> str:
    """The error message alone: never Lambda's stack trace."""
    error = _lambda_error(cause)
    if "errorMessage" in error:
        return f"{error.get('errorType', 'Error')}: {error['errorMessage']}"
    return "" if cause is None else str(cause)


def _records(body: Any) -> Iterator[dict[str, Any]]:
    """A result file, streamed: JSON Lines (OutputType JSONL, what the machine writes) line
    by line; a JSON array (OutputType JSON) is read whole."""
    lines = body.iter_lines()
    for first in lines:
        if not first.strip():
            continue
        if first.lstrip().startswith(b"["):
            yield from orjson.loads(first + b"\n".join(lines))
            return
        yield orjson.loads(first)
        break
    for line in lines:
        if line.strip():
            yield orjson.loads(line)


def read_results(s3: Any, bucket: str, manifest_key: str) -> RunSummary:
    """Summarise a ResultWriter output: manifest.json and the result files it lists."""
    manifest = orjson.loads(s3.get_object(Bucket=bucket, Key=manifest_key)["Body"].read())
    out_bucket = manifest.get("DestinationBucket") or bucket
    summary = RunSummary()
    for status, entries in sorted(manifest.get("ResultFiles", {}).items()):
        for entry in entries:
            body = s3.get_object(Bucket=out_bucket, Key=entry["Key"])["Body"]
            for record in _records(body):
                if status != "SUCCEEDED":
                    summary.add_unrun_batch(record, failed=status == "FAILED")
                elif "Output" in record or "ExecutionArn" in record:
                    summary.add_answer(as_json(record.get("Output")))
                else:  # Transformation COMPACT or FLATTEN: the record is the answer itself
                    summary.add_answer(record)
    return summary
