"""Fuzz: nothing escapes ``Validator.check_bytes``, whatever the bytes; every
finding has the line and column of the value its pointer names (all but the
whole-file codes); every code is one of the catalog; messages hold no raw
control or invisible characters."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gt_validator.report import FileReport
from gt_validator.rules.registry import CODES
from tests.strategies.catalog import mutants
from tests.strategies.configs import configs
from tests.strategies.documents import Case, cases
from tests.strategies.harness import KNOWN_BUGS, WHOLE_FILE, check, described
from tests.strategies.mutations import MUTATIONS
from tests.strategies.where import misplaced

pytestmark = pytest.mark.unit

WORKING = tuple(sorted(set(MUTATIONS) - set(KNOWN_BUGS)))

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
json_values = st.recursive(
    scalars | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=20,
)


@st.composite
def grafted(draw: st.DrawFn) -> tuple[Case, bytes]:
    """A valid case with one of its values (any depth) replaced by any JSON value."""
    case = draw(cases())
    doc = case.doc
    holder: Any = doc
    key: Any = draw(st.sampled_from(sorted(doc)))
    while isinstance(holder[key], dict | list) and holder[key] and draw(st.booleans()):
        holder = holder[key]
        key = draw(
            st.sampled_from(sorted(holder) if isinstance(holder, dict) else range(len(holder)))
        )
    holder[key] = draw(json_values)
    return case, case.dumps()


def _sound(report: FileReport, data: bytes) -> None:
    """The report's promises: catalog codes, positions where the contract says."""
    assert report.path == "fuzz.json"
    assert {f.code for f in report.findings} <= CODES, described(report)
    doc = None
    for f in report.findings:
        # Untrusted text is escaped: no control, invisible or line-breaking characters.
        assert f.message.isprintable(), f"{f.code}: {f.message!r}"
        if f.code in WHOLE_FILE:
            continue
        assert f.line is not None and f.column is not None, f"{f.code} {f.pointer!r}: no position"
        assert f.line >= 1 and f.column >= 1
        if f.code in ("invalid_json", "byte_order_mark"):
            continue  # the syntax error's place / the file's start, not a value's
        if doc is None:
            doc = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
        wrong = misplaced(data, doc, f.pointer, f.line, f.column)
        assert wrong is None, f"{f.code} at {f.line}:{f.column}: {wrong}\n{data[:2000]!r}"


@given(configs(), st.binary(max_size=300))
def test_check_bytes__any_bytes_give_a_report(config: dict[str, Any], data: bytes) -> None:
    report = check(config, data, "x.json")
    assert {f.code for f in report.findings} <= CODES


@given(configs(), json_values)
def test_check_bytes__any_json_gives_a_sound_report(config: dict[str, Any], value: Any) -> None:
    data = json.dumps(value).encode()
    _sound(check(config, data, "x.json"), data)


@given(grafted())
def test_check_bytes__grafted_values_give_a_sound_report(drawn: tuple[Case, bytes]) -> None:
    case, data = drawn
    _sound(check(case.config, data, case.rel_path), data)


@given(st.data())
def test_check_bytes__mutants_give_a_sound_report(data: st.DataObject) -> None:
    case: Case = data.draw(cases())
    mutant = data.draw(mutants(case, WORKING))
    _sound(check(case.config, mutant.data, mutant.rel_path), mutant.data)
