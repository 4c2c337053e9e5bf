"""A rule's raw output: code, message, where. Severity and position come later."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
