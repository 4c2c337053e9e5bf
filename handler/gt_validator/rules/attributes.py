"""Attribute checks, shared by annotations (per class) and classification."""

from __future__ import annotations

import math
from collections.abc import Mapping

from gt_validator.config.model import AttributeSpec
from gt_validator.gt_format import NUMBER_TYPES, escape_token
from gt_validator.problems import Problem, past_cap
from gt_validator.rules.names import expected, quote, suggestion


def _value_problem(spec: AttributeSpec, value: object) -> str | None:
    """Why ``value`` is not allowed for ``spec``, or None when it is."""
    kind = spec.type
    if kind == "select":
        if type(value) is not str:
            return f"must be one of the listed strings, got {quote(value)}"
        if value not in spec.values:
            return (
                f"value {quote(value)} is not allowed{suggestion(value, spec.ordered_values)}"
                f"{expected(spec.ordered_values)}"
            )
        return None
    if kind == "multi_select":
        if type(value) is not list:
            return f"must be a list of listed strings, got {quote(value)}"
        for item in value:
            if type(item) is not str:
                return f"must hold only strings, got {quote(item)}"
            if item not in spec.values:
                return (
                    f"value {quote(item)} is not allowed{suggestion(item, spec.ordered_values)}"
                    f"{expected(spec.ordered_values)}"
                )
        if len(set(value)) != len(value):
            return "must not list a value twice"
        return None
    if kind == "text":
        return None if type(value) is str else f"must be a string, got {quote(value)}"
    if kind == "boolean":
        return None if type(value) is bool else f"must be true or false, got {quote(value)}"
    # number
    if type(value) not in NUMBER_TYPES or not math.isfinite(value):  # type: ignore[arg-type]
        return f"must be a finite number, got {quote(value)}"
    if spec.min is not None and value < spec.min:  # type: ignore[operator]
        return f"value {value} is below the minimum {spec.min:g}"
    if spec.max is not None and value > spec.max:  # type: ignore[operator]
        return f"value {value} is above the maximum {spec.max:g}"
    return None


def check_attributes(
    attrs: Mapping[str, object],
    specs: Mapping[str, AttributeSpec],
    required: frozenset[str],
    owner: str,
    base: str,
    out: list[Problem],
) -> None:
    """Names registered, values valid, required present. ``base`` is the pointer of ``attrs``."""
    if not (attrs.keys() <= specs.keys()):
        for name in attrs:
            if name not in specs and not past_cap(out, "unknown_attribute"):
                out.append(
                    Problem(
                        "unknown_attribute",
                        f"attribute {quote(name)} is not registered for {owner}"
                        f"{suggestion(name, specs)}{expected(specs)}",
                        f"{base}/{escape_token(name)}",
                    )
                )
    for name, value in attrs.items():
        spec = specs.get(name)
        if spec is not None:
            why = _value_problem(spec, value)
            if why is not None:
                out.append(
                    Problem(
                        "invalid_attribute_value",
                        f"attribute {quote(name)} of {owner} ({spec.type}): {why}",
                        f"{base}/{escape_token(name)}",
                    )
                )
    if not (required <= attrs.keys()):
        for name in specs:
            if name in required and name not in attrs:
                out.append(
                    Problem(
                        "missing_attribute",
                        f"required attribute {quote(name)} of {owner} is missing",
                        f"{base}/{escape_token(name)}",
                    )
                )
