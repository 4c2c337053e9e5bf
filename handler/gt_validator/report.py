"""The records the core returns: findings, per-file reports, the run's report.

All frozen: adapters (CLI, Lambda, Action) read them, nobody mutates them.

A file lists at most ``limits.max_findings_per_file`` findings; the rest are
counted in ``FileReport.omitted`` (per code, with the code's severity), so
``valid``, ``errors``, ``warnings`` and ``Summary.codes`` count every finding,
listed or omitted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "pointer": self.pointer,
        }
        # Unknown positions are absent, not null.
        if self.line is not None and self.column is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out


@dataclass(frozen=True, slots=True)
class Omitted:
    """Findings of one code that were found but not listed (the per-file cap)."""

    code: str
    severity: Severity
    count: int


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    findings: tuple[Finding, ...] = ()
    omitted: tuple[Omitted, ...] = ()
    config: str | None = None  # the config that judged this file, as found

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> int:
        listed = sum(1 for f in self.findings if f.severity == "error")
        return listed + sum(o.count for o in self.omitted if o.severity == "error")

    @property
    def warnings(self) -> int:
        listed = sum(1 for f in self.findings if f.severity == "warning")
        return listed + sum(o.count for o in self.omitted if o.severity == "warning")

    def codes(self) -> Counter[str]:
        """Findings per code, listed and omitted."""
        counts = Counter(f.code for f in self.findings)
        for o in self.omitted:
            counts[o.code] += o.count
        return counts

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.config is not None:
            out["config"] = self.config
        out["valid"] = self.valid
        out["findings"] = [f.to_dict() for f in self.findings]
        if self.omitted:
            out["omitted"] = {o.code: o.count for o in self.omitted}
        return out


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path the run did not check, and why (not below a config's gt_root, ...)."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    valid: int
    invalid: int
    errors: int
    warnings: int
    notes: tuple[str, ...] = ()
    codes: tuple[tuple[str, int], ...] = ()  # (code, count), sorted by code

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
            "codes": dict(self.codes),
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def count_codes(files: Iterable[FileReport]) -> Counter[str]:
    total: Counter[str] = Counter()
    for fr in files:
        total.update(fr.codes())
    return total


@dataclass(frozen=True, slots=True)
class Report:
    config: str | None  # the config when one served the whole run, else None
    files: tuple[FileReport, ...] = ()
    notes: tuple[str, ...] = field(default=())
    skipped: tuple[Skipped, ...] = ()

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def summary(self) -> Summary:
        valid = sum(1 for f in self.files if f.valid)
        return Summary(
            files=len(self.files),
            valid=valid,
            invalid=len(self.files) - valid,
            errors=sum(f.errors for f in self.files),
            warnings=sum(f.warnings for f in self.files),
            notes=self.notes,
            codes=tuple(sorted(count_codes(self.files).items())),
        )

    def counts_by_code(self) -> Counter[str]:
        return count_codes(self.files)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "config": self.config,
            "summary": self.summary.to_dict(),
            "files": [f.to_dict() for f in self.files],
            "skipped": [s.to_dict() for s in self.skipped],
        }
