"""The records the core returns: findings, per-file reports, the run's report.

All frozen: adapters (CLI, Lambda, Action) read them, nobody mutates them.
"""

from __future__ import annotations

from collections import Counter
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
        # Unknown positions are absent, not null (SPEC section 3).
        if self.line is not None and self.column is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    findings: tuple[Finding, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    valid: int
    invalid: int
    errors: int
    warnings: int
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True, slots=True)
class Report:
    config: str
    files: tuple[FileReport, ...] = ()
    notes: tuple[str, ...] = field(default=())

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
        )

    def counts_by_code(self) -> Counter[str]:
        return Counter(f.code for fr in self.files for f in fr.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "config": self.config,
            "summary": self.summary.to_dict(),
            "files": [f.to_dict() for f in self.files],
        }
