"""Mutations of annotations, attributes (of a class or of the classification) and
points: wrong types, bad ids, repeats, unregistered names, look-alikes, geometry."""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from tests.strategies.mutations import (
    ANNOTATION_FIELDS,
    SHAPES,
    Draft,
    Raw,
    annotation_index,
    deep,
    has_annotations,
    mutation,
    points,
    unregistered,
    wrong_type,
)

_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "type": (str,),
    "label": (str,),
    "attributes": (dict,),
    "points": (list,),
    "track_id": (str, int),
}
_ALL_SHAPES = tuple(SHAPES)


def _ann(draw: st.DrawFn, d: Draft, where: Any = bool) -> dict[str, Any]:
    return d.doc["annotations"][annotation_index(draw, d, where)]  # type: ignore[no-any-return]


@mutation("annotation not an object", has_annotations)
def _not_object(draw: st.DrawFn, d: Draft) -> set[str]:
    i = annotation_index(draw, d)
    d.doc["annotations"][i] = d.value(draw(st.sampled_from(["x", 5, None, [], deep()])))
    return {"invalid_type"}


@mutation("annotation field missing", has_annotations)
def _missing(draw: st.DrawFn, d: Draft) -> set[str]:
    del _ann(draw, d)[draw(st.sampled_from(("id", "type", "label", "attributes", "points")))]
    return {"missing_field"}


@mutation("annotation field of the wrong type", has_annotations)
def _wrong_type(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    key = draw(st.sampled_from(sorted(_TYPES)))
    ann[key] = d.value(draw(wrong_type(_TYPES[key])))
    return {"invalid_type"}


@mutation("track_id true (a boolean, not an integer)", has_annotations)
def _track_bool(draw: st.DrawFn, d: Draft) -> set[str]:
    _ann(draw, d)["track_id"] = True
    return {"invalid_type"}


@mutation("annotation id not number-dash-UUID", has_annotations)
def _bad_id(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    number, _, uuid = ann["id"].partition("-")
    ann["id"] = draw(
        st.sampled_from(
            [
                uuid,
                f"-{uuid}",
                f"x-{uuid}",
                f"{number}-{uuid[:-1]}",
                f"{number}-{uuid}0",
                f"{number}-{uuid}\n",
                f" {number}-{uuid}",
                f"{number}_{uuid}",
                f"{number}-{{{uuid}}}",
                f"{number}-{uuid.replace('-', '')}",
                f"\uff11-{uuid}",  # a full-width digit one
                f"{number}-{uuid[:-1]}g",
                "",
            ]
        )
    )
    return {"invalid_annotation_id"}


@mutation("near miss: annotation id with a long number and upper-case hex", has_annotations)
def _long_id(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    number, _, uuid = ann["id"].partition("-")
    ann["id"] = f"000{number}{'9' * 30}-{uuid.upper()}"
    return set()


@mutation("annotation id used twice", lambda c: has_annotations(c, 2))
def _dup_id(draw: st.DrawFn, d: Draft) -> set[str]:
    first, second = draw(st.permutations(d.doc["annotations"]))[:2]
    second["id"] = first["id"]
    return {"duplicate_annotation_id"}


@mutation("track_id used twice", lambda c: has_annotations(c, 2))
def _dup_track(draw: st.DrawFn, d: Draft) -> set[str]:
    first, second = draw(st.permutations(d.doc["annotations"]))[:2]
    used = {(type(a.get("track_id")), a.get("track_id")) for a in d.doc["annotations"]}
    value = draw(st.sampled_from([-7, "t-7", "", 2**53 + 1]))
    assume((type(value), value) not in used)
    first["track_id"] = second["track_id"] = value
    return {"duplicate_track_id"}


@mutation("near miss: track_ids 1 and '1'", lambda c: has_annotations(c, 2))
def _track_types(draw: st.DrawFn, d: Draft) -> set[str]:
    first, second = draw(st.permutations(d.doc["annotations"]))[:2]
    used = {(type(a.get("track_id")), a.get("track_id")) for a in d.doc["annotations"]}
    assume((int, 99991) not in used and (str, "99991") not in used)
    first["track_id"], second["track_id"] = 99991, "99991"
    return set()


@mutation("annotation type not a task type", has_annotations)
def _task_type(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    others = [t for t in _ALL_SHAPES if t not in d.case.shapes]
    ann["type"] = draw(
        st.sampled_from([*others, "classification", "bbox", "Box", "box ", "polygоn"])  # noqa: RUF001
    )
    return {"unknown_task_type"}


def _narrow_class(case: Any) -> bool:
    return any(
        set(case.shapes) - set(case.class_types(a["label"])) for a in case.doc["annotations"]
    )


@mutation("class not registered for the type", _narrow_class)
def _class_type(draw: st.DrawFn, d: Draft) -> set[str]:
    case = d.case
    ann = _ann(draw, d, lambda a: set(case.shapes) - set(case.class_types(a["label"])))
    kind = draw(st.sampled_from(sorted(set(case.shapes) - set(case.class_types(ann["label"])))))
    ann["type"], ann["points"] = kind, draw(points(kind, case.bounds()))
    return {"class_type_mismatch"}


@mutation("class not registered", has_annotations)
def _class(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    taken = {c["name"] for c in d.case.config["classes"]}
    ann["label"] = unregistered(draw, taken, like=ann["label"])
    return {"unknown_class"}


@mutation("unknown annotation field", has_annotations)
def _unknown_field(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    key = unregistered(draw, ANNOTATION_FIELDS, like=draw(st.sampled_from(ANNOTATION_FIELDS)))
    ann[key] = d.value(draw(st.sampled_from([1, "x", deep()])))
    return {"unknown_field"}


# -- attributes ------------------------------------------------------------------


def _holders(case: Any) -> list[tuple[str, int | None, list[dict[str, Any]]]]:
    """(where, annotation index, attribute specs) for every attributes object."""
    out: list[tuple[str, int | None, list[dict[str, Any]]]] = []
    if case.classified:
        out.append(("file", None, case.config["classification"].get("attributes", [])))
    for i, ann in enumerate(case.doc["annotations"]):
        out.append(("annotation", i, case.class_spec(ann["label"]).get("attributes", [])))
    return out


def _attrs(draw: st.DrawFn, d: Draft, need: Any = lambda specs: True) -> Any:
    usable = [h for h in _holders(d.case) if need(h[2])]
    assume(usable)
    _, index, specs = draw(st.sampled_from(usable))
    attrs = d.doc["attributes"] if index is None else d.doc["annotations"][index]["attributes"]
    return attrs, specs


@mutation("attribute not registered", lambda c: bool(_holders(c)))
def _unknown_attribute(draw: st.DrawFn, d: Draft) -> set[str]:
    attrs, specs = _attrs(draw, d)
    taken = {s["name"] for s in specs}
    like = draw(st.sampled_from(sorted(taken))) if taken else None
    attrs[unregistered(draw, taken, like=like)] = "x"
    return {"unknown_attribute"}


@mutation("required attribute missing", lambda c: bool(_holders(c)))
def _missing_attribute(draw: st.DrawFn, d: Draft) -> set[str]:
    attrs, specs = _attrs(draw, d, lambda specs: any(s.get("required") for s in specs))
    del attrs[draw(st.sampled_from([s["name"] for s in specs if s.get("required")]))]
    return {"missing_attribute"}


def _bad_values(spec: dict[str, Any]) -> list[Any]:
    kind = spec["type"]
    if kind == "select":
        return [5, None, [spec["values"][0]], True, deep(), _outside(spec["values"])]
    if kind == "multi_select":
        first = spec["values"][0]
        return [first, [5], [first, first], [_outside(spec["values"])], {}, deep()]
    if kind == "text":
        return [5, None, ["t"], False, deep(opener="{")]
    if kind == "boolean":
        return [1, 0, "true", None, [True]]
    bad: list[Any] = ["1", True, None, [1], deep()]
    if "min" in spec:
        bad += [spec["min"] - 1, spec["min"] - 1e-9 * max(1, abs(spec["min"])), -(10**30)]
    if "max" in spec:
        bad += [spec["max"] + 0.5, Raw("1" + "0" * 30), 1e308]
    return bad


def _outside(values: list[str]) -> str:
    from tests.strategies.mutations import look_alike

    return look_alike(values[0], values)


@mutation("attribute value not allowed", lambda c: bool(_holders(c)))
def _bad_value(draw: st.DrawFn, d: Draft) -> set[str]:
    attrs, specs = _attrs(draw, d, bool)
    spec = draw(st.sampled_from(specs))
    bad = draw(st.sampled_from(_bad_values(spec)))
    if isinstance(bad, float) and "min" in spec and bad == spec["min"]:
        assume(False)  # min - 1e-9 rounded back to min: not a break
    attrs[spec["name"]] = d.value(bad)
    return {"invalid_attribute_value"}


@mutation("near miss: number attribute at its bounds", lambda c: bool(_holders(c)))
def _bound_value(draw: st.DrawFn, d: Draft) -> set[str]:
    def bounded(specs: list[dict[str, Any]]) -> bool:
        return any(s["type"] == "number" and ("min" in s or "max" in s) for s in specs)

    attrs, specs = _attrs(draw, d, bounded)
    spec = draw(
        st.sampled_from([s for s in specs if s["type"] == "number" and ("min" in s or "max" in s)])
    )
    attrs[spec["name"]] = spec[draw(st.sampled_from([k for k in ("min", "max") if k in spec]))]
    return set()


@mutation("near miss: track_id an integer beyond 64 bits", has_annotations)
def _big_track(draw: st.DrawFn, d: Draft) -> set[str]:
    ann = _ann(draw, d)
    used = {a.get("track_id") for a in d.doc["annotations"]}
    value = draw(st.sampled_from([2**64, -(2**63) - 1, 10**30]))
    assume(value not in used)
    ann["track_id"] = value
    return set()
