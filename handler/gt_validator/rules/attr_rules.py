"""Attribute rules compiled for the fast path (``fast.py``): per class, the names,
the required ones, a C-speed predicate per attribute (for single annotations) and
the column descriptions ``columns.attributes_ok`` checks many annotations with."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gt_validator.config.model import AttributeSpec
from gt_validator.rules.columns import KIND_CODES, Column, attributes_ok

_NUMBER = frozenset({int, float})


def _predicate(spec: AttributeSpec) -> Callable[[Any], bool]:
    """A check of one attribute value; C methods where the type allows."""
    if spec.type == "select":
        return spec.values.__contains__
    if spec.type == "text":
        return str.__instancecheck__
    if spec.type == "boolean":
        return bool.__instancecheck__
    if spec.type == "multi_select":
        values = spec.values
        return lambda v: type(v) is list and set(v) <= values and len(set(v)) == len(v)
    lo = -math.inf if spec.min is None else spec.min
    hi = math.inf if spec.max is None else spec.max
    return lambda v: type(v) in _NUMBER and lo <= v <= hi and math.isfinite(v)


@dataclass(frozen=True, slots=True)
class AttrRules:
    names: frozenset[str]
    required: frozenset[str]
    checks: Mapping[str, Callable[[Any], bool]]
    colon_names: tuple[str, ...]  # attributes whose name or values may hold ':'
    columns: tuple[Column, ...]

    @classmethod
    def of(cls, specs: Mapping[str, AttributeSpec]) -> AttrRules:
        return cls(
            frozenset(specs),
            frozenset(n for n, s in specs.items() if s.required),
            {n: _predicate(s) for n, s in specs.items()},
            tuple(
                n
                for n, s in specs.items()
                if ":" in n or s.type == "text" or any(":" in v for v in s.values)
            ),
            tuple(
                (
                    n,
                    KIND_CODES[s.type],
                    s.values,
                    -math.inf if s.min is None else float(s.min),
                    math.inf if s.max is None else float(s.max),
                    s.required,
                    n.count(":"),
                )
                for n, s in specs.items()
            ),
        )

    def column_colons(self, group: list[dict[str, Any]]) -> int | None:
        """Check the attributes of many annotations of one class at once.
        Returns the colons seen in names and string values, or None when wrong."""
        return attributes_ok(group, self.names, self.columns)

    def colons(self, attrs: Mapping[str, object]) -> int:
        found = 0
        for name in self.colon_names:
            if name in attrs:
                value = attrs[name]
                found += name.count(":") + colons_in(value)
        return found


def colons_in(value: Any) -> int:
    if type(value) is str:
        return value.count(":")
    if type(value) is list:
        return sum(v.count(":") for v in value if type(v) is str)
    return 0


def attrs_ok(attrs: dict[str, object], rules: AttrRules) -> bool:
    keys = attrs.keys()
    if not (keys <= rules.names and rules.required <= keys):
        return False
    checks = rules.checks
    for name, value in attrs.items():  # noqa: SIM110  (a loop is faster than all(genexpr))
        if not checks[name](value):
            return False
    return True
