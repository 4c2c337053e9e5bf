"""gt-project.schema.json: in sync with the code, its copies and its generated validator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gt_validator.config import schema_cache
from gt_validator.config.model import ANNOTATION_TYPES, RESOURCE_TYPES, TASK_TYPES
from gt_validator.rules.registry import CODES

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / "tests" / "fixtures" / "configs"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return schema_cache.config_schema()


def test_generate_code__matches_the_shipped_validator() -> None:
    # Fails after a schema edit: run `python -m gt_validator.config.schema_cache --write`.
    assert schema_cache.GENERATED_PATH.read_text("utf-8") == schema_cache.generate_code()


def test_main__check_passes_on_a_fresh_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert schema_cache.main(["--check"]) == 0


def test_config_schema__root_copy_is_identical() -> None:
    packaged = REPO / "handler" / "gt_validator" / "schemas" / "gt-project.schema.json"
    assert (REPO / "schemas" / "gt-project.schema.json").read_bytes() == packaged.read_bytes()


def test_config_schema__is_valid_draft_07(schema: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_config_schema__enums_match_the_code(schema: dict[str, Any]) -> None:
    props, defs = schema["properties"], schema["definitions"]
    assert set(props["rules"]["propertyNames"]["enum"]) == CODES
    assert set(props["resource_type"]["enum"]) == RESOURCE_TYPES
    assert set(props["task_types"]["items"]["enum"]) == TASK_TYPES
    assert set(defs["class"]["properties"]["types"]["items"]["enum"]) == ANNOTATION_TYPES


def test_config_schema__top_level_is_closed(schema: dict[str, Any]) -> None:
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"resource_type", "task_types"}


@pytest.mark.parametrize(
    "path",
    [*sorted((CONFIGS / "near_miss").glob("*.json")), CONFIGS / "valid/full/gt-project.json"],
    ids=lambda p: p.stem,
)
def test_config_schema__editors_agree_on_valid_configs(schema: dict[str, Any], path: Path) -> None:
    # What an editor (a full JSON Schema implementation) says of the valid fixtures.
    jsonschema.validate(json.loads(path.read_text("utf-8-sig")), schema)


@pytest.mark.parametrize(
    ("doc", "pointer", "message"),
    [
        ({"resource_type": "image", "task_types": ["box"]}, None, None),
        (
            {"task_types": ["box"], "resource_type": "vid"},
            "/resource_type",
            "'vid' is not one of 'image', 'sequence_image', 'video', 'point_cloud', 'text'; "
            "did you mean 'video'?",
        ),
        (
            {"resource_type": "image", "task_types": "box"},
            "/task_types",
            "must be a list, not a string",
        ),
        (
            {"resource_type": "image", "task_types": ["box"], "range": {"x": [0, True]}},
            "/range/x/1",
            "must be a number, not true or false",
        ),
        (
            {"resource_type": "image", "task_types": ["box"], "resources": {"manifest": ""}},
            "/resources/manifest",
            "must not be empty",
        ),
        (
            {"resource_type": "image", "task_types": ["box"], "resources": {"root": "r", "x": 1}},
            "/resources/x",
            "unknown key 'x' (allowed: 'manifest', 'root')",
        ),
        (
            {"resource_type": "image", "task_types": ["box"], "rules": {"a.b": "off"}},
            "/rules/a.b",
            "'a.b' is not a rule code",
        ),
        (
            {"resource_type": "image", "task_types": ["box"], "classes": [{"name": "c", "x/y": 1}]},
            "/classes/0/x~1y",
            "unknown key 'x/y' (allowed: 'name', 'types', 'attributes')",
        ),
    ],
)
def test_shape_problem__pointer_and_message(
    doc: object, pointer: str | None, message: str | None
) -> None:
    problem = schema_cache.shape_problem(doc)
    assert problem == (None if pointer is None else (pointer, message))
