"""parse(): the Encoding paragraph of the spec, case by case, with exact positions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gt_validator.parse import parse
from gt_validator.positions import locate
from gt_validator.problems import Problem

pytestmark = pytest.mark.unit

BOM = b"\xef\xbb\xbf"


def _only(data: bytes) -> Problem:
    parsed = parse(data)
    assert len(parsed.problems) == 1, parsed.problems
    return parsed.problems[0]


def _invalid_at(data: bytes) -> tuple[int | None, int | None]:
    parsed = parse(data)
    assert not parsed.ok
    assert parsed.document is None
    (problem,) = parsed.problems
    assert problem.code == "invalid_json"
    assert problem.pointer == ""
    return problem.line, problem.column


def _duplicates(data: bytes) -> list[tuple[str, int | None, int | None]]:
    parsed = parse(data)
    assert parsed.ok
    return [(p.pointer, p.line, p.column) for p in parsed.problems if p.code == "duplicate_key"]


# ---------------------------------------------------------------- valid input


def test_parse__valid_object_has_no_problems() -> None:
    parsed = parse(b'{"annotations": [], "a": {"b": [1, 2.5, "x:y", null, true]}}')
    assert parsed.ok
    assert parsed.problems == ()
    assert parsed.document == {"annotations": [], "a": {"b": [1, 2.5, "x:y", None, True]}}


def test_parse__non_object_root_is_still_json() -> None:
    assert parse(b"[1, 2]").ok
    assert parse(b'"text"').document == "text"


def test_parse__escaped_colon_without_duplicates_is_clean() -> None:
    # An escaped colon unbalances the quick colon count: the exact path finds nothing.
    assert parse(b'{"a": "\\u003a\\u003A", "b": 1}').problems == ()


# ---------------------------------------------------------------- byte order mark


def test_parse__bom_then_valid_file() -> None:
    parsed = parse(BOM + b'{"a": 1}')
    assert parsed.ok
    assert parsed.document == {"a": 1}
    assert parsed.data == b'{"a": 1}'
    assert [(p.code, p.pointer, p.line, p.column) for p in parsed.problems] == [
        ("byte_order_mark", "", 1, 1)
    ]


def test_parse__bom_then_duplicate_key_positions_exclude_the_bom() -> None:
    parsed = parse(BOM + b'{"a": 1, "a": 2}')
    assert [p.code for p in parsed.problems] == ["byte_order_mark", "duplicate_key"]
    dup = parsed.problems[1]
    assert (dup.pointer, dup.line, dup.column) == ("/a", 1, 15)
    assert locate(parsed.data, ["/a"]) == {"/a": (1, 15)}


def test_parse__bom_then_invalid_json() -> None:
    parsed = parse(BOM + b'{"a": 1,}')
    assert not parsed.ok
    assert [(p.code, p.line, p.column) for p in parsed.problems] == [
        ("byte_order_mark", 1, 1),
        ("invalid_json", 1, 8),  # the trailing comma itself
    ]


def test_parse__two_boms_the_second_is_invalid_json() -> None:
    assert [p.code for p in parse(BOM + BOM + b"{}").problems] == [
        "byte_order_mark",
        "invalid_json",
    ]


# ---------------------------------------------------------------- invalid_json


@pytest.mark.parametrize(
    ("data", "where"),
    [
        pytest.param(b'{"a": NaN}', (1, 7), id="nan"),
        pytest.param(b'{"a": [1, Infinity]}', (1, 11), id="infinity"),
        pytest.param(b'{"a": -Infinity}', (1, 8), id="minus-infinity"),
        pytest.param(b'{"a": 1e400}', (1, 7), id="overflow"),
        pytest.param(b'{"a": -1e400}', (1, 7), id="negative-overflow"),
        pytest.param(b'{"a": 1 // note\n}', (1, 9), id="line-comment"),
        pytest.param(b'{"a": /* note */ 1}', (1, 7), id="block-comment"),
        pytest.param(b'{"a": 1,\n "b": 2,\n}', (2, 8), id="trailing-comma-object"),
        pytest.param(b'{"a": [1, 2,]}', (1, 12), id="trailing-comma-array"),
        pytest.param(b'{"a": 1} x', (1, 10), id="trailing-content"),
        pytest.param(b'{"a": "tab\there"}', (1, 11), id="control-character"),
        pytest.param(b'{"a": 01}', (1, 7), id="leading-zero"),
        pytest.param(b'{"a": 1', (1, 8), id="truncated"),
    ],
)
def test_parse__invalid_json_position(data: bytes, where: tuple[int, int]) -> None:
    assert _invalid_at(data) == where


def test_parse__empty_file() -> None:
    assert _invalid_at(b"") == (1, 1)
    assert "empty" in _only(b"").message


def test_parse__blank_file() -> None:
    assert _invalid_at(b" \n\t ") == (1, 1)


def test_parse__invalid_utf8_names_the_byte_and_its_position() -> None:
    problem = _only('{"a": "가나",\n  "b": "다'.encode() + b'\xff"}')
    assert problem.code == "invalid_json"
    assert (problem.line, problem.column) == (2, 10)
    assert problem.message == "invalid UTF-8 byte 0xFF at line 2, column 10"


@pytest.mark.parametrize(
    ("data", "byte", "column"),
    [
        pytest.param(b'["\xc3"]', "0xC3", 3, id="truncated-sequence"),
        pytest.param(b'["\xed\xa0\x80"]', "0xED", 3, id="utf8-surrogate"),
        pytest.param(b'["\xc0\xaf"]', "0xC0", 3, id="overlong"),
        pytest.param(b"\xff\xfe[]", "0xFF", 1, id="utf16-bom"),
    ],
)
def test_parse__invalid_utf8_variants(data: bytes, byte: str, column: int) -> None:
    problem = _only(data)
    assert (problem.code, problem.line, problem.column) == ("invalid_json", 1, column)
    assert byte in problem.message


def test_parse__korean_text_before_the_error_counts_code_points() -> None:
    data = '{\n  "label": "보행자",\n  "이름": "값값" , ]\n}'.encode()
    assert _invalid_at(data) == (3, 16)  # the "]"


def test_parse__error_after_astral_character() -> None:
    assert _invalid_at('["😀😀", x]'.encode()) == (1, 8)


def test_parse__crlf_line_endings() -> None:
    assert _invalid_at(b'{\r\n"a": 1,\r\n}') == (2, 7)


def test_parse__nesting_1024_levels_is_fine() -> None:
    assert parse(b"[" * 1024 + b"]" * 1024).ok
    assert parse(b'{"a":' * 1024 + b"1" + b"}" * 1024).ok


def test_parse__nesting_1025_levels_points_at_the_bracket() -> None:
    assert _invalid_at(b"[" * 1025 + b"]" * 1025) == (1, 1025)
    assert _invalid_at(b'{"a":' * 1025 + b"1" + b"}" * 1025) == (1, 5121)
    assert "1,024" in _only(b"[" * 1025 + b"]" * 1025).message


def test_parse__50000_deep_nesting_is_invalid_json_without_recursion_error() -> None:
    for data in (b"[" * 50_000, b"[" * 50_000 + b"]" * 50_000, b'{"a":' * 50_000):
        assert _invalid_at(data)[0] == 1


def test_parse__message_includes_orjsons_reason() -> None:
    problem = _only(b"[1, 2,]")
    assert "trailing comma" in problem.message
    assert "line 1, column 6" in problem.message


# ---------------------------------------------------------------- duplicate_key


def test_parse__duplicate_key_at_root() -> None:
    parsed = parse(b'{"a": 1, "a": 2}')
    assert parsed.document == {"a": 2}
    (problem,) = parsed.problems
    assert (problem.code, problem.pointer, problem.line, problem.column) == (
        "duplicate_key",
        "/a",
        1,
        15,
    )
    assert "'a'" in problem.message
    assert "line 1, column 7" in problem.message  # where the first one is


def test_parse__duplicate_keys_deep_in_arrays_with_escapes() -> None:
    data = (
        b'{"annotations": [\n'
        b'  {"id": "1", "attributes": {"a": 1}},\n'
        b'  {"id": "2", "attributes": {"a": 1, "\\u0061": 2}}\n'
        b"]}"
    )
    assert _duplicates(data) == [("/annotations/1/attributes/a", 3, 48)]


def test_parse__three_occurrences_give_two_findings() -> None:
    data = b'{"k": 1,\n "k": 2,\n "k": 3}'
    assert _duplicates(data) == [("/k", 2, 7), ("/k", 3, 7)]


def test_parse__same_key_in_sibling_objects_is_not_a_duplicate() -> None:
    data = b'{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}], "x": 0}'
    assert parse(data).problems == ()


def test_parse__nfc_and_nfd_keys_are_different() -> None:
    assert parse('{"\u00e9": 1, "e\u0301": 2}'.encode()).problems == ()


def test_parse__duplicate_hidden_by_an_escaped_colon() -> None:
    # One dropped member and one escaped colon: the colon counts balance.
    data = b'{"a": "x", "a": "\\u003a"}'
    assert _duplicates(data) == [("/a", 1, 17)]


def test_parse__duplicate_inside_a_discarded_value_is_found() -> None:
    data = b'{"a": {"b": 1, "b": 2}, "a": 3}'
    assert _duplicates(data) == [("/a/b", 1, 21), ("/a", 1, 30)]


def test_parse__duplicate_keys_are_escaped_in_the_pointer() -> None:
    data = '{"a/b~c": 1, "a/b~c": 2, " +한": 1, " +\\ud55c": 2, "😀": 1, "\\ud83d\\ude00": 2}'
    assert [p for p, _, _ in _duplicates(data.encode())] == ["/a~1b~0c", "/ +한", "/😀"]


def test_parse__duplicate_key_in_1024_deep_document() -> None:
    data = b"[" * 1023 + b'{"a": 1, "a": 2}' + b"]" * 1023
    assert _duplicates(data) == [("/0" * 1023 + "/a", 1, 1038)]


def test_parse__duplicate_key_of_every_type_of_value() -> None:
    data = b'{"a": [1, {"b": 2}], "a": {"c": [3]}, "d": null, "d": "x"}'
    assert [p for p, _, _ in _duplicates(data)] == ["/a", "/d"]


# ---------------------------------------------------------------- never raises


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_parse__never_raises_on_arbitrary_bytes(data: bytes) -> None:
    parsed = parse(data)
    if not parsed.ok:
        assert parsed.document is None
        assert [p.code for p in parsed.problems if p.code != "byte_order_mark"] == ["invalid_json"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=20,
)


@settings(max_examples=200)
@given(json_values, st.data())
def test_parse__injected_duplicate_is_always_found(value: object, data: st.DataObject) -> None:
    text = json.dumps({"k": value, "z": 1})
    assert parse(text.encode()).problems == ()
    spliced = text[:-1] + ', "k": ' + json.dumps(data.draw(json_values)) + "}"
    assert [p.pointer for p in parse(spliced.encode()).problems] == ["/k"]


def test_parse__accepts_bytes_like_input() -> None:
    for data in (bytearray(b'{"a": 1}'), memoryview(b'\xef\xbb\xbf{"a": 1}')):
        parsed = parse(data)  # type: ignore[arg-type]
        assert parsed.ok
        assert parsed.data == b'{"a": 1}'
