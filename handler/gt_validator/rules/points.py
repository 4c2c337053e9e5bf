"""Is every point of many point lists well-formed and inside the working range?

One question asked of whole files by the fast path (``fast.py``) and of single
annotations by the detailed rules (``geometry.py``). The answer comes from the
optional C accelerator (``_speedups.c``, built by setup.py) or, where it is not
built (e.g. the Lambda package), from the pure-Python twin below, which gives
the same answers (tests/unit/test_speedups.py) about 20x slower.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

try:  # the optional C accelerator (setup.py); absent in the Lambda package
    from gt_validator._speedups import points_ok as _c_points_ok
except ImportError:  # pragma: no cover - depends on the build
    _c_points_ok = None

_NUMBER = frozenset({int, float})
_FAILED = (TypeError, KeyError, ValueError, AttributeError, IndexError)


def points_ok_any(lists: list[list[Any]], dims: int, bounds: tuple[Any, ...]) -> bool:
    """``_speedups.points_ok`` when built, else its pure-Python twin."""
    if _c_points_ok is not None:
        return bool(_c_points_ok(lists, dims, bounds))
    try:
        return points_ok_python(lists, dims, bounds)
    except _FAILED:
        return False


def _keypoints(lists: list[list[Any]], plain: list[list[Any]]) -> bool:
    """Keypoints of [x, y] join the 2-D points; [x, y, v] need v in 0, 1, 2."""
    flat = list(chain.from_iterable(lists))
    sizes = set(map(len, flat))
    if sizes <= {2}:
        plain.append(flat)
        return True
    if not sizes <= {2, 3}:
        return False
    three = [p for p in flat if len(p) == 3]
    visibility = [p[2] for p in three]
    if set(map(type, visibility)) != {int} or not set(visibility) <= {0, 1, 2}:
        return False
    plain.append([p for p in flat if len(p) == 2] + [p[:2] for p in three])
    return True


def points_ok_python(lists: list[list[Any]], dims: int, bounds: tuple[Any, ...]) -> bool:
    """The pure-Python twin of ``_speedups.points_ok`` (same answers, ~20x slower)."""
    if dims == 0:
        plain: list[list[Any]] = []
        return _keypoints(lists, plain) and points_ok_python(plain, 2, bounds)
    flat = list(chain.from_iterable(lists))
    if not flat:
        return True
    if set(map(len, flat)) != {dims}:
        return False
    coords = list(chain.from_iterable(flat))
    if not set(map(type, coords)) <= _NUMBER:
        return False
    for axis in range(dims):
        limit = bounds[axis] if axis < len(bounds) else None
        if limit is not None:
            lo, hi = limit
            column = coords[axis::dims]
            if min(column) < lo or max(column) > hi:
                return False
    return True
