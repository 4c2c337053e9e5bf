"""A rule's raw output: code, message, where. Severity and position come later."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None


class Capped(list[Problem]):
    """The rules' output for one file: keeps the first ``cap`` problems of each code
    in the order the rules report them (document order: annotations, points and
    members in turn) and counts every problem, kept or not. Memory stays bounded
    whatever the file holds; ``counts`` feeds the summary and ``omitted``."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap
        self.counts: dict[str, int] = {}

    def append(self, problem: Problem) -> None:
        n = self.counts.get(problem.code, 0) + 1
        self.counts[problem.code] = n
        if n <= self.cap:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> Capped:  # type: ignore[override, misc]
        self.extend(problems)
        return self


def past_cap(out: list[Problem], code: str) -> bool:
    """True, and the problem counted, when ``out`` keeps no more problems of ``code``:
    the caller then builds no message (a file may hold a million of one mistake)."""
    if type(out) is Capped:
        n = out.counts.get(code, 0)
        if n >= out.cap:
            out.counts[code] = n + 1
            return True
    return False
