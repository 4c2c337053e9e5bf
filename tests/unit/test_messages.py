"""Every message the rules write, held in a golden file: the findings (code,
message, pointer, line, column) of tests/fixtures/messages/*.json, small files
that reach each message variant (look-alikes, case, every JSON type name, long
"expected one of" lists, each geometry and syntax error), and of the rule
examples under tests/fixtures/rules/. Messages are the product's interface to a
person; the fuzz properties only check codes and positions.

Regenerate after an intended change: GT_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_messages.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gt_validator.sources.local import collect
from gt_validator.validator import Validator, build_validator
from tests.conftest import REPO, assert_golden
from tests.strategies.harness import as_shipped

pytestmark = pytest.mark.unit

FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = REPO / "tests" / "golden" / "messages"


def _findings(validator: Validator, path: Path, rel_path: str | None = None) -> list[object]:
    if rel_path is None:
        (file,) = collect([str(path)], validator.config)
        report = as_shipped(lambda: validator.check(file))
    else:
        data = path.read_bytes()
        report = as_shipped(lambda: validator.check_bytes(data, path=path.name, rel_path=rel_path))
    return [f.to_dict() for f in report.findings]


def test_check_bytes__messages_of_the_message_fixtures() -> None:
    folder = FIXTURES / "messages"
    validator = build_validator(str(folder / "gt-project.json"))
    found = {
        p.name: _findings(validator, p, "m/x.json")
        for p in sorted(folder.glob("*.json"))
        if p.name != "gt-project.json"
    }
    assert_golden(json.dumps(found, indent=1, ensure_ascii=False) + "\n", GOLDEN / "messages.json")


def test_check__messages_of_the_rule_examples() -> None:
    folder = FIXTURES / "rules"
    validator = build_validator(str(folder / "gt-project.json"))
    found = {
        str(p.relative_to(folder)): _findings(validator, p)
        for p in sorted(folder.glob("*/*"))
        if p.name.startswith("fail")
    }
    assert_golden(json.dumps(found, indent=1, ensure_ascii=False) + "\n", GOLDEN / "rules.json")
