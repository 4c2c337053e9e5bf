"""The fuzz seed corpus: every failure the fuzz properties found, kept as a file
under tests/fixtures/fuzz/<name>/ (gt-project.json, gt.json, case.json with the
expected codes) and replayed here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gt_validator.config.load import load_config
from gt_validator.validator import Validator
from tests.strategies.harness import CORPUS, as_shipped, described

pytestmark = pytest.mark.unit

CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def _case(folder: Path) -> dict[str, object]:
    return json.loads((folder / "case.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _params() -> list[object]:
    out = []
    for folder in CASES:
        bug = _case(folder).get("known_bug")
        # strict: once the fix lands the case passes, and "known_bug" must go.
        marks = [pytest.mark.xfail(reason=str(bug), strict=True)] if bug else []
        out.append(pytest.param(folder, id=folder.name, marks=marks))
    return out


def test_corpus__is_not_empty() -> None:
    assert CASES, f"no regression cases under {CORPUS}"


@pytest.mark.parametrize("folder", _params())
def test_check_bytes__corpus_case(folder: Path) -> None:
    case = _case(folder)
    validator = Validator(load_config(str(folder / "gt-project.json")))
    data = (folder / "gt.json").read_bytes()
    report = as_shipped(
        lambda: validator.check_bytes(data, path="gt.json", rel_path=str(case["rel_path"]))
    )
    assert {f.code for f in report.findings} == set(case["expected"]), described(report)  # type: ignore[call-overload]
