"""The per-project GT schema, and its compiled validator cached on disk."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from gt_validator.config import gt_schema as gt_schema_module
from gt_validator.config.gt_schema import cache_dir, compiled_gt_validator, gt_schema
from gt_validator.config.load import load_config
from gt_validator.config.model import ProjectConfig

pytestmark = pytest.mark.unit

CONFIGS = Path(__file__).resolve().parents[1] / "fixtures" / "configs"
ID = "26-abd21cb9-cb89-4cf4-8de6-b0a6421024b3"
GOOD: dict[str, Any] = {
    "annotations": [
        {
            "id": ID,
            "type": "box",
            "label": "car",
            "points": [[1, 2], [3, 4.5]],
            "attributes": {
                "weather": "sunny",
                "color": ["red", "blue"],
                "passengers": 2,
                "parked": False,
                "plate": "AB-1",
            },
        },
        {
            "id": "27-ABD21CB9-CB89-4CF4-8DE6-B0A6421024B3",
            "type": "polygon",
            "label": "car",
            "points": [[0, 0], [5, 0], [5, 5]],
            "attributes": {"weather": "rainy"},
            "track_id": 3,
        },
    ],
    "attributes": {"scene": "urban"},
    "label": "day",
    "file_id": "6465703408f21776587bbdac",
    "filename": "x.jpg",
    "parent_path": "/0000/a",
    "metadata": {"height": 1080.0, "width": 1920, "exif": {}},
    "tags": ["car"],
    "parent_tags": ["Primary task"],
    "last_modifier_id": None,
    "last_workers": {"a": "b", "c": None},
}


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    *parents, last = path.split("/")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    key: Any = int(last) if isinstance(node, list) else last
    if value is KeyError:
        del node[key]
    else:
        node[key] = value
    return doc


BAD = {
    "unknown label": ("annotations/0/label", "Car"),
    "class not registered for type": ("annotations/0/type", "keypoint"),
    "type not in project": ("annotations/0/type", "cuboid"),
    "select value": ("annotations/0/attributes/weather", "snowy"),
    "multi_select repeats": ("annotations/0/attributes/color", ["red", "red"]),
    "number above max": ("annotations/0/attributes/passengers", 10),
    "unknown attribute": ("annotations/0/attributes/wheels", 4),
    "missing required attribute": ("annotations/1/attributes/weather", KeyError),
    "box with 3 points": ("annotations/0/points", [[1, 2], [3, 4], [5, 6]]),
    "polygon with 2 points": ("annotations/1/points", [[1, 2], [3, 4]]),
    "boolean coordinate": ("annotations/0/points", [[1, True], [3, 4]]),
    "bad id": ("annotations/0/id", "abd21cb9-cb89-4cf4-8de6-b0a6421024b3"),
    "bad classification label": ("label", "dusk"),
    "missing label": ("label", KeyError),
    "scene_id in an image project": ("scene_id", "s"),
    "parent_path relative": ("parent_path", "0000/a"),
    "empty filename": ("filename", ""),
    "height zero": ("metadata/height", 0),
    "width fraction": ("metadata/width", 1920.5),
    "tag not listed": ("tags", ["bus"]),
    "unknown top-level field": ("lable", "day"),
    "unknown annotation field": ("annotations/0/colour", "red"),
    "track_id float": ("annotations/1/track_id", 1.5),
}


@pytest.fixture(scope="module")
def config() -> ProjectConfig:
    return load_config(str(CONFIGS / "valid" / "full" / "gt-project.json"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GT_VALIDATOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gt_schema_module, "_compiled", {})


def test_gt_schema__is_valid_draft_07(config: ProjectConfig) -> None:
    jsonschema.Draft7Validator.check_schema(gt_schema(config))


def test_compiled_gt_validator__good_document_passes(config: ProjectConfig) -> None:
    compiled_gt_validator(config)(copy.deepcopy(GOOD))
    jsonschema.validate(GOOD, gt_schema(config))


@pytest.mark.parametrize("case", sorted(BAD))
def test_compiled_gt_validator__bad_document_fails(config: ProjectConfig, case: str) -> None:
    doc = _set(GOOD, *BAD[case])
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        compiled_gt_validator(config)(doc)
    with pytest.raises(jsonschema.ValidationError):  # an editor agrees
        jsonschema.validate(doc, gt_schema(config))


def test_compiled_gt_validator__code_cached_on_disk(config: ProjectConfig) -> None:
    compiled_gt_validator(config)
    cached = list(cache_dir().glob("gt_schema_*.py"))
    assert len(cached) == 1
    assert os.stat(cache_dir()).st_mode & 0o077 == 0
    # A new process (simulated: the in-memory memo emptied) imports, not compiles.
    gt_schema_module._compiled.clear()
    stamp = cached[0].stat().st_mtime_ns
    compiled_gt_validator(config)(copy.deepcopy(GOOD))
    assert cached[0].stat().st_mtime_ns == stamp


def test_compiled_gt_validator__shared_cache_dir_not_trusted(
    config: ProjectConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("GT_VALIDATOR_CACHE_DIR", str(shared))
    compiled_gt_validator(config)(copy.deepcopy(GOOD))  # compiled in memory instead
    assert list(shared.iterdir()) == []


def test_gt_schema__open_when_unknown_field_is_off(tmp_path: Path) -> None:
    path = tmp_path / "gt-project.json"
    path.write_text(
        '{"resource_type": "point_cloud", "task_types": ["cuboid"],'
        ' "classes": [{"name": "car"}], "range": {"z": [-1, 1]},'
        ' "rules": {"unknown_field": "off"}}'
    )
    config = load_config(str(path))
    cube = [[0, 0, 0]] * 7 + [[0, 0, 0.5]]
    doc = {
        "annotations": [
            {
                "id": ID,
                "type": "cuboid",
                "label": "car",
                "attributes": {},
                "points": cube,
                "extra": 1,
            }
        ],
        "attributes": {},
        "filename": "f.pcd",
        "parent_path": "/s",
        "scene_id": "s",
        "metadata": {},
        "extra": True,
    }
    validate = compiled_gt_validator(config)
    validate(doc)
    for bad in (
        _set(doc, "annotations/0/points/7", [0, 0, 2]),  # z out of range
        _set(doc, "metadata", {"fps": 1}),  # point clouds: {}
        _set(doc, "scene_id", KeyError),
        _set(doc, "label", "x"),
    ):  # no classification: forbidden even when open
        with pytest.raises(fastjsonschema.JsonSchemaValueException):
            validate(bad)
