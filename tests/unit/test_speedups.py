"""The C accelerator and its pure-Python twin give the same answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gt_validator.rules import fast

pytestmark = pytest.mark.unit

speedups = pytest.importorskip("gt_validator._speedups", reason="C accelerator not built")

coordinate = st.one_of(
    st.integers(-5, 25), st.sampled_from([0, 1, 2, 3]), st.floats(-5, 25, allow_nan=False), st.booleans(), st.none(),
    st.text(max_size=2), st.just([1, 2]),
)
point = st.lists(coordinate, min_size=0, max_size=4)
bound = st.none() | st.tuples(st.integers(-2, 10), st.integers(10, 30))


@settings(max_examples=400)
@given(st.lists(st.lists(point, max_size=6), max_size=4), st.integers(0, 3),
       st.tuples(bound, bound, bound))
def test_points_ok__c_and_python_agree(lists: list[list[Any]], dims: int,
                                       bounds: tuple[Any, ...]) -> None:
    assert speedups.points_ok(lists, dims, bounds) == fast.points_ok_python(lists, dims, bounds)


def test_points_ok__booleans_are_not_numbers() -> None:
    assert speedups.points_ok([[[1, 2]]], 2, ()) is True
    assert speedups.points_ok([[[1, True]]], 2, ()) is False


def test_points_ok__bounds_inclusive() -> None:
    assert speedups.points_ok([[[0, 10.0]]], 2, ((0, 10), (0, 10))) is True
    assert speedups.points_ok([[[0, 10.5]]], 2, ((0, 10), (0, 10))) is False


def test_points_ok__fast_path_uses_the_accelerator() -> None:
    assert fast.points_ok is speedups.points_ok
