"""How names and values are shown in messages (rules/names.py): exact outputs, since
these strings are what a user reads."""

from __future__ import annotations

from typing import Any

import pytest

from gt_validator.rules.names import expected, quote, suggestion


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("car", "'car'"),
        ("a\nb", "'a\\nb'"),
        ("é", "'é'"),
        ("x" * 300, "'" + "x" * 240 + "...'"),
        ("x" * 240, "'" + "x" * 240 + "'"),
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (1, "1"),
        (0, "0"),
        (1.5, "1.5"),
        ([], "[]"),
        ({}, "{}"),
        ([1, "a", None, False], "[1, 'a', null, false]"),
        ({"k": [1, 2], "z": {}}, "{'k': [1, 2], 'z': {}}"),
        ([[[[1]]]], "[[[[1]]]]"),
        (["\x00"], "['\\x00']"),
        (list(range(100)), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1..."),
        ({"a" * 70: 1}, "{'" + "a" * 58 + "..."),
        (_nested(1000), "[" * 60 + "..."),
    ],
)
def test_quote__exact(value: object, shown: str) -> None:
    assert quote(value) == shown


def test_quote__limit_is_honoured() -> None:
    assert quote([1, 2, 3], limit=5) == "[1, 2..."
    assert quote([1, 2], limit=6) == "[1, 2]"
    assert quote("abcdefghij", limit=2) == "'abcdefgh...'"


@pytest.mark.parametrize(
    ("name", "registered", "said"),
    [
        ("Car", ["car", "bus"], "; did you mean 'car'? (names are case-sensitive)"),
        (
            "c\u0430r",
            ["car"],
            "; did you mean 'car'? (it differs by look-alike or invisible "
            "characters: U+0430 CYRILLIC SMALL LETTER A)",
        ),
        (
            "ca\u200br",
            ["car"],
            "; did you mean 'car'? (it differs by look-alike or invisible "
            "characters: U+200B ZERO WIDTH SPACE)",
        ),
        ("cars", ["car", "pedestrian"], "; did you mean 'car'?"),
        ("zebra", ["car"], ""),
        ("car", [], ""),
    ],
)
def test_suggestion__exact(name: str, registered: list[str], said: str) -> None:
    assert suggestion(name, registered) == said


def test_expected__lists_at_most_the_limit() -> None:
    assert expected([]) == " (none are registered)"
    assert expected(["a", "b"]) == " (expected one of: 'a', 'b')"
    names = [f"n{i}" for i in range(10)]
    assert expected(names, limit=3) == " (expected one of: 'n0', 'n1', 'n2', ... (7 more))"
