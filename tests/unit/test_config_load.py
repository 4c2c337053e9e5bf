"""load_config / find_config on real files under tests/fixtures/configs/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gt_validator.config.load import (
    MAX_DEPTH,
    ConfigError,
    ConfigUnreadable,
    _folder_of,
    _resolve,
    find_config,
    load_config,
)
from gt_validator.config.model import ANNOTATION_TYPES
from gt_validator.config.resources import CombinedIndex, ManifestIndex
from gt_validator.rules.registry import DEFAULT_LEVELS

pytestmark = pytest.mark.unit

CONFIGS = Path(__file__).resolve().parents[1] / "fixtures" / "configs"
FULL = CONFIGS / "valid" / "full" / "gt-project.json"

# One file per mistake: (pointer, words the message must hold).
INVALID = {
    # SPEC section 2, "What makes a config invalid"
    "resource_type_missing": ("/resource_type", "required key 'resource_type' is missing"),
    "resource_type_unknown": ("/resource_type", "'images' is not one of 'image'"),
    "task_types_missing": ("/task_types", "required key 'task_types' is missing"),
    "task_types_unknown": ("/task_types/1", "'bbox' is not one of"),
    "classes_not_a_list": ("/classes", "must be a list, not an object"),
    "class_type_not_in_project": (
        "/classes/0/types/1",
        "'cuboid' is not one of the project's task_types ('box', 'polygon')",
    ),
    "class_name_duplicate": ("/classes/1/name", "duplicate class name 'car' (first at /classes/0)"),
    "attribute_name_duplicate": (
        "/classes/0/attributes/1/name",
        "duplicate attribute name 'weather'",
    ),
    "classification_attribute_name_duplicate": (
        "/classification/attributes/1/name",
        "duplicate attribute name 'scene'",
    ),
    "attribute_type_unknown": ("/classes/0/attributes/0/type", "'dropdown' is not one of 'select'"),
    "select_without_values": (
        "/classes/0/attributes/0/values",
        "select needs a non-empty 'values' list",
    ),
    "multi_select_empty_values": (
        "/classes/0/attributes/0/values",
        "multi_select needs a non-empty 'values' list",
    ),
    "classification_block_missing": (
        "/classification",
        "task_types has 'classification' but there is no 'classification' block",
    ),
    "rules_unknown_code": (
        "/rules/unkown_class",
        "'unkown_class' is not a rule code; did you mean 'unknown_class'?",
    ),
    "unknown_top_level_key": ("/clases", "unknown key 'clases'; did you mean 'classes'?"),
    # decisions where the spec is silent (docs/config.md)
    "task_types_empty": ("/task_types", "must not be empty"),
    "class_types_empty": ("/classes/0/types", "must not be empty"),
    "class_name_empty": ("/classes/0/name", "must not be empty"),
    "class_unknown_key": (
        "/classes/0/attributes/0/requried",
        "unknown key 'requried'; did you mean 'required'?",
    ),
    "classification_without_task_type": (
        "/classification",
        "a 'classification' block needs 'classification' in task_types",
    ),
    "classification_label_duplicate": ("/classification/labels/2", "duplicate label 'day'"),
    "rules_unknown_level": (
        "/rules/unknown_field",
        "'info' is not one of 'error', 'warning', 'off'",
    ),
    "range_min_above_max": ("/range/y", "min (10) is greater than max (-10)"),
    "range_not_a_pair": ("/range/z", "must be a list of exactly 2 items"),
    "values_on_text_attribute": (
        "/classes/0/attributes/1/values",
        "only select and multi_select take 'values', not text",
    ),
    "min_on_select_attribute": ("/classes/0/attributes/0/min", "only number attributes take 'min'"),
    "number_min_above_max": ("/classes/0/attributes/1/max", "'max' (0) is less than 'min' (9)"),
    "resources_empty": ("/resources", "needs at least one of 'manifest', 'root'"),
    "max_file_bytes_zero": ("/limits/max_file_bytes", "must be at least 1"),
    "max_findings_per_file_zero": ("/limits/max_findings_per_file", "must be at least 1"),
    # a defect of the validator is never ignored
    "rules_internal_error_off": ("/rules/internal_error", "must be 'error'"),
    "required_not_boolean": (
        "/classes/0/attributes/0/required",
        "must be true or false, not a string",
    ),
    # the bytes themselves
    "json_trailing_comma": ("", "invalid JSON at line 3, column 24: trailing comma"),
    "json_nan": ("", "invalid JSON at line 4, column 19"),
    "json_empty": ("", "invalid JSON: the file is empty"),
    "json_not_utf8": ("", "invalid JSON at line 2, column 18: not UTF-8"),
    "json_not_an_object": ("", "the config must be an object, not a list"),
    "json_duplicate_key": ("/classes/0/name", "key 'name' is given twice"),
}


def test_load_config__spec_example_loads_every_field() -> None:
    config = load_config(str(FULL))
    assert config.source == str(FULL)
    assert config.project == "road-2023"
    assert config.resource_type == "image"
    assert config.task_types == {
        "box",
        "polygon",
        "poly_seg",
        "polyline",
        "keypoint",
        "classification",
    }
    assert list(config.classes) == ["car"]
    car = config.classes["car"]
    assert car.types == {"box", "polygon"}
    assert list(car.attributes) == ["weather", "color", "plate", "passengers", "parked"]
    weather = car.attributes["weather"]
    assert (weather.type, weather.required) == ("select", True)
    assert weather.ordered_values == ("sunny", "cloudy", "rainy")
    assert weather.values == {"sunny", "cloudy", "rainy"}
    assert car.attributes["color"].type == "multi_select"
    assert car.attributes["color"].required is False
    assert car.attributes["plate"].type == "text"
    assert (car.attributes["passengers"].min, car.attributes["passengers"].max) == (0.0, 9.0)
    assert car.attributes["parked"].type == "boolean"
    assert config.classification is not None
    assert config.classification.labels == ("day", "night")
    assert config.classification.attributes["scene"].values == {"urban", "highway"}
    assert config.tags == frozenset({"car"})
    assert config.parent_tags == frozenset({"Primary task"})
    assert isinstance(config.resources, ManifestIndex)
    assert config.gt_root == str(FULL.parent)
    assert config.range == {"x": (-100.0, 100.0), "y": (-100.0, 100.0), "z": (-10.0, 10.0)}
    assert config.max_file_bytes == 52428800
    assert config.levels == {**DEFAULT_LEVELS, "unknown_field": "warning", "path_mismatch": "error"}
    import hashlib

    assert config.digest == hashlib.sha256(FULL.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(INVALID))
def test_load_config__invalid(name: str) -> None:
    path = str(CONFIGS / "invalid" / f"{name}.json")
    pointer, words = INVALID[name]
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.pointer == pointer
    assert words in caught.value.message
    assert caught.value.config == path
    assert str(caught.value).startswith(f"{path}: {pointer + ': ' if pointer else ''}")


def test_load_config__every_invalid_fixture_has_an_expectation() -> None:
    assert {p.stem for p in (CONFIGS / "invalid").glob("*.json")} == set(INVALID)


def test_load_config__json_error_carries_line_and_column() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(str(CONFIGS / "invalid" / "json_trailing_comma.json"))
    assert (caught.value.line, caught.value.column) == (3, 24)


NEAR_MISSES = sorted((CONFIGS / "near_miss").glob("*.json"))


@pytest.mark.parametrize("path", NEAR_MISSES, ids=lambda p: p.stem)
def test_load_config__near_miss_is_valid(path: Path) -> None:
    config = load_config(str(path))
    assert config.resources is None


def test_load_config__defaults() -> None:
    config = load_config(str(CONFIGS / "near_miss" / "defaults_everywhere.json"))
    assert config.classes["car"].types == {"box", "keypoint"}  # all annotation task types
    assert config.classes["car"].attributes == {}
    assert config.classification is None
    assert config.tags is None and config.parent_tags is None and config.range is None
    assert config.max_file_bytes == 50 * 1024 * 1024
    assert config.levels == DEFAULT_LEVELS
    assert config.gt_root == str(CONFIGS / "near_miss")
    minimal = load_config(str(CONFIGS / "near_miss" / "minimal.json"))
    assert minimal.classes == {} and minimal.project is None


def test_load_config__classification_only_classes_default_to_no_types() -> None:
    config = load_config(str(CONFIGS / "near_miss" / "classification_only.json"))
    assert config.task_types & ANNOTATION_TYPES == set()
    assert config.classification is not None
    assert config.classification.attributes == {}


def test_load_config__relative_paths_resolve_against_the_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CONFIGS / "valid")
    config = load_config("paths/project/gt-project.json")
    assert config.gt_root == os.path.join("paths", "project", "gt")
    assert isinstance(config.resources, CombinedIndex)
    # manifest ../shared/resources.jsonl: its record wins over the root's
    a = config.resources.lookup("/0000/scene/a.jpg")
    assert a is not None and (a.status, a.file_id, a.scene_id) == ("in_progress", "f-a", "s-1")
    b = config.resources.lookup("/0000/scene/b.jpg")  # manifest only
    assert b is not None and b.file_id == "f-b"
    d = config.resources.lookup("/0000/scene/d.jpg")  # root "media" only
    assert d is not None and (d.status, d.file_id, d.scene_id) == ("not_started", None, None)
    assert config.resources.lookup("/0000/scene/e.jpg") is None


def test_load_config__config_in_working_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CONFIGS / "near_miss")
    assert load_config("minimal.json").gt_root == "."


def test_load_config__without_resources_loading() -> None:
    assert load_config(str(FULL), load_resources=False).resources is None


def test_load_config__missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ConfigUnreadable) as caught:
        load_config(str(tmp_path / "gt-project.json"))
    assert caught.value.pointer == ""
    assert "cannot read the config" in str(caught.value)


def test_load_config__missing_manifest_points_at_it(tmp_path: Path) -> None:
    path = tmp_path / "gt-project.json"
    path.write_text(
        '{"resource_type": "image", "task_types": ["box"], "resources": {"manifest": "nope.jsonl"}}'
    )
    with pytest.raises(ConfigUnreadable) as caught:
        load_config(str(path))
    assert caught.value.pointer == "/resources/manifest"
    assert "nope.jsonl" in caught.value.message


def test_load_config__root_that_is_not_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "gt-project.json"
    path.write_text(
        '{"resource_type": "image", "task_types": ["box"], "resources": {"root": "media"}}'
    )
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    assert caught.value.pointer == "/resources/root"


def test_config_error__str_names_config_pointer_and_message() -> None:
    error = ConfigError(
        "select needs a non-empty 'values' list",
        config="gt-project.json",
        pointer="/classes/0/attributes/1/values",
    )
    assert str(error) == (
        "gt-project.json: /classes/0/attributes/1/values: select needs a non-empty 'values' list"
    )
    assert str(ConfigError("bad", config="c.json")) == "c.json: bad"


@pytest.mark.parametrize(
    ("config", "value", "folder", "expected"),
    [
        ("s3://b/p/q/gt-project.json", ".", True, "s3://b/p/q/"),
        ("s3://b/p/q/gt-project.json", "gt", True, "s3://b/p/q/gt/"),
        ("s3://b/p/q/gt-project.json", "../m.jsonl", False, "s3://b/p/m.jsonl"),
        ("s3://b/p/q/gt-project.json", "/top/m.jsonl", False, "s3://b/top/m.jsonl"),
        ("s3://b/p/q/gt-project.json", "s3://other/x/", True, "s3://other/x/"),
        ("s3://b/gt-project.json", ".", True, "s3://b/"),
        ("s3://b/gt-project.json", "gt/", True, "s3://b/gt/"),
        ("proj/gt-project.json", "s3://b/gt", True, "s3://b/gt/"),
        ("proj/gt-project.json", "../gt", True, "gt"),
        ("/abs/proj/gt-project.json", "/else/where", True, "/else/where"),
    ],
)
def test_resolve__against_config_location(
    config: str, value: str, folder: bool, expected: str
) -> None:
    assert _resolve(_folder_of(config), value, "/gt_root", config=config, folder=folder) == expected


def test_resolve__above_the_bucket_is_an_error() -> None:
    config = "s3://b/p/gt-project.json"
    with pytest.raises(ConfigError) as caught:
        _resolve(_folder_of(config), "../../x", "/gt_root", config=config, folder=True)
    assert caught.value.pointer == "/gt_root"


def test_find_config__walks_up_from_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    project = CONFIGS / "valid" / "paths" / "project"
    start = project / "gt" / "0000" / "scene" / "a.json"
    assert find_config(start) == project / "gt-project.json"
    monkeypatch.chdir(project / "gt")
    assert find_config(Path("0000/scene")) == Path("../gt-project.json")
    assert find_config(Path(".")) == Path("../gt-project.json")


def test_find_config__from_the_config_itself_or_its_folder() -> None:
    project = CONFIGS / "valid" / "paths" / "project"
    assert find_config(project) == project / "gt-project.json"
    assert find_config(project / "gt-project.json") == project / "gt-project.json"


def test_find_config__none_when_absent(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    found = find_config(tmp_path / "a" / "b")
    # tmp_path's ancestors hold no gt-project.json on a sane machine
    assert found is None or not str(found).startswith(str(tmp_path))


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 1000])
def test_load_config__nesting_deeper_than_the_limit_is_a_config_error(
    tmp_path: Path, depth: int
) -> None:
    """Legal JSON nested 1,000 deep once raised RecursionError; the limit is told first."""
    path = tmp_path / "gt-project.json"
    nested = "[" * (depth - 1) + "1" + "]" * (depth - 1)  # the root object is level 0
    path.write_text(
        '{"resource_type": "image", "task_types": ["box"], "rules": ' + nested + "}",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    deep = "nested more than" in info.value.message
    assert deep == (depth > MAX_DEPTH), info.value.message  # at the limit: the schema speaks


@pytest.mark.parametrize("key", ["gt_root", "resources/manifest", "resources/root"])
def test_load_config__nul_in_a_path_is_a_config_error(tmp_path: Path, key: str) -> None:
    path = tmp_path / "gt-project.json"
    doc: dict[str, object] = {"resource_type": "image", "task_types": ["box"]}
    if key == "gt_root":
        doc["gt_root"] = "g\x00t"
    else:
        doc["resources"] = {key.split("/")[1]: "res\x00ources"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ConfigError, match="NUL character") as info:
        load_config(str(path))
    assert info.value.pointer == "/" + key
    doc[key.split("/")[0]] = "gt" if key == "gt_root" else {key.split("/")[1]: "resources"}
    path.write_text(json.dumps(doc), encoding="utf-8")  # the near miss: no NUL, other story
    try:
        load_config(str(path))
    except ConfigError as exc:
        assert "NUL" not in exc.message
