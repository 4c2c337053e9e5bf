"""A value nested 1,000 levels deep (legal JSON: the limit is 1,024) in each place
whose rule may quote or walk it, with the code that place must produce."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from tests.strategies.documents import Case
from tests.strategies.mutations import DEPTH, Draft, deep, has_annotations, image_like, mutation

Place = tuple[str, Callable[[Case], bool], Callable[[st.DrawFn, Draft, Any], None], str]


def _some_attribute(draw: st.DrawFn, d: Draft, value: Any) -> None:
    options: list[tuple[dict[str, Any], str]] = []
    for ann in d.doc["annotations"]:
        options += [
            (ann["attributes"], s["name"])
            for s in d.case.class_spec(ann["label"]).get("attributes", [])
        ]
    if d.case.classified:
        specs = d.case.config["classification"].get("attributes", [])
        options += [(d.doc["attributes"], s["name"]) for s in specs]
    attrs, name = draw(st.sampled_from(options))
    attrs[name] = value


def _has_attribute(case: Case) -> bool:
    classes = [case.class_spec(a["label"]) for a in case.doc["annotations"]]
    file_level = case.config.get("classification", {}) if case.classified else {}
    return any(c.get("attributes") for c in [*classes, file_level])


def _ann(draw: st.DrawFn, d: Draft) -> dict[str, Any]:
    return draw(st.sampled_from(d.doc["annotations"]))  # type: ignore[no-any-return]


def _coordinate(draw: st.DrawFn, d: Draft, value: Any) -> None:
    point = draw(st.sampled_from(_ann(draw, d)["points"]))
    point[draw(st.integers(0, len(point) - 1))] = value


def _point(draw: st.DrawFn, d: Draft, value: Any) -> None:
    pts = _ann(draw, d)["points"]
    pts[draw(st.integers(0, len(pts) - 1))] = value


def _annotation(draw: st.DrawFn, d: Draft, value: Any) -> None:
    d.doc["annotations"][draw(st.integers(0, len(d.doc["annotations"]) - 1))] = value


def _field(key: str) -> Callable[[st.DrawFn, Draft, Any], None]:
    def put(draw: st.DrawFn, d: Draft, value: Any) -> None:
        d.doc[key] = value

    return put


def _ann_field(key: str) -> Callable[[st.DrawFn, Draft, Any], None]:
    def put(draw: st.DrawFn, d: Draft, value: Any) -> None:
        _ann(draw, d)[key] = value

    return put


def _tag(draw: st.DrawFn, d: Draft, value: Any) -> None:
    d.doc.setdefault("tags", []).append(value)


def _worker(draw: st.DrawFn, d: Draft, value: Any) -> None:
    d.doc.setdefault("last_workers", {})["w"] = value


def _width(draw: st.DrawFn, d: Draft, value: Any) -> None:
    d.doc["metadata"]["width"] = value


def _always(case: Case) -> bool:
    return True


PLACES: list[Place] = [
    ("attribute value", _has_attribute, _some_attribute, "invalid_attribute_value"),
    ("coordinate", has_annotations, _coordinate, "invalid_points"),
    ("point", has_annotations, _point, "invalid_points"),
    ("annotation", has_annotations, _annotation, "invalid_type"),
    ("annotation label", has_annotations, _ann_field("label"), "invalid_type"),
    ("annotation id", has_annotations, _ann_field("id"), "invalid_type"),
    ("track_id", has_annotations, _ann_field("track_id"), "invalid_type"),
    ("unknown annotation field", has_annotations, _ann_field("extra"), "unknown_field"),
    ("filename", _always, _field("filename"), "invalid_type"),
    ("unknown field", _always, _field("extra"), "unknown_field"),
    ("tag", _always, _tag, "invalid_type"),
    ("last_workers value", _always, _worker, "invalid_type"),
    ("image width", image_like, _width, "invalid_metadata"),
    ("classification label", lambda c: c.classified, _field("label"), "invalid_type"),
]


@mutation("value nested 1,000 levels deep")
def _deep(draw: st.DrawFn, d: Draft) -> set[str]:
    place, _, put, code = draw(st.sampled_from([p for p in PLACES if p[1](d.case)]))
    # An object is the right type for an annotation: there only a list is a wrong type
    # (found by mutmut's profile: a deep object gave missing_field, as it should).
    opener = "[" if place == "annotation" else draw(st.sampled_from("[{"))
    put(draw, d, d.value(deep(DEPTH, opener)))
    return {code}


@mutation("nesting deeper than 1,024 levels")
def _too_deep(draw: st.DrawFn, d: Draft) -> set[str]:
    _, _, put, _ = draw(st.sampled_from([p for p in PLACES if p[1](d.case)]))
    put(draw, d, d.value(deep(1025, draw(st.sampled_from("[{")))))
    return {"invalid_json"}
