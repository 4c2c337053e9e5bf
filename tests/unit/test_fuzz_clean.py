"""Fuzz: a document drawn valid for a drawn config has no finding at all, for every
resource, annotation and attribute type (tests/strategies)."""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.strategies.documents import Case, cases
from tests.strategies.harness import check, described

pytestmark = pytest.mark.unit


@given(cases())
def test_check_bytes__drawn_valid_files_are_clean(case: Case) -> None:
    report = check(case.config, case.dumps(), case.rel_path)
    assert report.findings == (), described(report)


@pytest.mark.parametrize("kind", ["image", "sequence_image", "video", "point_cloud", "text"])
def test_cases__cover_every_resource_type(kind: str) -> None:
    """The strategy reaches each resource type (else the property above proves little)."""
    from hypothesis import find

    from tests.strategies.configs import configs

    found = find(configs(), lambda c: c["resource_type"] == kind)
    assert found["resource_type"] == kind
