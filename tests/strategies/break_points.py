"""Mutations of ``points``: counts, order, shapes, number types, visibility and
the working range (with the exact edges as near misses)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from tests.strategies.mutations import Draft, Raw, annotation_index, deep, has_annotations, mutation

_EXACT = {"box": 2, "cuboid": 8}
_LEAST = {"polygon": 3, "poly_seg": 3, "polyline": 2, "keypoint": 1}


def _pick(draw: st.DrawFn, d: Draft, where: Any = bool) -> dict[str, Any]:
    return d.doc["annotations"][annotation_index(draw, d, where)]  # type: ignore[no-any-return]


@mutation("wrong number of points", has_annotations)
def _count(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _pick(draw, d)
    pts = ann["points"]
    if ann["type"] in _EXACT:
        ann["points"] = pts[:-1] if draw(st.booleans()) else [*pts, list(pts[0])]
    else:
        ann["points"] = pts[: _LEAST[ann["type"]] - 1]
    return {"invalid_points"}


def _unordered(ann: dict[str, Any]) -> bool:
    if ann["type"] != "box":
        return False
    (x1, y1), (x2, y2) = ann["points"]
    return bool(x1 < x2 or y1 < y2)


@mutation("box corners swapped", lambda c: any(_unordered(a) for a in c.doc["annotations"]))
def _swapped(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _pick(draw, d, _unordered)
    (x1, y1), (x2, y2) = ann["points"]
    ann["points"] = draw(
        st.sampled_from(
            [[[x2, y2], [x1, y1]]]
            + ([[[x2, y1], [x1, y2]]] if x1 < x2 else [])
            + ([[[x1, y2], [x2, y1]]] if y1 < y2 else [])
        )
    )
    return {"invalid_points"}


@mutation("coordinate not a finite number", has_annotations)
def _coordinate(draw: st.DrawFn, d: Draft) -> set[str]:
    pts = _pick(draw, d)["points"]
    point = draw(st.sampled_from(pts))
    j = draw(st.integers(0, len(point) - 1))
    point[j] = d.value(draw(st.sampled_from(["1", True, False, None, [1], {}, deep()])))
    return {"invalid_points"}


@mutation("point not a list", has_annotations)
def _point(draw: st.DrawFn, d: Draft) -> set[str]:
    pts = _pick(draw, d)["points"]
    pts[draw(st.integers(0, len(pts) - 1))] = d.value(
        draw(st.sampled_from([5, "1,2", {"x": 1, "y": 2}, None, deep(opener="{")]))
    )
    return {"invalid_points"}


@mutation("point of the wrong dimension", has_annotations)
def _dimension(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _pick(draw, d)
    point = draw(st.sampled_from(ann["points"]))
    if ann["type"] == "keypoint":
        point[:] = draw(st.sampled_from([[], point[:1], [*point[:2], 0, 0]]))
    elif ann["type"] == "cuboid":
        point[:] = draw(st.sampled_from([point[:2], [*point, 0], []]))
    else:
        point[:] = draw(st.sampled_from([point[:1], [*point, 0], []]))
    return {"invalid_points"}


def _keypoints(ann: dict[str, Any]) -> bool:
    return ann["type"] == "keypoint"


@mutation("keypoint visibility not 0, 1 or 2", lambda c: any(map(_keypoints, c.doc["annotations"])))
def _visibility(draw: st.DrawFn, d: Draft) -> set[str]:
    point = draw(st.sampled_from(_pick(draw, d, _keypoints)["points"]))
    point[2:] = [d.value(draw(st.sampled_from([3, -1, 1.0, 0.5, "1", True, 2**64])))]
    return {"invalid_points"}


def _axes(case: Any, ann: dict[str, Any]) -> list[int]:
    """The coordinate axes of ``ann`` (visibility aside)."""
    return list(range(3 if ann["type"] == "cuboid" else 2))


def _bounded(case: Any, bounded: bool = True) -> Any:
    bounds = case.bounds()

    def test(ann: dict[str, Any]) -> bool:
        return any((bounds[j] is not None) == bounded for j in _axes(case, ann))

    return test


def _target(draw: st.DrawFn, d: Draft, bounded: bool, high: bool) -> tuple[list[Any], int]:
    """A point and axis to move; for a box the corner that keeps x1 <= x2, y1 <= y2."""
    bounds = d.case.bounds()
    ann = _pick(draw, d, _bounded(d.case, bounded))
    axis = draw(
        st.sampled_from([j for j in _axes(d.case, ann) if (bounds[j] is not None) == bounded])
    )
    if ann["type"] == "box":
        return ann["points"][1 if high else 0], axis
    return draw(st.sampled_from(ann["points"])), axis


@mutation("coordinate out of range", lambda c: any(map(_bounded(c), c.doc["annotations"])))
def _out_of_range(draw: st.DrawFn, d: Draft) -> set[str]:
    high = draw(st.booleans())
    point, axis = _target(draw, d, True, high)
    low_edge, high_edge = d.case.bounds()[axis]  # type: ignore[misc]
    edge, sign = (high_edge, 1) if high else (low_edge, -1)
    value = draw(
        st.sampled_from(
            [
                math.nextafter(edge, sign * math.inf),
                edge + sign * 1,
                edge + sign * 0.5,
                sign * 1e300,
                Raw(("" if high else "-") + "1" + "0" * 30),
            ]
        )
    )
    if not isinstance(value, Raw):
        assume(value > high_edge or value < low_edge)
    point[axis] = d.value(value)
    return {"out_of_range"}


@mutation(
    "near miss: coordinate on the edge of the range",
    lambda c: any(map(_bounded(c), c.doc["annotations"])),
)
def _edge(draw: st.DrawFn, d: Draft) -> set[str]:
    high = draw(st.booleans())
    point, axis = _target(draw, d, True, high)
    if d.case.config["resource_type"] in ("image", "sequence_image") and axis < 2 and high:
        point[axis] = d.doc["metadata"]["width" if axis == 0 else "height"]  # as written
    else:
        point[axis] = d.case.bounds()[axis][1 if high else 0]  # type: ignore[index]
    return set()


@mutation(
    "near miss: huge coordinate on an unbounded axis",
    lambda c: any(map(_bounded(c, False), c.doc["annotations"])),
)
def _huge(draw: st.DrawFn, d: Draft) -> set[str]:
    high = draw(st.booleans())
    point, axis = _target(draw, d, False, high)
    sign = "" if high else "-"
    point[axis] = d.value(draw(st.sampled_from([Raw(sign + "1" + "0" * 30), Raw(sign + "1e308")])))
    return set()
