"""What the Action leaves behind: step outputs, the job summary, report files."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from gt_validator.report import Report


def format_outputs(values: Mapping[str, str]) -> str:
    """``name<<DELIM`` / value / ``DELIM`` records, as the runner reads GITHUB_OUTPUT.

    The delimiter is random and checked against the value, so a value (a path
    with a newline, say) cannot end its record early and forge another output.
    """
    chunks: list[str] = []
    for name, value in values.items():
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        while delimiter in value or delimiter in name:
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        chunks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(chunks)


def report_outputs(report: Report, report_path: Path | None) -> dict[str, str]:
    s = report.summary
    return {
        "valid": "true" if report.valid else "false",
        "files": str(s.files),
        "invalid-files": str(s.invalid),
        "errors": str(s.errors),
        "warnings": str(s.warnings),
        "report": str(report_path) if report_path else "",
    }


def append(path: Path | None, content: str) -> bool:
    """Append to a runner file (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY); False when unset."""
    if path is None:
        return False
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(content)
    return True


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """A new file name in ``folder``: several steps of one job never overwrite each other."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{stem}-{secrets.token_hex(4)}{suffix}"
