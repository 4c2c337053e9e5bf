"""The fast gate: is a parsed GT document certainly free of findings (where the file
lives aside)? One C call (``_speedups.gate``) per file answers "certainly clean" or
"maybe not"; it never makes a finding. On "maybe not" the detailed rules (the other
modules of ``rules/``) run and say what and where; they never call C, and the tests
hold the gate to them (it may never say clean where they find something).

Without the compiled extension, or with ``GT_VALIDATOR_NO_SPEEDUPS=1``, there is no
gate and every file takes the detailed rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from gt_validator.rules.context import RuleContext
from gt_validator.rules.fast.tables import build_table

__all__ = ["NO_SPEEDUPS_ENV", "Gate", "load_gate"]

NO_SPEEDUPS_ENV = "GT_VALIDATOR_NO_SPEEDUPS"
GateFunction = Callable[[object, tuple[Any, ...]], "int | None"]


def load_gate() -> GateFunction | None:
    """``_speedups.gate``, or None when not built or switched off by the environment."""
    if os.environ.get(NO_SPEEDUPS_ENV) == "1":
        return None
    try:
        from gt_validator._speedups import gate
    except ImportError:  # not built (no compiler, or the Lambda package)
        return None
    return gate  # type: ignore[no-any-return]


class Gate:
    """The C gate with one project's table."""

    __slots__ = ("_gate", "_table")

    def __init__(self, gate: GateFunction, table: tuple[Any, ...]) -> None:
        self._gate = gate
        self._table = table

    @classmethod
    def build(cls, ctx: RuleContext) -> Gate | None:
        gate = load_gate()
        return None if gate is None else cls(gate, build_table(ctx))

    def members(self, document: object) -> int | None:
        """Object members of ``document`` plus the ':' in its strings when it is
        certainly clean; None when the detailed rules must look."""
        return self._gate(document, self._table)
