"""Remote mode: the deployed Lambda validates, the Action reports its answer.

Documents go as ``{"documents": [{"path", "content"}, ...]}`` (SPEC section 5),
in batches under the synchronous invoke payload limit; the reports that come
back are merged into one. boto3 is imported only here, and only when used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gt_validator.report import FileReport, Finding, Report

PAYLOAD_LIMIT = 6 * 1024 * 1024  # bytes, Lambda's synchronous request limit
PAYLOAD_BUDGET = PAYLOAD_LIMIT - 64 * 1024  # headroom for the envelope and the config


class RemoteError(Exception):
    """The function could not be invoked, failed, or answered something else."""


class Invoker(Protocol):
    def __call__(self, payload: bytes) -> bytes:
        """Invoke the function synchronously; its answer's bytes, or RemoteError."""
        ...


@dataclass(frozen=True)
class Document:
    path: str  # relative to gt_root, as the Lambda expects
    content: str

    def encoded(self) -> str:
        return json.dumps({"path": self.path, "content": self.content}, ensure_ascii=False)


def batches(documents: Iterable[Document], budget: int = PAYLOAD_BUDGET) -> Iterator[list[str]]:
    """Encoded documents grouped so that each request stays under ``budget`` bytes.

    A document that alone exceeds the budget is not sent; callers find it
    first with :func:`too_large`.
    """
    batch: list[str] = []
    used = 0
    for doc in documents:
        encoded = doc.encoded()
        size = len(encoded.encode("utf-8")) + 1
        if batch and used + size > budget:
            yield batch
            batch, used = [], 0
        batch.append(encoded)
        used += size
    if batch:
        yield batch


def too_large(doc: Document, budget: int = PAYLOAD_BUDGET) -> bool:
    return len(doc.encoded().encode("utf-8")) + 1 > budget


def request_payload(batch: Sequence[str], config: str | None) -> bytes:
    head = '{"config": ' + json.dumps(config) + ", " if config else "{"
    return (head + '"documents": [' + ", ".join(batch) + "]}").encode("utf-8")


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """A section-4 report (as the Lambda answers) back into records."""
    if not isinstance(data.get("files"), list):
        raise RemoteError("the function's answer is not a report (no 'files' list)")
    files = []
    for entry in data["files"]:
        findings = tuple(
            Finding(
                code=str(f["code"]),
                severity="warning" if f.get("severity") == "warning" else "error",
                message=str(f.get("message", "")),
                pointer=str(f.get("pointer", "")),
                line=f.get("line") if isinstance(f.get("line"), int) else None,
                column=f.get("column") if isinstance(f.get("column"), int) else None,
            )
            for f in entry.get("findings", [])
        )
        files.append(FileReport(str(entry["path"]), findings))
    notes = data.get("summary", {}).get("notes", [])
    return Report(str(data.get("config", "")), tuple(files), tuple(str(n) for n in notes))


def validate_remote(
    invoke: Invoker,
    documents: Sequence[Document],
    config: str | None,
    budget: int = PAYLOAD_BUDGET,
) -> Report:
    """Send every document, merge the answers; paths come back as sent."""
    reports: list[Report] = []
    for batch in batches(documents, budget):
        answer = invoke(request_payload(batch, config))
        try:
            data = json.loads(answer)
        except ValueError as exc:
            raise RemoteError(f"the function answered something that is not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise RemoteError("the function's answer is not a JSON object")
        if "error" in data and "files" not in data:
            raise RemoteError(f"the function refused the request: {str(data['error'])[:300]}")
        reports.append(report_from_dict(data))
    return merge(reports, config or "")


def merge(reports: Sequence[Report], config: str) -> Report:
    files = tuple(fr for r in reports for fr in r.files)
    notes = tuple(dict.fromkeys(n for r in reports for n in r.notes))
    return Report(reports[0].config if reports else config, files, notes)


def lambda_invoker(function_name: str) -> Invoker:
    """An Invoker over boto3 (credentials and AWS_ENDPOINT_URL from the environment)."""
    try:
        import boto3
    except ImportError:  # pragma: no cover - depends on the install
        raise RemoteError("remote mode needs boto3: pip install 'gt-validator[s3]'") from None
    client = boto3.client("lambda")

    def invoke(payload: bytes) -> bytes:
        try:
            answer = client.invoke(
                FunctionName=function_name, InvocationType="RequestResponse", Payload=payload
            )
        except Exception as exc:  # botocore's errors share no useful base
            raise RemoteError(f"could not invoke {function_name}: {exc}") from None
        body: bytes = answer["Payload"].read()
        if answer.get("FunctionError"):
            raise RemoteError(f"{function_name} failed: {body[:300].decode('utf-8', 'replace')}")
        return body

    return invoke


Factory = Callable[[str], Invoker]
