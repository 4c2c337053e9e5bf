"""No recursion on document data: a value nested 1,000 levels deep (legal JSON,
under the 1,024 limit) at every place a rule looks at or quotes gives a finding,
never a RecursionError or an internal_error."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gt_validator.config.load import load_config
from gt_validator.positions import locate
from gt_validator.rules.names import quote
from gt_validator.validator import Validator, build_validator
from tests.conftest import REPO

pytestmark = pytest.mark.unit

RULES = REPO / "tests" / "fixtures" / "rules"
VALIDATOR: Validator = build_validator(str(RULES / "gt-project.json"))
BASE: dict[str, Any] = json.loads((RULES / "out_of_range" / "pass.json").read_text())
DEPTH = 1000
DEEP = "\0deep"  # replaced in the text by the nested value
NESTINGS = {
    "list": "[" * DEPTH + "]" * DEPTH,
    "object": '{"a":' * DEPTH + "1" + "}" * DEPTH,
}


def _ann(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["annotations"][0]  # type: ignore[no-any-return]


# place -> (how to put DEEP there, the code expected)
PLACES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "root": (lambda d: d.update(root=DEEP), "invalid_type"),
    "metadata.height": (lambda d: d["metadata"].update(height=DEEP), "invalid_metadata"),
    "metadata (whole)": (lambda d: d.update(metadata=DEEP), "invalid_type"),
    "unknown top-level field": (lambda d: d.update(extra=DEEP), "unknown_field"),
    "classification label": (lambda d: d.update(label=DEEP), "invalid_type"),
    "classification attribute": (
        lambda d: d["attributes"].update(scene=DEEP),
        "invalid_attribute_value",
    ),
    "file-level attributes": (lambda d: d.update(attributes=DEEP), "invalid_type"),
    "filename": (lambda d: d.update(filename=DEEP), "invalid_type"),
    "parent_path": (lambda d: d.update(parent_path=DEEP), "invalid_type"),
    "tags item": (lambda d: d.update(tags=[DEEP]), "invalid_type"),
    "tags": (lambda d: d.update(tags=DEEP), "invalid_type"),
    "last_workers value": (lambda d: d.update(last_workers={"w": DEEP}), "invalid_type"),
    "annotation": (lambda d: d["annotations"].append(DEEP), "invalid_type"),
    "annotation id": (lambda d: _ann(d).update(id=DEEP), "invalid_type"),
    "annotation type": (lambda d: _ann(d).update(type=DEEP), "invalid_type"),
    "annotation label": (lambda d: _ann(d).update(label=DEEP), "invalid_type"),
    "annotation unknown field": (lambda d: _ann(d).update(extra=DEEP), "unknown_field"),
    "track_id": (lambda d: _ann(d).update(track_id=DEEP), "invalid_type"),
    "select attribute": (
        lambda d: _ann(d)["attributes"].update(weather=DEEP),
        "invalid_attribute_value",
    ),
    "multi_select attribute": (
        lambda d: _ann(d)["attributes"].update(color=DEEP),
        "invalid_attribute_value",
    ),
    "multi_select item": (
        lambda d: _ann(d)["attributes"].update(color=[DEEP]),
        "invalid_attribute_value",
    ),
    "text attribute": (
        lambda d: _ann(d)["attributes"].update(plate=DEEP),
        "invalid_attribute_value",
    ),
    "number attribute": (
        lambda d: _ann(d)["attributes"].update(passengers=DEEP),
        "invalid_attribute_value",
    ),
    "boolean attribute": (
        lambda d: _ann(d)["attributes"].update(parked=DEEP),
        "invalid_attribute_value",
    ),
    "unknown attribute": (lambda d: _ann(d)["attributes"].update(wheels=DEEP), "unknown_attribute"),
    "annotation attributes": (lambda d: _ann(d).update(attributes=DEEP), "invalid_type"),
    "points": (lambda d: _ann(d).update(points=DEEP), "invalid_points"),
    "point": (lambda d: _ann(d)["points"].__setitem__(0, DEEP), "invalid_points"),
    "coordinate": (lambda d: _ann(d)["points"][0].__setitem__(0, DEEP), "invalid_points"),
    "keypoint visibility": (
        lambda d: _ann(d).update(
            type="keypoint", label="pedestrian", attributes={}, points=[[1, 2, DEEP]]
        ),
        "invalid_points",
    ),
}

# A deep object where a list or scalar belongs is sometimes a different mistake.
OBJECT_CODES = {
    "root": "missing_field",
    "points": "invalid_type",
    "annotation": "missing_field",
    "annotation attributes": "unknown_attribute",
    "file-level attributes": "unknown_attribute",
    "metadata (whole)": "invalid_metadata",
}


def _text(doc: object, nesting: str) -> bytes:
    return json.dumps(doc).replace(json.dumps(DEEP), NESTINGS[nesting]).encode()


def _codes(validator: Validator, data: bytes) -> list[str]:
    report = validator.check_bytes(data, path="x.json", rel_path=None)
    return [f.code for f in report.findings]


@pytest.mark.parametrize("nesting", sorted(NESTINGS))
@pytest.mark.parametrize("place", sorted(PLACES))
def test_check_bytes__deep_value_gives_a_finding(place: str, nesting: str) -> None:
    put, code = PLACES[place]
    doc: object = copy.deepcopy(BASE)
    put(doc)  # type: ignore[arg-type]
    if place == "root":
        doc = DEEP
    code = OBJECT_CODES.get(place, code) if nesting == "object" else code
    codes = _codes(VALIDATOR, _text(doc, nesting))
    assert code in codes
    assert "internal_error" not in codes


@pytest.mark.parametrize("nesting", sorted(NESTINGS))
def test_check_bytes__deep_value_where_any_value_is_allowed_is_valid(nesting: str) -> None:
    # The near miss: metadata may hold other keys, of any value.
    doc = copy.deepcopy(BASE)
    doc["metadata"]["camera"] = DEEP
    assert _codes(VALIDATOR, _text(doc, nesting)) == []


def _config(tmp_path: Path, resource_type: str) -> Validator:
    path = tmp_path / "gt-project.json"
    path.write_text(json.dumps({"resource_type": resource_type, "task_types": ["cuboid"]}))
    return Validator(load_config(str(path)))


@pytest.mark.parametrize("nesting", sorted(NESTINGS))
@pytest.mark.parametrize(
    ("resource_type", "metadata"), [("video", {"fps": DEEP}), ("point_cloud", {"k": DEEP})]
)
def test_check_bytes__deep_metadata_of_other_resource_types(
    tmp_path: Path, nesting: str, resource_type: str, metadata: dict[str, Any]
) -> None:
    doc = {
        "annotations": [],
        "attributes": {},
        "filename": "a.bin",
        "parent_path": "/a",
        "metadata": metadata,
    }
    if resource_type == "point_cloud":
        doc["scene_id"] = "s"
    assert _codes(_config(tmp_path, resource_type), _text(doc, nesting)) == ["invalid_metadata"]


@pytest.mark.parametrize("nesting", sorted(NESTINGS))
def test_locate__deep_pointer_is_found(nesting: str) -> None:
    data = _text({"a": DEEP}, nesting)
    pointer = "/a" + ("/0" * (DEPTH - 1) if nesting == "list" else "/a" * (DEPTH - 1))
    assert locate(data, [pointer])[pointer] == (
        1,
        7 + (DEPTH - 1) * (1 if nesting == "list" else 5),
    )


def test_quote__deep_and_long_values_are_bounded() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    shown = quote(deep)
    assert shown.startswith("[[[[") and len(shown) <= 80
    assert len(quote(list(range(1_000_000)))) <= 80
    assert quote([1, "a", None, True, {"k": 2.5}]) == "[1, 'a', null, true, {'k': 2.5}]"
    assert quote("x\n") == "'x\\n'"
