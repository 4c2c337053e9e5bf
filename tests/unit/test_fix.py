# ruff: noqa: RUF001, RUF003  (look-alike letters are what these tests are about)
"""Safe fixes: folding, spans, and fix_bytes keeping every other byte."""

from __future__ import annotations

import json

import pytest

from gt_validator.config.load import load_config
from gt_validator.config.model import ProjectConfig
from gt_validator.fixes.apply import fix_bytes
from gt_validator.fixes.fold import confusables, fold, folder
from gt_validator.fixes.plan import FIX_CODES
from gt_validator.fixes.spans import Edit, Span, apply, key_span, value_span
from tests.beyond_project import annotation, document, write_project

pytestmark = pytest.mark.unit

ALL = frozenset(FIX_CODES)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> ProjectConfig:
    root = tmp_path_factory.mktemp("project")
    return load_config(str(write_project(root, {})))


def _fix(config: ProjectConfig, text: str, wanted: frozenset[str] = ALL) -> tuple[str, list[str]]:
    out = fix_bytes(text.encode("utf-8"), config, wanted)
    return out.data.decode("utf-8"), [f"{f.code}: {f.message}" for f in out.fixed + out.left]


def test_fold__case_whitespace_nfkc_and_confusables_meet() -> None:
    assert fold("  Car ") == fold("car") == fold("ｃａｒ") == fold("саr")  # Cyrillic с, а
    assert fold("light  truck") == fold("Light Truck")
    assert fold("car\u200b") == fold("car")  # an invisible format character


def test_fold__different_names_stay_apart() -> None:
    assert fold("cat") != fold("car")
    assert fold("car2") != fold("car")


def test_confusables__come_from_unicode_data() -> None:
    table = confusables()
    assert len(table) > 4000  # the whole of confusables.txt, not a hand-written list
    assert fold("\u217d") == fold("c")  # SMALL ROMAN NUMERAL ONE HUNDRED


def test_folder_match__ambiguous_when_two_names_fold_together() -> None:
    assert folder(("Bus", "BUS", "car")).match("bus").candidates == ("Bus", "BUS")
    assert folder(("Bus", "BUS", "car")).match("bus").unique is None
    assert folder(("car",)).match("CAR").unique == "car"


def test_value_span__string_with_escapes_and_number() -> None:
    text = '{"a": "x\\"y", "b": -1.5e3}'
    s = value_span(text, text.index('"x'))
    assert s is not None and text[s.start : s.end] == '"x\\"y"'
    n = value_span(text, text.index("-1"))
    assert n is not None and text[n.start : n.end] == "-1.5e3"


def test_key_span__key_with_escaped_quote_and_backslash() -> None:
    text = '{"k\\\\": 1, "q\\"r" :\n 2}'
    first = key_span(text, text.index("1"))
    assert first is not None and text[first.start : first.end] == '"k\\\\"'
    second = key_span(text, text.index("2"))
    assert second is not None and text[second.start : second.end] == '"q\\"r"'
    assert key_span(text, text.index("{")) is None


def test_apply__overlapping_edits_refused() -> None:
    assert apply("abcdef", [Edit(Span(0, 3), "X"), Edit(Span(5, 6), "Y")]) == "XdeY"
    assert apply("abcdef", [Edit(Span(0, 3), "X"), Edit(Span(2, 4), "Y")]) is None


def test_fix_bytes__label_fixed_and_every_other_byte_kept(config: ProjectConfig) -> None:
    text = (
        '{ "annotations" : [ {"id": "1-0f8fad5b-d9cb-469f-a165-70867728950e", "type": "box",\r\n'
        '  "attributes": {"passengers": 2.50E0}, "points": [[1.0, 2], [3, 4e1]],\r\n'
        '  "label":   " CAR " } ],\r\n'
        '"attributes": {}, "label": "day", "filename": "x.jpg", "parent_path": "/a",\r\n'
        '"metadata": {"height": 100, "width": 200}}'
    )
    fixed, said = _fix(config, text)
    assert fixed == text.replace('" CAR "', '"car"')
    assert said == ["unknown_class: ' CAR ' -> 'car'"]


def test_fix_bytes__near_miss_left_as_is(config: ProjectConfig) -> None:
    text = json.dumps(document(annotation(1, "cart")))
    assert _fix(config, text) == (text, [])


def test_fix_bytes__ambiguous_left_alone_and_said(config: ProjectConfig) -> None:
    text = json.dumps(document(annotation(1, "bus")))
    fixed, said = _fix(config, text)
    assert fixed == text
    assert said == ["unknown_class: 'bus' is ambiguous: it matches 'Bus' and 'BUS'"]


def test_fix_bytes__label_then_attributes_of_the_right_class(config: ProjectConfig) -> None:
    doc = document(annotation(1, "Car", Weather="Sunny ", color=["RED", "blue"]))
    fixed, said = _fix(config, json.dumps(doc))
    ann = json.loads(fixed)["annotations"][0]
    assert ann["label"] == "car"
    assert ann["attributes"] == {"weather": "sunny", "color": ["red", "blue"]}
    assert len(said) == 4


def test_fix_bytes__multi_select_item_ambiguous_or_repeated(config: ProjectConfig) -> None:
    # 'BLUE' folds onto 'blue' and 'Blue'; 'Red' would repeat 'red'.
    doc = document(annotation(1, "car", color=["BLUE", "red", "Red"]))
    fixed, said = _fix(config, json.dumps(doc))
    assert json.loads(fixed)["annotations"][0]["attributes"]["color"] == ["BLUE", "red", "Red"]
    assert [s.split(":")[0] for s in said] == ["invalid_attribute_value"] * 2


def test_fix_bytes__attribute_key_clash_left_alone(config: ProjectConfig) -> None:
    doc = document(annotation(1, "car", weather="sunny", Weather="rainy"))
    fixed, said = _fix(config, json.dumps(doc))
    assert fixed == json.dumps(doc)
    assert said == ["unknown_attribute: 'Weather' matches 'weather', which the object already has"]


def test_fix_bytes__classification_label_and_attribute(config: ProjectConfig) -> None:
    doc = document(annotation(1, "car"), label="Night", scene="URBAN")
    fixed, _ = _fix(config, json.dumps(doc))
    assert json.loads(fixed)["label"] == "night"
    assert json.loads(fixed)["attributes"] == {"scene": "urban"}


def test_fix_bytes__box_swapped_on_one_axis(config: ProjectConfig) -> None:
    text = json.dumps(document(annotation(1, "car", points=[[30.0, 20], [10, 40]])))
    fixed, said = _fix(config, text)
    assert fixed == text.replace("[[30.0, 20], [10, 40]]", "[[10, 20], [30.0, 40]]")
    assert said == ["invalid_points: box corners swapped on x (30.0 > 10); reordered to x 10, 30.0"]


def test_fix_bytes__box_in_order_and_polygon_untouched(config: ProjectConfig) -> None:
    text = json.dumps(
        document(
            annotation(1, "car", points=[[10, 20], [10, 20]]),
            annotation(2, "car", "polygon", points=[[30, 20], [10, 40], [5, 5]]),
        )
    )
    assert _fix(config, text) == (text, [])


def test_fix_bytes__bom_dropped_unless_not_selected(config: ProjectConfig) -> None:
    raw = "\ufeff" + json.dumps(document(annotation(1, "Car")))
    fixed, said = _fix(config, raw)
    assert fixed == raw[1:].replace('"Car"', '"car"')
    assert said[0] == "byte_order_mark: removed the byte order mark"
    kept, _ = _fix(config, raw, frozenset({"unknown_class"}))
    assert kept == raw.replace('"Car"', '"car"')


def test_fix_bytes__select_limits_the_fixes(config: ProjectConfig) -> None:
    text = json.dumps(document(annotation(1, "Car", points=[[30, 20], [10, 40]])))
    fixed, said = _fix(config, text, frozenset({"invalid_points"}))
    assert '"Car"' in fixed and "[[10, 20], [30, 40]]" in fixed
    assert len(said) == 1


def test_fix_bytes__invalid_json_untouched(config: ProjectConfig) -> None:
    text = '{"annotations": [{"label": "Car",}]}'
    assert _fix(config, text) == (text, [])


def test_fix_bytes__escaped_label_replaced_whole(config: ProjectConfig) -> None:
    text = json.dumps(document(annotation(1, "C\u0430r")))  # ensure_ascii: "C\\u0430r"
    assert "\\u0430" in text
    fixed, _ = _fix(config, text)
    assert fixed == text.replace('"C\\u0430r"', '"car"')
