"""The two implementations of every rule agree: the C gate (``rules/fast/``, which
calls ``_speedups.gate``) never says "certainly clean" where the detailed rules find
something, says clean wherever they find nothing on ordinary files, and whole reports
are the same with and without it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gt_validator import gt_format
from gt_validator.config.load import load_config
from gt_validator.config.model import ProjectConfig
from gt_validator.parse import parse
from gt_validator.rules.context import RuleContext
from gt_validator.rules.document import check_document
from gt_validator.rules.fast import NO_SPEEDUPS_ENV, Gate
from gt_validator.rules.fast.tables import at_least, at_most
from gt_validator.sources.local import collect
from gt_validator.validator import Validator, build_validator
from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.unit

if os.environ.get("CI") == "true":  # CI has a compiler: a build that failed must show
    import gt_validator._speedups as speedups
else:
    speedups = pytest.importorskip("gt_validator._speedups", reason="C accelerator not built")

RULES = REPO / "tests" / "fixtures" / "rules"
PROJECTS = [(EXAMPLES / "gt-project.json", EXAMPLES / "gt"), (RULES / "gt-project.json", RULES)]
# Found only with the resource index or the file's location, which the gate leaves out.
LOCATION = {"resource_not_found", "task_started", "id_mismatch", "path_mismatch"}


def _gate(config: ProjectConfig) -> tuple[Gate, RuleContext]:
    ctx = RuleContext.from_config(config)
    gate = Gate.build(ctx)
    assert gate is not None
    return gate, ctx


def _detailed(doc: object, ctx: RuleContext) -> set[str]:
    return {p.code for p in check_document(doc, ctx, None)} - LOCATION


def _depth(doc: object) -> int:
    """How deep containers nest in ``doc`` (with a stack: it may be 1,000 deep)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items)
    return deepest


def _files() -> list[tuple[Path, Path]]:
    out = []
    for config, folder in PROJECTS:
        out += [
            (config, p)
            for p in sorted(folder.rglob("*.json"))
            if p.name != "gt-project.json" and p.exists()  # not a dangling link
        ]
    return out


# -- every example and rule fixture --------------------------------------------------


@pytest.mark.parametrize("config, path", _files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_gate_members__agrees_with_detailed_rules_on_examples(config: Path, path: Path) -> None:
    """Clean exactly where the detailed rules find nothing; the count is exact then."""
    parsed = parse(path.read_bytes())
    if not parsed.ok:
        pytest.skip("not JSON: the rules do not run")
    gate, ctx = _gate(load_config(str(config)))
    counted = gate.members(parsed.document)
    detailed = _detailed(parsed.document, ctx)
    if counted is None and not detailed and _depth(parsed.document) > 32:
        return  # "maybe not" by design: the gate does not follow values that deep
    assert (counted is not None) == (not detailed), detailed
    repeated = any(p.code == "duplicate_key" for p in parsed.problems)
    if counted is not None and not repeated and b"\\u003" not in parsed.data:
        assert counted == parsed.data.count(b":")  # every member and ':' seen


def _reports(gate: bool) -> list[object]:
    out: list[object] = []
    for config, folder in PROJECTS:
        validator = Validator(load_config(str(config)), gate=gate)
        out += [validator.check(f) for f in collect([str(folder)], validator.config)]
    return out


def test_validator__same_reports_with_and_without_the_gate() -> None:
    with_gate = _reports(True)
    assert any(r.findings for r in with_gate) and any(not r.findings for r in with_gate)
    assert _reports(False) == with_gate


def test_gate_build__none_when_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = RuleContext.from_config(load_config(str(RULES / "gt-project.json")))
    monkeypatch.setenv(NO_SPEEDUPS_ENV, "0")
    assert Gate.build(ctx) is not None
    monkeypatch.setenv(NO_SPEEDUPS_ENV, "1")
    assert Gate.build(ctx) is None
    validator = build_validator(str(RULES / "gt-project.json"))
    assert validator._gate is None


def test_validator__gate_false_never_asks_the_gate() -> None:
    config = load_config(str(RULES / "gt-project.json"))
    assert Validator(config, gate=False)._gate is None
    assert Validator(config)._gate is not None


# -- generated projects and documents -----------------------------------------------

ANNOTATION_TYPES = sorted(gt_format.SHAPES)
ATTRIBUTES: list[dict[str, Any]] = [
    {"name": "w", "type": "select", "values": ["sunny", "a:b"], "required": True},
    {"name": "c", "type": "multi_select", "values": ["red", "blue"]},
    {"name": "t:x", "type": "text"},
    {"name": "n", "type": "number", "min": 0, "max": 9.5},
    {"name": "b", "type": "boolean"},
]


def _project(tmp: Path, resource_type: str) -> ProjectConfig:
    config: dict[str, Any] = {
        "project": f"gate-{resource_type}",
        "resource_type": resource_type,
        "task_types": [*ANNOTATION_TYPES, "classification"],
        "classes": [
            {
                "name": "car",
                "types": ["box", "polygon", "cuboid", "polyline"],
                "attributes": ATTRIBUTES,
            },
            {"name": "p:q", "types": ["keypoint", "poly_seg", "box"], "attributes": []},
        ],
        "classification": {"labels": ["day", "night"], "attributes": ATTRIBUTES[:2]},
        "tags": ["car", "x:y"],
    }
    if resource_type not in gt_format.IMAGE_RESOURCES:
        config["range"] = {"x": [-10, 100], "y": [0, 50.5], "z": [-5, 5]}
    path = tmp / f"{resource_type}.json"
    path.write_text(json.dumps(config))
    return load_config(str(path))


RESOURCE_TYPES = ["image", "sequence_image", "video", "point_cloud", "text"]


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Gate, RuleContext]]:
    tmp = tmp_path_factory.mktemp("projects")
    return {kind: _gate(_project(tmp, kind)) for kind in RESOURCE_TYPES}


ID = "12-abd21cb9-cb89-4cf4-8de6-b0a6421024b3"
NEAR_IDS = [
    "3-ABD21CB9-CB89-4CF4-8DE6-B0A6421024B3",
    "12-abd21cb9-cb89-4cf4-8de6-b0a6421024b",
    "-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
    "12-abd21cb9-cb89-4cf4-8de6-b0a6421024bz",
    "1-abd21cb9_cb89-4cf4-8de6-b0a6421024b3",
    "1-abd21cb9-cb89-4cf4-8de6-b0a6421024b3\n",
    "\u0661-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
    "",
    7,
]
near_ids = st.sampled_from([ID, *NEAR_IDS])


def pick(draw: st.DrawFn, good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> Any:
    """Mostly a valid value, now and then a near miss: about a third of the documents
    come out clean, so both answers of the gate are exercised."""
    return draw(bad) if draw(st.integers(0, 39)) == 0 else draw(good)


def one(*values: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


inside = st.integers(0, 50) | st.floats(0, 50) | one(0, 50.5, 50, -0.0)
outside = one(-0.5, 100.5, 2**53 + 1, -(2**60), True, None, "1", 1e300)
VALID_ATTRIBUTES = {
    "w": one("sunny", "a:b"),
    "c": one(["red"], ["red", "blue"], []),
    "t:x": one("free:text", "", "é"),
    "n": st.integers(0, 9) | st.floats(0, 9.5) | one(9.5),
    "b": st.booleans(),
}
NEAR_ATTRIBUTES = {
    "w": one("Sunny", 1, None),
    "c": one(["red", "red"], "red", [1], ["green"]),
    "t:x": one(3, ["a"]),
    "n": one(-1, 9.500000000000002, True, "1", 10),
    "b": one(0, "true"),
}


@st.composite
def attribute_dict(draw: st.DrawFn, names: list[str]) -> Any:
    attrs: dict[str, Any] = {}
    for name in names:
        if name == "w" or draw(st.booleans()):
            attrs[name] = pick(draw, VALID_ATTRIBUTES[name], NEAR_ATTRIBUTES[name])
    if draw(st.integers(0, 39)) == 0:
        attrs["zz"] = 1
    if draw(st.integers(0, 39)) == 0:
        attrs.pop("w", None)
    return attrs


@st.composite
def points_for(draw: st.DrawFn, kind: str) -> Any:
    shape = gt_format.SHAPES[kind]
    count = draw(st.integers(shape.least, shape.exact or shape.least + 3))
    points = []
    for _ in range(count):
        point = [pick(draw, inside, outside) for _ in range(shape.coords)]
        if shape.visibility and draw(st.booleans()):
            point.append(pick(draw, one(*gt_format.KEYPOINT_VISIBILITY), one(3, -1, 1.0, True)))
        points.append(point)
    if shape.ordered and all(map(gt_format.is_number, points[0] + points[1])):
        axes = list(zip(*points, strict=True))  # [(x1, x2), (y1, y2)]
        points = [[min(a) for a in axes], [max(a) for a in axes]]
        if draw(st.integers(0, 39)) == 0:
            points.reverse()
    shaped = pick(draw, st.just(points), one([], [[1, 2]], [[1]], [1, 2], "[]", None))
    if draw(st.integers(0, 39)) == 0 and points:
        shaped = [*points, points[0] + [1, 1]]
    return shaped


@st.composite
def annotation(draw: st.DrawFn, index: int) -> dict[str, Any]:
    label, kind = draw(
        one(
            *[("car", t) for t in ("box", "polygon", "cuboid", "polyline")],
            *[("p:q", t) for t in ("keypoint", "poly_seg", "box")],
        )
    )
    kind = pick(draw, st.just(kind), one("classification", 3, "Box", "box", "cuboid"))
    label = pick(draw, st.just(label), one("Car", 1, "p:q", "car"))
    ann: dict[str, Any] = {
        "id": pick(draw, st.just(f"{index}-abd21cb9-cb89-4cf4-8de6-b0a6421024b3"), near_ids),
        "type": kind,
        "label": label,
        "attributes": pick(
            draw,
            attribute_dict([n["name"] for n in ATTRIBUTES] if label == "car" else []),
            one(None, []),
        ),
        "points": draw(points_for(kind if kind in gt_format.SHAPES else "box")),
    }
    if draw(st.booleans()):
        ann["track_id"] = pick(draw, one(index, f"t:{index}"), one(1, "1", True, 1.0, None))
    if draw(st.integers(0, 39)) == 0:
        del ann[draw(one(*sorted(ann)))]
    if draw(st.integers(0, 39)) == 0:
        ann["lable"] = "x"
    return ann


@st.composite
def document(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    resource_type = draw(one(*RESOURCE_TYPES))
    if resource_type in gt_format.IMAGE_RESOURCES:
        meta = {
            "width": pick(draw, one(100, 100.0), one(0, 99.5, "100", True)),
            "height": pick(draw, one(50, 60.0), one(-1, None)),
            "camera": draw(one("a:b", {"k:": [1, {"x": None}]})),
        }
    elif resource_type == "video":
        meta = {"fps": pick(draw, one(30, 29.97), one(0, "30", False)), "more": {"k:": [1]}}
    else:
        meta = pick(draw, st.just({}), st.just({"x": 1}))
    doc: dict[str, Any] = {
        "annotations": [draw(annotation(i)) for i in range(draw(st.integers(0, 4)))],
        "attributes": pick(
            draw, attribute_dict([a["name"] for a in ATTRIBUTES[:2]]), one([], None)
        ),
        "label": pick(draw, one("day", "night"), one("Day", 5)),
        "filename": pick(draw, one("x.jpg", "a:b.jpg"), one("", None)),
        "parent_path": pick(draw, one("/a", "/"), one("a", "", 1)),
        "metadata": meta,
    }
    if resource_type in gt_format.SCENE_RESOURCES or draw(st.integers(0, 39)) == 0:
        doc["scene_id"] = "s:1"
    optional = {
        "file_id": pick(draw, one("f"), one(1)),
        "last_modifier_id": pick(draw, one("m", None), one(2)),
        "last_workers": pick(draw, one({"a:b": "c:d", "r": None}), one({"a": 1}, [])),
        "tags": pick(draw, one(["car"], ["x:y", "car"], []), one(["bus"], [1], "car")),
        "parent_tags": pick(draw, one(["anything"]), one([None])),
    }
    for key in draw(st.lists(one(*sorted(optional)), max_size=3, unique=True)):
        doc[key] = optional[key]
    if draw(st.integers(0, 39)) == 0:
        doc["extra"] = 1
    if draw(st.integers(0, 39)) == 0:
        del doc[draw(one(*sorted(doc)))]
    return resource_type, doc


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_gate_members__agrees_with_detailed_rules_on_generated_documents(
    projects: dict[str, tuple[Gate, RuleContext]], case: tuple[str, dict[str, Any]]
) -> None:
    """Every resource type, annotation type, attribute type; near misses everywhere."""
    resource_type, doc = case
    gate, ctx = projects[resource_type]
    # What orjson would hand over: the document as it reads back.
    doc = json.loads(json.dumps(doc))
    counted = gate.members(doc)
    detailed = _detailed(doc, ctx)
    assert (counted is not None) == (not detailed), detailed
    if counted is not None:
        assert counted == json.dumps(doc, ensure_ascii=False).count(":")


# -- what C holds by itself, tied to gt_format ---------------------------------------


@pytest.fixture(scope="module")
def image(projects: dict[str, tuple[Gate, RuleContext]]) -> tuple[Gate, RuleContext]:
    return projects["image"]


def _doc(**annotation: Any) -> dict[str, Any]:
    ann = {"id": ID, "type": "polygon", "label": "car", "attributes": {"w": "sunny"}}
    ann["points"] = [[1, 2], [3, 4], [5, 6]]
    ann.update(annotation)
    return {
        "annotations": [ann],
        "attributes": {"w": "sunny"},
        "label": "day",
        "filename": "x.jpg",
        "parent_path": "/a",
        "metadata": {"width": 100, "height": 50},
    }


@pytest.mark.parametrize(
    "value", [1, -3, 2.5, 0, 0.0, True, False, None, "1", [1], 2**53, 2**53 + 1, 2**70, 1e300]
)
def test_gate_members__a_number_is_what_number_types_say(
    projects: dict[str, tuple[Gate, RuleContext]], value: object
) -> None:
    """C knows numbers as exact ints and floats: the same as gt_format.NUMBER_TYPES
    (ints beyond 2**53 are left to the detailed rules, which judge them exactly)."""
    gate, ctx = projects["video"]
    doc = _doc(type="cuboid", points=[[1, 2, 3]] * 8)
    doc["metadata"] = {"fps": value}
    positive = gt_format.is_number(value) and value > 0  # type: ignore[operator]
    assert (not _detailed(doc, ctx)) == positive
    big = type(value) is int and abs(value) > 2**53
    assert (gate.members(doc) is not None) == (positive and not big)


def test_gate_members__a_huge_int_on_an_unbounded_axis_is_clean(
    image: tuple[Gate, RuleContext],
) -> None:
    """Found by the generated documents: z of a cuboid in an image project has no
    range, so 2**53 + 1 is as good a number as 1 (the gate once said "maybe not")."""
    gate, ctx = image
    doc = _doc(type="cuboid", points=[[0, 0, 2**53 + 1]] * 8)
    assert not _detailed(doc, ctx)
    assert gate.members(doc) is not None
    doc["annotations"][0]["points"][0][1] = 2**53 + 1  # y is bounded by the height
    assert _detailed(doc, ctx) == {"out_of_range"}
    assert gate.members(doc) is None


@given(st.from_regex(gt_format.ANNOTATION_ID, fullmatch=True) | st.text(max_size=45) | near_ids)
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_gate_members__an_id_is_what_the_pattern_says(
    image: tuple[Gate, RuleContext], ident: object
) -> None:
    """C checks ids by hand (digits, '-', the UUID_GROUPS it is given); the pattern of
    gt_format is the definition."""
    gate, _ = image
    well_formed = type(ident) is str and gt_format.ANNOTATION_ID.fullmatch(ident) is not None
    assert (gate.members(_doc(id=ident)) is not None) == well_formed


def test_gate_members__deep_free_form_values_are_left_to_the_detailed_rules(
    image: tuple[Gate, RuleContext],
) -> None:
    gate, ctx = image
    doc = _doc()
    shallow: Any = 1
    for _ in range(5):
        shallow = [shallow]
    doc["metadata"]["camera"] = shallow
    assert gate.members(doc) is not None
    deep: Any = 1
    for _ in range(200):
        deep = [deep]
    doc["metadata"]["camera"] = deep
    assert gate.members(doc) is None
    assert not _detailed(doc, ctx)


def test_tables_bounds__never_wider_than_the_exact_bound() -> None:
    exact = 2**53 + 1
    assert at_least(exact) >= exact and at_least(exact) == 2**53 + 2
    assert at_most(exact) <= exact and at_most(exact) == 2**53
    assert at_least(0.5) == 0.5 and at_most(-3) == -3.0


def test_gate__rejects_a_table_of_the_wrong_shape() -> None:
    with pytest.raises(TypeError):
        speedups.gate({}, ())


def _pointers(value: Any, prefix: str = "", out: list[str] | None = None) -> list[str]:
    out = [] if out is None else out
    out.append(prefix)
    if isinstance(value, dict):
        for key, item in value.items():
            _pointers(item, f"{prefix}/{key.replace('~', '~0').replace('/', '~1')}", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _pointers(item, f"{prefix}/{i}", out)
    return out


def _position_cases() -> list[Path]:
    from tests.conftest import EXAMPLES, REPO

    suite = REPO.parent / "shared" / "testdata" / "JSONTestSuite" / "test_parsing"
    return [*sorted(EXAMPLES.rglob("*.json")), *sorted(suite.glob("y_*.json"))]


@pytest.mark.parametrize("path", _position_cases(), ids=lambda p: p.name)
def test_locate__same_positions_with_and_without_skip_json(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """positions.locate skips what it does not need with the C skip_json; the pure-Python
    route (json's scanner) must find the same positions for every value of the file."""
    from gt_validator import _scan
    from gt_validator.parse import parse
    from gt_validator.positions import locate

    parsed = parse(path.read_bytes())
    if not parsed.ok:
        pytest.skip("not JSON")
    everything = _pointers(parsed.document)
    # Many pointers (little skipped), then a few deep ones (most of the file skipped).
    cases = [everything[:400], everything[-3:], everything[len(everything) // 2 :][:2]]
    with_c = [locate(parsed.data, wanted) for wanted in cases]
    monkeypatch.setattr(_scan, "skip_json", None)
    assert [locate(parsed.data, wanted) for wanted in cases] == with_c
