"""The repository's docs say what the code does and point only inside the repository."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.unit

DOCS = [REPO / "README.md", REPO / "tests" / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "docs" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_format_tables__committed_doc_is_up_to_date() -> None:
    script = _script("format_tables")
    current = script.DOC.read_text(encoding="utf-8")
    assert script.render(current) == current, "run: python docs/format_tables.py"


def test_format_tables__a_stale_table_is_told() -> None:
    script = _script("format_tables")
    current = script.DOC.read_text(encoding="utf-8")
    stale = current.replace("| `track_id` |", "| `track` |", 1)
    assert stale != current and script.render(stale) == current


def test_format_tables__every_gt_field_of_the_code_has_a_row() -> None:
    from gt_validator.config.gt_schema import gt_schema

    script = _script("format_tables")
    doc = script.DOC.read_text(encoding="utf-8")
    full = gt_schema(script._config("sequence_image", classification=True))
    for field in full["properties"]:
        assert f"| `{field}` |" in doc
    for field in full["definitions"]["annotation"]["properties"]:
        assert f"| `{field}` |" in doc


def test_import_graph__committed_block_is_up_to_date() -> None:
    script = _script("import_graph")
    current = script.DOC.read_text(encoding="utf-8")
    assert script.render(current) == current, "run: python docs/import_graph.py"


def test_import_graph__draws_lazy_and_eager_imports() -> None:
    edges = _script("import_graph").edges()
    assert edges[("validator", "rules")] is True  # at module level
    assert edges[("cli", "github")] is False  # a subcommand, imported when used
    assert ("rules", "cli") not in edges  # the core never imports an adapter


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_docs__point_only_inside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "SPEC" not in text
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.DOTALL))
    for target in re.findall(r"\]\(([^)#\s]+)", prose):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (doc.parent / target).exists(), f"{doc.name} links {target}, which does not exist"


def test_docs__rule_examples_named_where_they_are() -> None:
    for path in (REPO / "tests" / "README.md", REPO / "handler/gt_validator/rules/registry.py"):
        text = path.read_text(encoding="utf-8")
        assert "examples/rules" not in text
        assert "tests/fixtures/rules/" in text
