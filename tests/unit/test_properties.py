"""Property tests: generated valid files have no findings; one mutation of a
valid file yields exactly the code that mutation breaks."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gt_validator.validator import Validator, build_validator
from tests.conftest import REPO

pytestmark = pytest.mark.unit

RULES_CONFIG = REPO / "tests" / "fixtures" / "rules" / "gt-project.json"
VALIDATOR: Validator = build_validator(str(RULES_CONFIG))
WIDTH, HEIGHT = 200, 100

xs = st.integers(0, WIDTH) | st.floats(0, WIDTH, allow_nan=False)
ys = st.integers(0, HEIGHT) | st.floats(0, HEIGHT, allow_nan=False)
point = st.tuples(xs, ys).map(list)


@st.composite
def annotation(draw: st.DrawFn, index: int) -> dict[str, Any]:
    label, kind = draw(
        st.sampled_from(
            [("car", "box"), ("car", "polygon"), ("pedestrian", "box"), ("pedestrian", "keypoint")]
        )
    )
    if kind == "box":
        (x1, x2), (y1, y2) = sorted(draw(st.tuples(xs, xs))), sorted(draw(st.tuples(ys, ys)))
        points: list[Any] = [[x1, y1], [x2, y2]]
    elif kind == "polygon":
        points = draw(st.lists(point, min_size=3, max_size=12))
    else:
        points = draw(
            st.lists(
                point | st.tuples(xs, ys, st.sampled_from([0, 1, 2])).map(list),
                min_size=1,
                max_size=5,
            )
        )
    attrs: dict[str, Any] = {}
    if label == "car":
        attrs["weather"] = draw(st.sampled_from(["sunny", "cloudy", "rainy"]))
        if draw(st.booleans()):
            attrs["color"] = draw(st.lists(st.sampled_from(["red", "blue"]), unique=True))
        if draw(st.booleans()):
            attrs["passengers"] = draw(st.integers(0, 9) | st.floats(0, 9))
        if draw(st.booleans()):
            attrs["plate"] = draw(st.text(max_size=8))
        if draw(st.booleans()):
            attrs["parked"] = draw(st.booleans())
    ann: dict[str, Any] = {
        "id": f"{index}-{uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))}",
        "type": kind,
        "label": label,
        "attributes": attrs,
        "points": points,
    }
    if draw(st.booleans()):
        ann["track_id"] = index if draw(st.booleans()) else f"t{index}"
    return ann


@st.composite
def document(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(0, 6))
    return {
        "annotations": [draw(annotation(i)) for i in range(count)],
        "attributes": {"scene": draw(st.sampled_from(["urban", "highway"]))},
        "label": draw(st.sampled_from(["day", "night"])),
        "file_id": "out_of_range-pass",
        "filename": "pass.jpg",
        "parent_path": "/out_of_range",
        "metadata": {"height": HEIGHT, "width": WIDTH},
        "tags": draw(st.lists(st.just("car"), max_size=2)),
    }


def codes(doc: dict[str, Any]) -> set[str]:
    data = json.dumps(doc, ensure_ascii=False).encode()
    report = VALIDATOR.check_bytes(data, path="x.json", rel_path="out_of_range/pass.json")
    return {f.code for f in report.findings}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_check_bytes__generated_valid_files_are_clean(doc: dict[str, Any]) -> None:
    assert codes(doc) == set()


def _first(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["annotations"][0]  # type: ignore[no-any-return]


MUTATIONS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "label upper-cased": (
        lambda d: _first(d).update(label=_first(d)["label"].upper()),
        "unknown_class",
    ),
    "unknown type": (lambda d: _first(d).update(type="cuboid"), "unknown_task_type"),
    "id without number": (
        lambda d: _first(d).update(id=_first(d)["id"].split("-", 1)[1]),
        "invalid_annotation_id",
    ),
    "id dropped": (lambda d: _first(d).pop("id"), "missing_field"),
    "field typo": (lambda d: _first(d).update(lable="x"), "unknown_field"),
    "points not a list": (lambda d: _first(d).update(points="[]"), "invalid_type"),
    "points too few": (lambda d: _first(d).update(points=[]), "invalid_points"),
    "last_workers value a number": (lambda d: d.update(last_workers={"1": 7}), "invalid_type"),
    "point off the image": (
        lambda d: _first(d)["points"][-1].__setitem__(0, WIDTH + 0.5),
        "out_of_range",
    ),
    "unknown attribute": (
        lambda d: _first(d)["attributes"].update(Weather="sunny"),
        "unknown_attribute",
    ),
    "annotation twice": (
        lambda d: d["annotations"].append(copy.deepcopy(_first(d))),
        "duplicate_annotation_id",
    ),
    "classification label": (lambda d: d.update(label="Night"), "unknown_class"),
    "unknown tag": (lambda d: d.update(tags=["bus"]), "unknown_tag"),
    "metadata width zero": (lambda d: d["metadata"].update(width=0), "invalid_metadata"),
}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(document().filter(lambda d: d["annotations"]), st.sampled_from(sorted(MUTATIONS)))
def test_check_bytes__one_mutation_one_code(doc: dict[str, Any], name: str) -> None:
    mutate, expected = MUTATIONS[name]
    if name == "annotation twice":
        _first(doc).pop("track_id", None)  # would add duplicate_track_id too
    if name == "metadata width zero":
        doc["annotations"] = []  # the points would be out of range as well
    mutate(doc)
    assert codes(doc) == {expected}


def _fast_and_detailed(doc: dict[str, Any]) -> tuple[bool, set[str]]:
    from gt_validator.rules.document import check_document
    from gt_validator.rules.fast import Gate

    ctx = VALIDATOR._ctx
    gate = Gate.build(ctx)
    if gate is None:
        pytest.skip("C accelerator not built: there is no gate")
    detailed = {p.code for p in check_document(doc, ctx, None)} - {
        "resource_not_found",
        "task_started",
        "id_mismatch",
    }
    return gate.members(doc) is not None, detailed


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(document(), st.sampled_from(sorted(MUTATIONS)), st.booleans())
def test_gate_members__agrees_with_the_detailed_rules(
    doc: dict[str, Any], name: str, mutate_it: bool
) -> None:
    if mutate_it and doc["annotations"]:
        MUTATIONS[name][0](doc)
    fast_clean, detailed = _fast_and_detailed(doc)
    assert fast_clean == (not detailed), detailed
