"""Fuzz the messages for names that do not match: a look-alike of a registered
name is answered with that name and the odd code points; a name that differs
only in case says so."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.strategies.documents import Case, cases
from tests.strategies.harness import check, described
from tests.strategies.mutations import look_alike

pytestmark = pytest.mark.unit


def _registered(case: Case) -> list[str]:
    return [c["name"] for c in case.config.get("classes", [])]


@given(cases().filter(lambda c: c.doc["annotations"]), st.data())
def test_check_bytes__look_alike_class_names_its_code_points(
    case: Case, data: st.DataObject
) -> None:
    ann = data.draw(st.sampled_from(case.doc["annotations"]))
    original = ann["label"]
    assume(original.isprintable())
    ann["label"] = look_alike(original, _registered(case))
    report = check(case.config, case.dumps(), case.rel_path)
    (finding,) = report.findings
    assert finding.code == "unknown_class", described(report)
    assert f"did you mean '{original}'?" in finding.message
    for ch in set(ann["label"]) - set(original):
        assert f"U+{ord(ch):04X}" in finding.message, finding.message


@given(cases().filter(lambda c: c.classified), st.data())
def test_check_bytes__classification_label_differing_in_case(
    case: Case, data: st.DataObject
) -> None:
    labels = case.config["classification"]["labels"]
    label = case.doc["label"]
    swapped = label.swapcase()
    assume(swapped != label and swapped not in labels and label.isascii() and label.isprintable())
    assume(swapped.casefold() == label.casefold() and len(swapped) == len(label))
    assume(sum(1 for x in labels if x.casefold() == label.casefold()) == 1)
    case.doc["label"] = swapped
    report = check(case.config, case.dumps(), case.rel_path)
    (finding,) = report.findings
    assert finding.code == "unknown_class", described(report)
    assert f"did you mean '{label}'? (names are case-sensitive)" in finding.message


def test_check_bytes__greek_label_differing_in_case() -> None:
    """Regression (found by the fuzzer): the suggestion compared only the case-folded
    skeleton, and a Greek alpha folds to Latin 'a' there, never to its capital's fold."""
    config = {
        "resource_type": "video",
        "task_types": ["classification"],
        "classification": {"labels": ["\u0391"]},
    }
    doc = (
        '{"annotations": [], "attributes": {}, "filename": "0", "parent_path": "/", '
        '"metadata": {"fps": 1}, "label": "\u03b1"}'
    )
    (finding,) = check(config, doc.encode(), "0.json").findings
    assert "did you mean '\u0391'? (names are case-sensitive)" in finding.message
