"""Bounded cost: a file lists at most limits.max_findings_per_file findings, the
first ones in document order; the rest are counted per code in ``omitted``, and the
totals (valid, errors, summary codes) count every finding."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from gt_validator.config.load import load_config
from gt_validator.problems import Capped, Problem, past_cap
from gt_validator.report import Report
from gt_validator.validator import Validator
from tests.conftest import REPO

pytestmark = pytest.mark.unit

RULES = REPO / "tests" / "fixtures" / "rules"
BASE: dict[str, Any] = json.loads((RULES / "out_of_range" / "pass.json").read_text())
ANN: dict[str, Any] = BASE["annotations"][0]


def _validator(tmp_path: Path, cap: int | None, **rules: str) -> Validator:
    config = json.loads((RULES / "gt-project.json").read_text())
    del config["resources"]
    config["limits"] = {} if cap is None else {"max_findings_per_file": cap}
    config["rules"] = rules
    path = tmp_path / "gt-project.json"
    path.write_text(json.dumps(config))
    return Validator(load_config(str(path)))


def _doc(annotations: list[dict[str, Any]]) -> bytes:
    doc = copy.deepcopy(BASE)
    doc["annotations"] = annotations
    return json.dumps(doc, indent=1).encode()


def _same_id(n: int) -> list[dict[str, Any]]:
    return [copy.deepcopy(ANN) for _ in range(n)]


def test_check_bytes__cap_lists_the_first_and_counts_the_rest(tmp_path: Path) -> None:
    validator = _validator(tmp_path, 5)
    report = validator.check_bytes(_doc(_same_id(21)), path="x.json", rel_path=None)
    assert [f.pointer for f in report.findings] == [f"/annotations/{i}/id" for i in range(1, 6)]
    assert report.to_dict()["omitted"] == {"duplicate_annotation_id": 15}
    assert report.errors == 20 and not report.valid
    summary = Report(config=None, files=(report,)).summary.to_dict()
    assert summary["errors"] == 20 and summary["codes"] == {"duplicate_annotation_id": 20}


def test_check_bytes__exactly_the_cap_omits_nothing(tmp_path: Path) -> None:
    validator = _validator(tmp_path, 5)
    report = validator.check_bytes(_doc(_same_id(6)), path="x.json", rel_path=None)
    assert len(report.findings) == 5
    assert report.omitted == () and "omitted" not in report.to_dict()


def test_check_bytes__cap_follows_document_order_across_codes(tmp_path: Path) -> None:
    # Annotation i repeats the id (from 1 on) and has a point off the image: the
    # listed findings alternate as the document does.
    anns = _same_id(10)
    for ann in anns:
        ann["points"] = [[0, 0], [201, 100]]
    validator = _validator(tmp_path, 4)
    report = validator.check_bytes(_doc(anns), path="x.json", rel_path=None)
    assert [(f.code, f.pointer) for f in report.findings] == [
        ("out_of_range", "/annotations/0/points/1/0"),
        ("duplicate_annotation_id", "/annotations/1/id"),
        ("out_of_range", "/annotations/1/points/1/0"),
        ("duplicate_annotation_id", "/annotations/2/id"),
    ]
    assert report.to_dict()["omitted"] == {"duplicate_annotation_id": 7, "out_of_range": 8}
    assert sum(report.codes().values()) == 19
    lines = [f.line or 0 for f in report.findings]
    assert lines == sorted(lines)


def test_check_bytes__repeated_keys_past_the_cap_are_counted(tmp_path: Path) -> None:
    validator = _validator(tmp_path, 3)
    members = ", ".join('"plate": "x"' for _ in range(50))
    text = json.dumps(BASE).replace('"weather": "sunny"', f'"weather": "sunny", {members}')
    report = validator.check_bytes(text.encode(), path="x.json", rel_path=None)
    assert [f.code for f in report.findings] == ["duplicate_key"] * 3
    assert report.to_dict()["omitted"] == {"duplicate_key": 46}


def test_check_bytes__off_codes_are_neither_listed_nor_omitted(tmp_path: Path) -> None:
    validator = _validator(tmp_path, 2, duplicate_annotation_id="off")
    report = validator.check_bytes(_doc(_same_id(9)), path="x.json", rel_path=None)
    assert report.findings == () and report.omitted == () and report.valid


def test_check_bytes__warnings_past_the_cap_keep_their_severity(tmp_path: Path) -> None:
    validator = _validator(tmp_path, 2)
    anns = _same_id(1)
    anns[0].update({f"extra{i}": i for i in range(6)})
    report = validator.check_bytes(_doc(anns), path="x.json", rel_path=None)
    assert [o.severity for o in report.omitted] == ["warning"]
    assert report.warnings == 6 and report.errors == 0 and report.valid


def test_check_bytes__default_cap_is_1000(tmp_path: Path) -> None:
    validator = _validator(tmp_path, None)
    report = validator.check_bytes(_doc(_same_id(1002)), path="x.json", rel_path=None)
    assert len(report.findings) == 1000
    assert report.to_dict()["omitted"] == {"duplicate_annotation_id": 1}


def test_capped__keeps_the_first_of_each_code_and_counts_all() -> None:
    out = Capped(2)
    out += [Problem("a", str(i)) for i in range(5)]
    out.append(Problem("b", "x"))
    assert [(p.code, p.message) for p in out] == [("a", "0"), ("a", "1"), ("b", "x")]
    assert out.counts == {"a": 5, "b": 1}


def test_past_cap__counts_without_building() -> None:
    out = Capped(1)
    assert not past_cap(out, "a")
    out.append(Problem("a", "kept"))
    assert past_cap(out, "a") and past_cap(out, "a")
    assert out.counts == {"a": 3} and len(out) == 1
    plain: list[Problem] = [Problem("a", "x")]
    assert not past_cap(plain, "a")  # a plain list keeps everything


def _many_mistakes() -> bytes:
    anns = _same_id(30)
    for i, ann in enumerate(anns):
        ann["label"] = ["truck", "car", "pedestrian"][i % 3]  # unknown, fine, wrong type
        ann["type"] = ["box", "polygon", "polyline", "keypoint"][i % 4]
        ann["attributes"] = {"weather": ["snowy", "sunny"][i % 2], "wheels": 4}
        ann["points"] = [[-1, 0], [0, "x"], [300, 50]][: 2 + i % 2]
        ann["track_id"] = i % 4
    doc = json.loads(_doc(anns))
    doc.update(tags=["bus", 3, "car"] * 5, last_workers={str(i): i for i in range(7)}, x=1)
    return json.dumps(doc).replace('"x": 1', '"x": 1, "x": 2, "x": 3').encode()


@pytest.mark.parametrize("cap", [1, 2, 7])
def test_check_bytes__totals_do_not_depend_on_the_cap(tmp_path: Path, cap: int) -> None:
    data = _many_mistakes()
    every = _validator(tmp_path, 10**6).check_bytes(data, path="x.json", rel_path=None)
    capped = _validator(tmp_path, cap).check_bytes(data, path="x.json", rel_path=None)
    assert len(every.codes()) >= 10 and every.omitted == ()
    assert capped.codes() == every.codes()
    assert capped.findings == every.findings[:cap]  # the first ones, in document order
