"""``points`` by annotation type, and the working range.

The fast path judges a whole list of points with C-level builtins (``map``,
``zip``, ``min``/``max``): a file's hundreds of points cost a few calls, not a
Python loop each. Only when that says "something is wrong" does the slow path
walk point by point to say exactly what and where.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from gt_validator.problems import Problem
from gt_validator.rules.points import points_ok_any

# type -> (dimensions allowed, minimum count, exact count or None)
SHAPES: dict[str, tuple[tuple[int, ...], int, int | None]] = {
    "box": ((2,), 2, 2),
    "polygon": ((2,), 3, None),
    "poly_seg": ((2,), 3, None),
    "polyline": ((2,), 2, None),
    "keypoint": ((2, 3), 1, None),
    "cuboid": ((3,), 8, 8),
}
_NUMBER = frozenset({int, float})
_AXES = ("x", "y", "z")

Bounds = Sequence[tuple[float, float] | None]  # per axis, None: unbounded


def _fast_ok(points: list[object], dims: tuple[int, ...], bounds: Bounds) -> bool:
    """True when every point is well-formed and in range (then nothing to report)."""
    return points_ok_any([points], 0 if len(dims) == 2 else dims[0], tuple(bounds))


def check_points(kind: str, points: object, bounds: Bounds, base: str, out: list[Problem]) -> None:
    """Shape, count, order, number types and range of ``points`` for type ``kind``."""
    dims, least, exact = SHAPES[kind]
    if type(points) is not list:
        out.append(Problem("invalid_points", f"{kind} points must be a list of points", base))
        return
    count = len(points)
    if exact is not None and count != exact:
        out.append(
            Problem("invalid_points", f"{kind} needs exactly {exact} points, got {count}", base)
        )
    elif count < least:
        out.append(
            Problem("invalid_points", f"{kind} needs at least {least} points, got {count}", base)
        )
    if _fast_ok(points, dims, bounds):
        if kind == "box" and count == 2:
            _box_order(points, base, out)
        return
    _slow(kind, points, dims, bounds, base, out)
    if (
        kind == "box"
        and count == 2
        and all(type(p) is list and len(p) == 2 and all(_is_number(c) for c in p) for p in points)
    ):
        _box_order(points, base, out)


def _is_number(value: object) -> bool:
    return type(value) in _NUMBER and math.isfinite(value)  # type: ignore[arg-type]


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


def _slow(
    kind: str,
    points: list[object],
    dims: tuple[int, ...],
    bounds: Bounds,
    base: str,
    out: list[Problem],
) -> None:
    shape = " or ".join(
        "[" + ", ".join(_AXES[:d] if d < 3 or kind == "cuboid" else ("x", "y", "v")) + "]"
        for d in dims
    )
    for i, point in enumerate(points):
        where = f"{base}/{i}"
        if type(point) is not list or len(point) not in dims:
            out.append(Problem("invalid_points", f"{kind} point {i} must be {shape}", where))
            continue
        for j, coord in enumerate(point):
            if not _is_number(coord):
                out.append(
                    Problem(
                        "invalid_points",
                        f"coordinate {j} of point {i} must be a finite number, got {coord!r}",
                        f"{where}/{j}",
                    )
                )
                continue
            if kind == "keypoint" and j == 2:
                if coord not in (0, 1, 2) or type(coord) is not int:
                    out.append(
                        Problem(
                            "invalid_points",
                            f"keypoint visibility must be 0, 1 or 2, got {coord!r}",
                            f"{where}/{j}",
                        )
                    )
                continue
            limit = bounds[j] if j < len(bounds) else None
            if limit is not None and not (limit[0] <= coord <= limit[1]):
                out.append(
                    Problem(
                        "out_of_range",
                        f"{_AXES[j]} = {coord} of point {i} is outside the working range "
                        f"[{limit[0]:g}, {limit[1]:g}]",
                        f"{where}/{j}",
                    )
                )


def image_bounds(metadata: object) -> Bounds | None:
    """x in [0, width], y in [0, height], when the metadata gives both; else None."""
    if type(metadata) is not dict:
        return None
    width, height = metadata.get("width"), metadata.get("height")
    if type(width) in _NUMBER and type(height) in _NUMBER:
        return ((0.0, float(width)), (0.0, float(height)))  # type: ignore[arg-type]
    return None


def config_bounds(ranges: Mapping[str, tuple[float, float]] | None) -> Bounds:
    if not ranges:
        return ()
    return tuple(ranges.get(axis) for axis in _AXES)
