"""A file that holds a repeated key is never valid, whatever escapes it holds.

Through the whole validator (fast gate, member counting, the exact scanner), not
only ``parse``: the bug this guards against lived in the shortcut between them.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gt_validator.validator import Validator, build_validator
from tests.conftest import REPO
from tests.unit.test_properties import document

pytestmark = pytest.mark.unit

VALIDATOR: Validator = build_validator(
    str(REPO / "tests" / "fixtures" / "rules" / "gt-project.json")
)
PASS = (REPO / "tests" / "fixtures" / "rules" / "duplicate_key" / "pass.json").read_text()


def _codes(text: str) -> list[str]:
    report = VALIDATOR.check_bytes(text.encode(), path="x.json", rel_path=None)
    return [f.code for f in report.findings]


def test_check_bytes__escaped_colon_balancing_a_dropped_member_is_reported() -> None:
    # One \u003a in a kept string (one colon more after parsing) and one repeated
    # key (one structural colon fewer): the byte count of colons balances.
    text = PASS.replace('"plate": "label"', '"plate": "lab\\u003ael", "weather": "sunny"', 1)
    assert "duplicate_key" in _codes(text)


def test_check_bytes__escaped_colon_without_a_repeated_key_is_clean() -> None:
    # The near miss: the same escape, no repeated key.
    text = PASS.replace('"plate": "label"', '"plate": "lab\\u003ael"', 1)
    assert _codes(text) == []


def test_check_bytes__escaped_key_repeating_a_plain_key_is_reported() -> None:
    text = PASS.replace('"plate": "label"', '"plate": "label", "\\u0070late": "x\\u003a"', 1)
    assert _codes(text).count("duplicate_key") == 1


def test_check_bytes__escaped_backslash_before_u003a_is_not_an_escaped_colon() -> None:
    # "\\u003a" is a backslash then the text u003a: no colon, no repeated key.
    text = PASS.replace('"plate": "label"', '"plate": "\\\\u003a"', 1)
    assert _codes(text) == []
    text = PASS.replace('"plate": "label"', '"plate": "\\\\u003a", "plate": "\\u003a"', 1)
    assert _codes(text) == ["duplicate_key"]


# ------------------------------------------------------------------ property


def _dump(value: Any, rng: random.Random, rate: float) -> str:
    """JSON text with each string character escaped as \\uXXXX at ``rate``."""
    if isinstance(value, str):
        out = [
            f"\\u{ord(ch):04x}"
            if ord(ch) < 0x10000 and rng.random() < rate
            else json.dumps(ch, ensure_ascii=False)[1:-1]
            for ch in value
        ]
        return '"' + "".join(out) + '"'
    if isinstance(value, dict):
        members = (
            v if k is _SPLICE else f"{_dump(k, rng, rate)}: {_dump(v, rng, rate)}"
            for k, v in value.items()
        )
        return "{" + ", ".join(members) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v, rng, rate) for v in value) + "]"
    return json.dumps(value)


def _objects(value: Any, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


_SPLICE = object()  # a dict key whose value is written as raw member text
_COLONED = st.text(alphabet=':a\\/"é', max_size=6)


# data_too_large: the drawn objects are large by design (escapes, nested values); seen flaky.
@settings(
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document(), st.randoms(use_true_random=False), st.floats(0, 1), _COLONED, st.data())
def test_check_bytes__injected_repeated_key_is_always_reported(
    doc: dict[str, Any], rng: random.Random, rate: float, extra: str, data: st.DataObject
) -> None:
    # Colons in kept strings (plate is a free-text attribute, last_workers free-form),
    # then one object repeats one of its keys, written with other escapes.
    doc["last_workers"] = {extra: extra, "w": None}
    for ann in doc["annotations"]:
        if "plate" in ann["attributes"]:
            ann["attributes"]["plate"] = extra
    holders = [o for o in _objects(doc, []) if o]
    holder = data.draw(st.sampled_from(holders))
    key = data.draw(st.sampled_from(sorted(holder)))
    assert _codes(_dump(doc, rng, rate)) == []  # clean: the fast gate's path
    # The same key and value again, so the parsed document stays clean.
    holder[_SPLICE] = f"{_dump(key, rng, rate)}: {_dump(holder[key], rng, rate)}"  # type: ignore[index]
    spliced = _dump(doc, rng, rate)
    assert "duplicate_key" in _codes(spliced)


def test_locate__the_same_pass_finds_repeated_keys() -> None:
    # The validator's path: positions and repeated keys from one walk, with the same
    # problems parse() finds on its own.
    from gt_validator.parse import parse
    from gt_validator.positions import locate
    from gt_validator.problems import Problem

    data = b'{"a": {"b": 1, "b": 2}, "c": [1, {"d": 1}], "a": 3, "e": {"\\u0066": 1, "f": 2}}'
    found: list[Problem] = []
    where = locate(data, ["/c/1/d", "/missing"], found)
    assert where == {"/c/1/d": (1, 40), "/missing": (1, 1)}
    assert found == list(parse(data).problems)
    assert [p.pointer for p in found] == ["/a/b", "/a", "/e/f"]
