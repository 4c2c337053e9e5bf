# ruff: noqa: RUF001  (look-alike letters are what this test is about)
"""Property: a generated valid file with one random safe corruption is restored by
``fix`` to its exact original bytes (whatever the indentation and separators)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from gt_validator.config.load import load_config
from gt_validator.config.model import ProjectConfig
from gt_validator.fixes.apply import fix_bytes
from gt_validator.fixes.plan import FIX_CODES
from gt_validator.validator import Validator
from tests.beyond_project import annotation, document, write_project

pytestmark = pytest.mark.unit

LOOK_ALIKES = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р"}  # Latin -> Cyrillic


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> ProjectConfig:
    return load_config(str(write_project(tmp_path_factory.mktemp("p"), {})))


xs = st.integers(0, 200) | st.floats(0, 200, allow_nan=False).map(lambda f: round(f, 2))
ys = st.integers(0, 100) | st.floats(0, 100, allow_nan=False).map(lambda f: round(f, 2))


@st.composite
def annotations(draw: st.DrawFn, index: int) -> dict[str, Any]:
    label = draw(st.sampled_from(["car", "pedestrian"]))
    x1, x2 = sorted(draw(st.tuples(xs, xs)))
    y1, y2 = sorted(draw(st.tuples(ys, ys)))
    attrs: dict[str, Any] = {}
    if label == "car":
        if draw(st.booleans()):
            attrs["weather"] = draw(st.sampled_from(["sunny", "rainy"]))
        attrs["color"] = draw(st.lists(st.sampled_from(["red", "blue"]), unique=True))
    return annotation(index, label, points=[[x1, y1], [x2, y2]], **attrs)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    anns = [draw(annotations(i + 1)) for i in range(draw(st.integers(1, 4)))]
    scene = draw(st.sampled_from([{}, {"scene": "urban"}, {"scene": "highway"}]))
    return document(*anns, label=draw(st.sampled_from(["day", "night"])), **scene)


def _disguise(draw: st.DrawFn, name: str) -> str:
    how = draw(st.sampled_from(["upper", "title", "spaces", "look-alike", "full-width"]))
    if how == "upper":
        return name.upper()
    if how == "title":
        return name.title()
    if how == "spaces":
        return f"  {name} "
    if how == "full-width":
        return "".join(chr(ord(c) + 0xFEE0) for c in name)
    alike = "".join(LOOK_ALIKES.get(c, c) for c in name)
    return alike if alike != name else name.upper()  # 'night' has no look-alike here


@st.composite
def corruptions(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(doc)
    anns = bad["annotations"]
    i = draw(st.integers(0, len(anns) - 1))
    ann = anns[i]
    choices = ["label", "file label"]
    if "weather" in ann["attributes"]:
        choices += ["weather value", "weather key"]
    if "scene" in bad["attributes"]:
        choices.append("scene value")
    (x1, y1), (x2, y2) = ann["points"]
    if x1 < x2 or y1 < y2:
        choices.append("box")
    what = draw(st.sampled_from(choices))
    if what == "label":
        ann["label"] = _disguise(draw, ann["label"])
    elif what == "file label":
        bad["label"] = _disguise(draw, bad["label"])
    elif what == "weather value":
        ann["attributes"]["weather"] = _disguise(draw, ann["attributes"]["weather"])
    elif what == "weather key":
        key = _disguise(draw, "weather")
        ann["attributes"] = {
            (key if k == "weather" else k): v for k, v in ann["attributes"].items()
        }
    elif what == "scene value":
        bad["attributes"]["scene"] = _disguise(draw, bad["attributes"]["scene"])
    else:
        ann["points"] = [[x2, y2], [x1, y1]] if x1 < x2 and y1 < y2 else [[x2, y1], [x1, y2]]
        if not x1 < x2:
            ann["points"] = [[x1, y2], [x2, y1]]
    return bad


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fix_bytes__restores_the_original_bytes(config: ProjectConfig, data: st.DataObject) -> None:
    doc = data.draw(documents())
    indent = data.draw(st.sampled_from([None, 2, 4, "\t"]))
    separators = data.draw(st.sampled_from([None, (",", ":"), (", ", " : ")]))

    def dumps(value: dict[str, Any]) -> bytes:
        text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=False)
        return text.replace("\n", "\r\n").encode() if indent == "\t" else text.encode()

    original = dumps(doc)
    assert Validator(config).check_bytes(original, path="x", rel_path=None).valid
    broken = dumps(data.draw(corruptions(doc)))
    if data.draw(st.booleans()):
        broken = b"\xef\xbb\xbf" + broken
    assert broken != original
    out = fix_bytes(broken, config, frozenset(FIX_CODES))
    note(f"{broken!r}\n{out!r}")
    assert out.data == original
    assert out.left == ()


def test_fix_bytes__fixed_file_is_valid(config: ProjectConfig, tmp_path: Path) -> None:
    doc = document(annotation(1, "CAR", weather="Rainy "), label="DAY")
    out = fix_bytes(json.dumps(doc).encode(), config, frozenset(FIX_CODES))
    assert Validator(config).check_bytes(out.data, path="x", rel_path=None).valid
