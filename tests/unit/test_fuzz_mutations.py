"""Fuzz: one mutation of a valid drawn file yields exactly the codes that mutation
must produce (none for the near misses), whatever the config; tests/strategies
lists the mutations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies.catalog import MUTATIONS, Mutant, mutants
from tests.strategies.documents import Case, cases
from tests.strategies.harness import KNOWN_BUGS, check, described

pytestmark = pytest.mark.unit

WORKING = tuple(sorted(set(MUTATIONS) - set(KNOWN_BUGS)))


def _assert_codes(case: Case, mutant: Mutant) -> None:
    report = check(case.config, mutant.data, mutant.rel_path)
    got = {f.code for f in report.findings}
    assert got == mutant.expected, f"{mutant.name}:\n{described(report)}\n{mutant.data[:3000]!r}"


@given(st.data())
def test_check_bytes__each_mutation_yields_its_codes(data: st.DataObject) -> None:
    case: Case = data.draw(cases())
    _assert_codes(case, data.draw(mutants(case, WORKING)))


def _params() -> list[object]:
    return [
        pytest.param(
            name,
            # Skipped, not xfail: a failing hypothesis test shrinks for minutes; the
            # corpus holds the bug's regression case (a strict xfail).
            marks=[pytest.mark.skip(reason=f"known bug: {KNOWN_BUGS[name]}")]
            if name in KNOWN_BUGS
            else [],
        )
        for name in sorted(MUTATIONS)
    ]


@pytest.mark.parametrize("name", _params())
@settings(max_examples=max(3, settings.default.max_examples // 20))
@given(data=st.data())
def test_check_bytes__mutation(name: str, data: st.DataObject) -> None:
    """Each mutation on its own, so none is starved by the draw above."""
    case: Case = data.draw(cases())
    _assert_codes(case, data.draw(mutants(case, (name,))))
