"""The catalog's examples are run: every ``fail*`` file under tests/fixtures/rules/<code>/
raises that code, every ``pass*`` file (a near miss) does not, and docs/rules.md is
the catalog generated from the registry and these files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_validator.cli.rules import markdown
from gt_validator.files import GTFile
from gt_validator.rules.registry import RULES
from gt_validator.sources.local import collect
from gt_validator.validator import Validator, build_validator

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASES = sorted(p for p in ROOT.glob("*/*") if p.name.startswith(("fail", "pass")))


@pytest.fixture(scope="module")
def validator() -> Validator:
    return build_validator(str(ROOT / "gt-project.json"))


def _codes(validator: Validator, path: Path) -> set[str]:
    if path.is_symlink():  # the reading is under test here, not how PATHs are discovered
        rel = f"{path.parent.name}/{path.name}"
        file = GTFile(path=str(path), rel_path=rel, local_path=str(path))
    else:
        (file,) = collect([str(path)], validator.config)
    return {f.code for f in validator.check(file).findings}


def test_examples__one_folder_per_rule_code() -> None:
    assert sorted(p.name for p in ROOT.iterdir() if p.is_dir()) == sorted(RULES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_example(validator: Validator, path: Path) -> None:
    code = path.parent.name
    codes = _codes(validator, path)
    if path.name.startswith("fail"):
        assert codes == {code}, f"{path} should raise only {code}"
    else:
        assert codes == set(), f"{path} is a near miss and should be clean"


def test_docs_rules_md__is_generated_from_registry() -> None:
    docs = ROOT.parents[2] / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == markdown(ROOT), (
        "docs/rules.md is stale: gt-validate rules --markdown --examples tests/fixtures/rules "
        "> docs/rules.md"
    )
