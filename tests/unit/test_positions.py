"""locate(): JSON Pointer -> (line, column), with fallbacks, on any bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gt_validator.positions import locate

pytestmark = pytest.mark.unit

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "parse" / "sample_24k.json"

DOC = b"""{
  "annotations": [
    {"id": "1", "label": "car", "points": [[1, 2], [3, 4]]},
    {"id": "2", "points": []}
  ],
  "metadata": {"height": 1080},
  "a/b": {"m~n": 1},
  "\xeb\xb3\xb4\xed\x96\x89\xec\x9e\x90": "x", "z": 1
}"""


@pytest.mark.parametrize(
    ("pointer", "where"),
    [
        pytest.param("", (1, 1), id="root"),
        pytest.param("/annotations", (2, 18), id="array"),
        pytest.param("/annotations/0", (3, 5), id="element"),
        pytest.param("/annotations/0/label", (3, 26), id="member"),
        pytest.param("/annotations/0/points/1/0", (3, 53), id="number-in-array"),
        pytest.param("/annotations/1/points", (4, 27), id="empty-array"),
        pytest.param("/metadata/height", (6, 26), id="nested"),
        pytest.param("/a~1b/m~0n", (7, 18), id="escaped-tokens"),
        pytest.param("/보행자", (8, 10), id="korean-key"),
        pytest.param("/z", (8, 20), id="after-korean"),
    ],
)
def test_locate__existing_pointer(pointer: str, where: tuple[int, int]) -> None:
    assert locate(DOC, [pointer]) == {pointer: where}


@pytest.mark.parametrize(
    ("pointer", "where"),
    [
        pytest.param("/annotations/1/label", (4, 5), id="missing-field"),
        pytest.param("/annotations/7/label", (2, 18), id="missing-element"),
        pytest.param("/annotations/01", (2, 18), id="not-an-index"),
        pytest.param("/metadata/width", (6, 15), id="missing-metadata-key"),
        pytest.param("/label/x/y", (1, 1), id="missing-at-root"),
        pytest.param("/annotations/0/label/deeper", (3, 26), id="below-a-scalar"),
        pytest.param("annotations", (1, 1), id="not-a-pointer"),
    ],
)
def test_locate__missing_pointer_falls_back_to_ancestor(
    pointer: str, where: tuple[int, int]
) -> None:
    assert locate(DOC, [pointer]) == {pointer: where}


def test_locate__many_pointers_at_once() -> None:
    pointers = ["/annotations/0/id", "/annotations/1/id", "/z", "/nope", ""]
    assert locate(DOC, pointers) == {
        "/annotations/0/id": (3, 12),
        "/annotations/1/id": (4, 12),
        "/z": (8, 20),
        "/nope": (1, 1),
        "": (1, 1),
    }


def test_locate__no_pointers() -> None:
    assert locate(DOC, []) == {}


def test_locate__later_duplicate_wins() -> None:
    data = b'{"a": {"b": 1},\n "a": {"c": 2}}'
    assert locate(data, ["/a", "/a/b", "/a/c"]) == {
        "/a": (2, 7),
        "/a/b": (2, 7),  # the kept "a" has no "b": its holder
        "/a/c": (2, 13),
    }


def test_locate__escaped_keys_match_unescaped_pointer() -> None:
    data = b'{"\\u0061\\/b": {"\\ud83d\\ude00": 5}}'
    assert locate(data, ["/a~1b/😀"]) == {"/a~1b/😀": (1, 32)}


def test_locate__strings_hide_brackets_and_quotes() -> None:
    data = b'{"a": "[{\\"x\\": ]}", "b": [",", "]"], "c": 3}'
    assert locate(data, ["/c", "/b/1"]) == {"/c": (1, 44), "/b/1": (1, 33)}


def test_locate__bom_is_not_counted() -> None:
    assert locate(b'\xef\xbb\xbf{"a": 1}', ["/a"]) == {"/a": (1, 7)}


def test_locate__crlf_and_tabs() -> None:
    assert locate(b'{\r\n\t"a":\t1}', ["/a"]) == {"/a": (2, 7)}


def test_locate__scalar_root() -> None:
    assert locate(b'  "x"', ["", "/a"]) == {"": (1, 3), "/a": (1, 3)}


def test_locate__empty_input_finds_nothing() -> None:
    assert locate(b"", ["", "/a"]) == {}
    assert locate(b" \n ", ["/a"]) == {}


def test_locate__50000_deep_nesting() -> None:
    deep = b"[" * 50_000
    assert locate(deep, ["", "/0/0", "/0" * 49_999, "/1"]) == {
        "": (1, 1),
        "/0/0": (1, 3),
        "/0" * 49_999: (1, 50_000),
        "/1": (1, 1),
    }
    closed = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    assert locate(closed, ["/a" * 50_000]) == {"/a" * 50_000: (1, 250_001)}


def test_locate__invalid_json_best_effort() -> None:
    data = b'{"a": [1, 2,], "b": NaN, "c" 3, "d": {"e": 1,}, "f": "\xff", "g": 1}'
    assert locate(data, ["/b", "/c", "/d/e", "/f", "/g"]) == {
        "/b": (1, 21),
        "/c": (1, 30),
        "/d/e": (1, 44),
        "/f": (1, 54),
        "/g": (1, 64),  # one U+FFFD for the bad byte
    }


def test_locate__sample_file_agrees_with_a_reference() -> None:
    data = SAMPLE.read_bytes()
    doc: Any = json.loads(data)
    lines = data.decode().split("\n")
    pointers = [f"/annotations/{i}/label" for i in range(len(doc["annotations"]))]
    where = locate(data, pointers)
    for i, pointer in enumerate(pointers):
        line, column = where[pointer]
        expected = json.dumps(doc["annotations"][i]["label"], ensure_ascii=False)
        assert lines[line - 1][column - 1 :].startswith(expected)
        assert lines[line - 1][: column - 1].strip() == '"label":'


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_locate__never_raises_on_arbitrary_bytes(data: bytes) -> None:
    locate(data, ["", "/a", "/0/a", "/a/0/b"])


@settings(max_examples=300)
@given(st.text(alphabet='[]{}",:\\ \n1a', max_size=80))
def test_locate__never_raises_on_json_like_text(text: str) -> None:
    locate(text.encode(), ["", "/a", "/0", "/0/0", "/a/a"])


def test_locate__odd_array_tokens_are_just_missing() -> None:
    data = b'{"a": [10, 11]}'
    pointers = ["/a/\u00b2", "/a/\u0661", "/a/-", "/a/1"]
    assert locate(data, pointers) == {
        "/a/\u00b2": (1, 7),
        "/a/\u0661": (1, 7),
        "/a/-": (1, 7),
        "/a/1": (1, 12),
    }


@pytest.mark.parametrize(
    "text",
    ["[1, 2, 3] tail", "[ ]", '[[1, [2]], {"a": "]"}, "x\\"]" ,  null ]', "[1,2,[3,4]]"],
)
def test_skip_rest__pure_python_agrees_with_the_accelerator(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the pure-Python version copied the rest of the text once per array
    # (quadratic on files with many short arrays); it now steps element by element.
    from gt_validator import _scan

    expected = text.rindex("]") + 1  # the outer array's end: each case ends with it
    if _scan.skip_json is not None:
        assert _scan._skip_rest(text, 1) == expected
    monkeypatch.setattr(_scan, "skip_json", None)
    assert _scan._skip_rest(text, 1) == expected


def test_walk__malformed_nesting_tries_the_c_scanner_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: after the C scanner failed on an unterminated container, the walk
    retried it at every deeper level, rescanning the rest each time (quadratic: 7 s for
    200 KB of ``[{"":``). Once it fails, the rest is walked in Python."""
    from gt_validator import _scan

    if _scan.skip_json is None:
        pytest.skip("the C accelerator is not built: there is no C scanner to retry")
    calls: list[int] = []
    real = _scan.skip_json

    def counting(text: str, start: int, mode: int) -> int:
        calls.append(start)
        return int(real(text, start, mode))

    monkeypatch.setattr(_scan, "skip_json", counting)
    where = locate(b'[{"":' * 2000, ["/0/", "/0//0/"])
    assert where == {"/0/": (1, 6), "/0//0/": (1, 11)}
    assert len(calls) <= 2
