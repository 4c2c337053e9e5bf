"""Remote mode on the runner: read the selected files, send them, map the answer back."""

from __future__ import annotations

from collections.abc import Sequence

from gt_validator.github.remote import (
    PAYLOAD_BUDGET,
    Document,
    Invoker,
    too_large,
    validate_remote,
)
from gt_validator.github.select import Candidate
from gt_validator.report import FileReport, Finding, Report


def _undecodable(data: bytes, exc: UnicodeDecodeError) -> Finding:
    """invalid_json at the first byte that is not UTF-8 (the text cannot be sent)."""
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return Finding(
        "invalid_json",
        "error",
        f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
        "",
        line,
        column,
    )


def _too_large(size: int) -> Finding:
    return Finding(
        "file_too_large",
        "error",
        f"the file is {size:,} bytes: too large to send to the Lambda in one "
        "invocation (6 MB payload limit); it was not validated",
    )


def run_remote(
    invoke: Invoker, files: Sequence[Candidate], config: str | None, budget: int = PAYLOAD_BUDGET
) -> Report:
    """The Lambda's report on ``files``, paths as the runner shows them, in file order.

    Files that cannot travel as JSON text (not UTF-8, or bigger than one
    request) are judged here with the finding the Lambda would give.
    """
    local: dict[str, FileReport] = {}
    documents: list[Document] = []
    shown: dict[str, str] = {}
    for candidate in files:
        data = candidate.absolute.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            local[candidate.path] = FileReport(candidate.path, (_undecodable(data, exc),))
            continue
        doc = Document(candidate.rel_path, text)
        if too_large(doc, budget):
            local[candidate.path] = FileReport(candidate.path, (_too_large(len(data)),))
            continue
        documents.append(doc)
        shown[candidate.rel_path] = candidate.path
    remote = (
        validate_remote(invoke, documents, config, budget) if documents else Report(config or "")
    )
    answered = {}
    for fr in remote.files:
        path = shown.get(fr.path, fr.path)
        answered[path] = FileReport(path, fr.findings)
    ordered: list[FileReport] = []
    for candidate in files:
        found = local.get(candidate.path) or answered.pop(candidate.path, None)
        if found is not None:
            ordered.append(found)
    ordered += answered.values()  # anything the function added, kept rather than lost
    return Report(remote.config or (config or ""), tuple(ordered), remote.notes)
