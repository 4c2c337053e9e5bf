"""The C accelerator and its pure-Python twin give the same answers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gt_validator.rules import points

pytestmark = pytest.mark.unit

if os.environ.get("CI") == "true":  # CI has a compiler: a build that failed must show
    import gt_validator._speedups as speedups
else:
    speedups = pytest.importorskip("gt_validator._speedups", reason="C accelerator not built")

coordinate = st.one_of(
    st.integers(-5, 25),
    st.sampled_from([0, 1, 2, 3]),
    st.floats(-5, 25, allow_nan=False),
    st.booleans(),
    st.none(),
    st.text(max_size=2),
    st.just([1, 2]),
)
point = st.lists(coordinate, min_size=0, max_size=4)
bound = st.none() | st.tuples(st.integers(-2, 10), st.integers(10, 30))


@settings(max_examples=400)
@given(
    st.lists(st.lists(point, max_size=6), max_size=4),
    st.integers(0, 3),
    st.tuples(bound, bound, bound),
)
def test_points_ok__c_and_python_agree(
    lists: list[list[Any]], dims: int, bounds: tuple[Any, ...]
) -> None:
    assert speedups.points_ok(lists, dims, bounds) == points.points_ok_python(lists, dims, bounds)


def test_points_ok__booleans_are_not_numbers() -> None:
    assert speedups.points_ok([[[1, 2]]], 2, ()) is True
    assert speedups.points_ok([[[1, True]]], 2, ()) is False


def test_points_ok__bounds_inclusive() -> None:
    assert speedups.points_ok([[[0, 10.0]]], 2, ((0, 10), (0, 10))) is True
    assert speedups.points_ok([[[0, 10.5]]], 2, ((0, 10), (0, 10))) is False


def test_points_ok__fast_path_uses_the_accelerator() -> None:
    assert points._c_points_ok is speedups.points_ok


def test_validator__same_reports_without_the_accelerator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Lambda package has no compiled module: the pure-Python twin must say the same."""
    from gt_validator.sources.local import collect
    from gt_validator.validator import build_validator
    from tests.conftest import EXAMPLES, REPO

    def reports() -> list[object]:
        out = []
        for config in (EXAMPLES / "gt-project.json", REPO / "tests/fixtures/rules/gt-project.json"):
            validator = build_validator(str(config))
            folder = config.parent / "gt" if config.parent == EXAMPLES else config.parent
            out += [validator.check(f) for f in collect([str(folder)], validator.config)]
        return out

    with_c = reports()
    from gt_validator import _scan, parse
    from gt_validator.rules import fast

    monkeypatch.setattr(points, "_c_points_ok", None)
    monkeypatch.setattr(fast, "_c_annotations_ok", None)
    monkeypatch.setattr(_scan, "skip_json", None)
    monkeypatch.setattr(parse, "_count_colons", lambda data: data.count(b":"))
    assert reports() == with_c


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.floats(-3, 12),
    st.sampled_from(["a", "b", "c", "a:b", "Z"]),
)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
attrs_dict = st.dictionaries(st.sampled_from(["w", "n", "t", "x:y"]), json_value, max_size=3)
ids = (
    st.sampled_from(
        [
            "1-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
            "2-ABD21CB9-CB89-4CF4-8DE6-B0A6421024B3",
            "1-abd21cb9-cb89-4cf4-8de6-b0a6421024b",
            "-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
            "12-abd21cb9-cb89-4cf4-8de6-b0a6421024bz",
            "3-abd21cb9_cb89-4cf4-8de6-b0a6421024b3",
            "",
        ]
    )
    | json_leaf
)
with_identity = st.fixed_dictionaries(
    {}, optional={"id": ids, "track_id": st.sampled_from([1, "1", 2, True, 1.0, None, "t"])}
)


annotation = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["box", "polygon"]) | json_leaf,
        "label": st.sampled_from(["car", "Road"]) | json_leaf,
        "attributes": attrs_dict | json_leaf,
        "points": st.lists(st.lists(json_leaf, max_size=3), max_size=3) | json_leaf,
        "id": st.sampled_from(
            [
                "1-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
                "2-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
                "1-x",
            ]
        ),
        "track_id": st.sampled_from([1, "1", True]),
        "lable": st.just("typo"),
    },
)


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


def _rules_fast() -> Any:
    from gt_validator.validator import build_validator
    from tests.conftest import REPO

    return build_validator(str(REPO / "tests/fixtures/rules/gt-project.json"))._fast


near_valid = st.fixed_dictionaries(
    {
        "id": st.sampled_from(
            [
                "1-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
                "2-abd21cb9-cb89-4cf4-8de6-b0a6421024b3",
                "x",
            ]
        ),
        "type": st.sampled_from(["box", "polygon", "keypoint", "cuboid"]),
        "label": st.sampled_from(["car", "pedestrian", "Car"]),
        "attributes": st.fixed_dictionaries(
            {},
            optional={
                "weather": st.sampled_from(["sunny", "Snow", 1]),
                "color": st.sampled_from([["red"], ["red", "red"], "red"]),
                "passengers": st.sampled_from([0, 9, 10, 2.5, True]),
                "parked": st.sampled_from([True, 0]),
                "plate": st.sampled_from(["a:b", 3]),
            },
        ),
        "points": st.lists(
            st.lists(
                st.integers(-1, 210) | st.floats(0, 100) | st.booleans(), min_size=1, max_size=4
            ),
            max_size=9,
        ),
    },
    optional={"track_id": st.sampled_from([1, "1", 2, True])},
)


@settings(max_examples=800)
@given(
    st.lists(near_valid | annotation | json_leaf, max_size=5),
    st.sampled_from([((0, 200), (0, 100)), (), ((0, 150), None, (0, 5))]),
)
def test_annotations_ok__c_and_python_agree(anns: list[Any], bounds: tuple[Any, ...]) -> None:
    from gt_validator.rules import fast

    rules = _rules_fast()
    with_c = fast._annotations(anns, rules, bounds)
    python = fast._c_annotations_ok
    try:
        fast._c_annotations_ok = None
        assert fast._annotations(anns, rules, bounds) == with_c
    finally:
        fast._c_annotations_ok = python
