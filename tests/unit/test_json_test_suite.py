"""parse() and locate() on the external JSONTestSuite corpus (../shared/testdata/).

``y_`` files must parse, ``n_`` files are exactly one invalid_json, ``i_`` files
may go either way but never raise; locate() never raises on any of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_validator.parse import parse
from gt_validator.positions import locate

pytestmark = pytest.mark.unit

SUITE = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata" / "JSONTestSuite"
MISSING = f"JSONTestSuite corpus not found at {SUITE.resolve()} (shared/ beside the repo)"
POINTERS = ["", "/0", "/a", "/0/0", "/a/b", "/\u00e9"]


def _files(folder: str, prefix: str = "") -> list[object]:
    files = sorted((SUITE / folder).glob(f"{prefix}*.json"))
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING))]
    return [pytest.param(f, id=f.name) for f in files]


def _name(path: Path | None) -> Path:
    assert path is not None
    return path


@pytest.mark.parametrize("path", _files("test_parsing", "y_"))
def test_parse__jsontestsuite_accepts(path: Path | None) -> None:
    parsed = parse(_name(path).read_bytes())
    assert parsed.ok
    assert not [p for p in parsed.problems if p.code == "invalid_json"]


@pytest.mark.parametrize("path", _files("test_parsing", "n_"))
def test_parse__jsontestsuite_rejects(path: Path | None) -> None:
    parsed = parse(_name(path).read_bytes())
    assert not parsed.ok
    assert parsed.document is None
    # A BOM is reported on its own (n_structure_UTF8_BOM_no_data) and the rest judged.
    others = [p.code for p in parsed.problems if p.code != "invalid_json"]
    assert others in ([], ["byte_order_mark"])
    (problem,) = [p for p in parsed.problems if p.code == "invalid_json"]
    assert problem.pointer == ""
    assert problem.line is not None and problem.line >= 1
    assert problem.column is not None and problem.column >= 1


@pytest.mark.parametrize("path", _files("test_parsing", "i_"))
def test_parse__jsontestsuite_implementation_defined(path: Path | None) -> None:
    parsed = parse(_name(path).read_bytes())
    codes = [p.code for p in parsed.problems]
    assert parsed.ok == ("invalid_json" not in codes)
    if not parsed.ok:
        assert codes.count("invalid_json") == 1


@pytest.mark.parametrize("path", _files("test_parsing") + _files("test_transform"))
def test_locate__jsontestsuite_never_raises(path: Path | None) -> None:
    data = parse(_name(path).read_bytes()).data
    where = locate(data, POINTERS)
    assert all(line >= 1 and column >= 1 for line, column in where.values())


DUPLICATES = {
    "object_same_key_different_values.json": [("/a", 1, 12)],
    "object_same_key_same_value.json": [("/a", 1, 12)],
    "object_same_key_unclear_values.json": [("/a", 1, 13)],
}


@pytest.mark.parametrize("path", _files("test_transform", "object_"))
def test_parse__jsontestsuite_transform_keys(path: Path | None) -> None:
    parsed = parse(_name(path).read_bytes())
    assert parsed.ok
    found = [(p.pointer, p.line, p.column) for p in parsed.problems if p.code == "duplicate_key"]
    # NFC and NFD spellings of one name are different keys: no duplicate.
    assert found == DUPLICATES.get(_name(path).name, [])


@pytest.mark.parametrize("path", _files("test_transform", "number_"))
def test_parse__jsontestsuite_transform_numbers(path: Path | None) -> None:
    parsed = parse(_name(path).read_bytes())
    assert parsed.ok
    assert parsed.problems == ()


@pytest.mark.parametrize("path", _files("test_transform", "string_"))
def test_parse__jsontestsuite_transform_strings(path: Path | None) -> None:
    parsed = parse(_name(path).read_bytes())
    if not parsed.ok:  # lone surrogates, escaped or raw, are rejected
        assert [p.code for p in parsed.problems] == ["invalid_json"]
