"""``points`` by annotation type, and the working range: the detailed rule, point by
point, in plain Python (the C gate in ``_speedups.c`` is never asked here: these
findings are the oracle the gate is tested against)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, cast

from gt_validator.gt_format import (
    AXES,
    IMAGE_SIZE,
    KEYPOINT_VISIBILITY,
    NUMBER_TYPES,
    SHAPES,
    Shape,
)
from gt_validator.problems import Problem, past_cap
from gt_validator.rules.names import quote

_NUMBER = frozenset(NUMBER_TYPES)
_VISIBILITY = frozenset(KEYPOINT_VISIBILITY)
Bounds = Sequence[tuple[float, float] | None]  # per axis, None: unbounded
Ranges = tuple[list[tuple[float, float] | None], tuple[float, ...]]  # prepare(bounds)


def check_points(kind: str, points: object, ranges: Ranges, base: str, out: list[Problem]) -> None:
    """Shape, count, order, number types and range of ``points`` for type ``kind``;
    ``ranges``: ``prepare(bounds)``, once per file."""
    shape = SHAPES[kind]
    if type(points) is not list:
        out.append(Problem("invalid_points", f"{kind} points must be a list of points", base))
        return
    count = len(points)
    least, exact = shape.least, shape.exact
    if exact is not None and count != exact:
        out.append(
            Problem("invalid_points", f"{kind} needs exactly {exact} points, got {count}", base)
        )
    elif count < least:
        out.append(
            Problem("invalid_points", f"{kind} needs at least {least} points, got {count}", base)
        )
    well_formed = _each_point(kind, shape, points, ranges, base, out)
    if shape.ordered and count == 2 and well_formed == 2:
        _box_order(points, base, out)


def _each_point(
    kind: str, shape: Shape, points: list[object], ranges: Ranges, base: str, out: list[Problem]
) -> int:
    """Findings of every point; returns how many points are lists of ``coords`` numbers.

    Most point lists are fine: a first pass with one test per point (unbounded axes
    compare with infinities) lets them through; ``_explain`` says what is wrong.
    Points are as a JSON parser returns them: lists, never tuples."""
    coords = shape.coords
    limits, (xlo, xhi, ylo, yhi, zlo, zhi) = ranges
    number, seen, rows, absent = _NUMBER, _VISIBILITY, cast(Any, points), cast(Any, (None, None))
    try:  # unpacking anything but a list of 2 (3) values raises, or yields non-numbers
        if coords == 2 and not shape.visibility:
            for x, y in rows:
                if not (
                    type(x) in number and type(y) in number and xlo <= x <= xhi and ylo <= y <= yhi
                ):
                    break
            else:
                return len(points)
        elif coords == 3 and not shape.visibility:
            for x, y, z in rows:
                if not (
                    type(x) in number
                    and type(y) in number
                    and type(z) in number
                    and xlo <= x <= xhi
                    and ylo <= y <= yhi
                    and zlo <= z <= zhi
                ):
                    break
            else:
                return len(points)
        elif coords == 2:  # [x, y] or [x, y, v]
            for point in rows:
                x, y, *v = point if type(point) is list else absent
                if not (
                    type(x) in number
                    and type(y) in number
                    and xlo <= x <= xhi
                    and ylo <= y <= yhi
                    and (not v or (len(v) == 1 and type(v[0]) is int and v[0] in seen))
                ):
                    break
            else:
                return sum(len(point) == coords for point in rows)
    except (TypeError, ValueError):
        pass
    return sum(_explain(kind, shape, i, point, limits, base, out) for i, point in enumerate(points))


def prepare(bounds: Bounds) -> Ranges:
    """Per axis the limit or None, and lo, hi of x, y, z with infinities for None."""
    limits = [bounds[j] if j < len(bounds) else None for j in range(len(AXES))]
    flat = tuple(v for b in limits for v in ((-math.inf, math.inf) if b is None else b))
    return limits, flat


def _explain(
    kind: str,
    shape: Shape,
    i: int,
    point: object,
    limits: list[tuple[float, float] | None],
    base: str,
    out: list[Problem],
) -> bool:
    """Every finding of one point; True when it is a list of ``coords`` numbers."""
    coords = shape.coords
    sizes = (coords, coords + 1) if shape.visibility else (coords,)
    if type(point) is not list or len(point) not in sizes:
        if not past_cap(out, "invalid_points"):
            out.append(
                Problem(
                    "invalid_points", f"{kind} point {i} must be {_shape(shape)}", f"{base}/{i}"
                )
            )
        return False
    fine = True
    for j, coord in enumerate(point):
        if type(coord) not in NUMBER_TYPES:
            fine = False
            if past_cap(out, "invalid_points"):
                continue
            out.append(
                Problem(
                    "invalid_points",
                    f"coordinate {j} of point {i} must be a finite number, got {quote(coord)}",
                    f"{base}/{i}/{j}",
                )
            )
        elif j == coords:  # the visibility after the coordinates
            if (type(coord) is not int or coord not in KEYPOINT_VISIBILITY) and not past_cap(
                out, "invalid_points"
            ):
                out.append(
                    Problem(
                        "invalid_points",
                        f"keypoint visibility must be {_either(KEYPOINT_VISIBILITY)}, "
                        f"got {quote(coord)}",
                        f"{base}/{i}/{j}",
                    )
                )
        else:
            limit = limits[j]
            if (
                limit is not None
                and not (limit[0] <= coord <= limit[1])
                and not past_cap(out, "out_of_range")
            ):
                out.append(
                    Problem(
                        "out_of_range",
                        f"{AXES[j]} = {coord} of point {i} is outside the working range "
                        f"[{limit[0]:g}, {limit[1]:g}]",
                        f"{base}/{i}/{j}",
                    )
                )
    return fine and len(point) == coords


def _shape(shape: Shape) -> str:
    axes = AXES[: shape.coords]
    plain = "[" + ", ".join(axes) + "]"
    return f"{plain} or [{', '.join(axes)}, v]" if shape.visibility else plain


def _either(values: Sequence[int]) -> str:
    return ", ".join(map(str, values[:-1])) + f" or {values[-1]}"


def _box_order(points: list[object], base: str, out: list[Problem]) -> None:
    checked: list[list[float]] = points  # type: ignore[assignment]  # shape checked by caller
    (x1, y1), (x2, y2) = checked
    if x1 > x2 or y1 > y2:
        out.append(
            Problem(
                "invalid_points",
                f"box points must be [[x1, y1], [x2, y2]] with x1 <= x2 and y1 <= y2, "
                f"got [[{x1}, {y1}], [{x2}, {y2}]]",
                base,
            )
        )


def image_bounds(metadata: object) -> Bounds | None:
    """x in [0, width], y in [0, height], when the metadata gives both; else None."""
    if type(metadata) is not dict:
        return None
    width, height = (metadata.get(key) for key in IMAGE_SIZE)
    if type(width) in NUMBER_TYPES and type(height) in NUMBER_TYPES:
        return ((0.0, float(width)), (0.0, float(height)))  # type: ignore[arg-type]
    return None


def config_bounds(ranges: Mapping[str, tuple[float, float]] | None) -> Bounds:
    if not ranges:
        return ()
    return tuple(ranges.get(axis) for axis in AXES)
