"""Every rule code of the contract, its default severity and its documentation.

docs/rules.md is generated from this table (``gt-validate rules --markdown``);
the failing and passing examples live in ``tests/fixtures/rules/<code>/`` and are run
by the tests, so the catalog cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "off"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    default: Level
    checks: str
    why: str
    family: str


_RULES = (
    Rule(
        "invalid_json",
        "error",
        "The file is RFC 8259 JSON: valid UTF-8, no NaN/Infinity, no number "
        "that overflows a double, no comments or trailing commas, not empty, at most 1,024 levels "
        "deep.",
        "The platform's parser rejects anything else; lenient parsers disagree on it.",
        "parse",
    ),
    Rule(
        "byte_order_mark",
        "error",
        "The file does not start with a UTF-8 byte order mark. The rest "
        "of the file is still validated.",
        "RFC 8259 forbids emitting a BOM and many parsers reject it.",
        "parse",
    ),
    Rule(
        "duplicate_key",
        "error",
        "No object holds the same key twice (compared after unescaping); "
        "the finding points at the later one.",
        "Parsers silently keep the last value, so the earlier one is lost without a word.",
        "parse",
    ),
    Rule(
        "file_too_large",
        "error",
        "The file is at most `limits.max_file_bytes` (default 50 MiB). "
        "Decided from the size alone; the file is not parsed.",
        "The platform refuses large uploads, and parsing them costs memory.",
        "parse",
    ),
    Rule(
        "invalid_type",
        "error",
        "Each field of the GT format, and the root, has its JSON type (object, list, string...).",
        "A wrong type breaks the importer or silently drops data.",
        "structure",
    ),
    Rule(
        "missing_field",
        "error",
        "Required fields are present; `filename` and `parent_path` are not empty.",
        "The importer cannot place or read a file without them.",
        "structure",
    ),
    Rule(
        "invalid_path",
        "error",
        "`parent_path` starts with `/`.",
        "Resource paths on the platform are absolute within the project.",
        "structure",
    ),
    Rule(
        "unexpected_field",
        "error",
        "Fields this project forbids are absent: a file-level `label` "
        "without the `classification` task type, `scene_id` outside `sequence_image` and "
        "`point_cloud` projects.",
        "Such a field means the file was made for another kind of project.",
        "structure",
    ),
    Rule(
        "unknown_field",
        "warning",
        "Every field, top level or in an annotation, is one the format defines.",
        "An unknown field is usually a typo of a real one (`lable`), whose value is then lost.",
        "structure",
    ),
    Rule(
        "path_mismatch",
        "error",
        "The GT file's path relative to `gt_root`, less `.json`, is "
        "`parent_path/stem` or `parent_path/filename`.",
        "The uploader matches GT files to resources by location.",
        "resources",
    ),
    Rule(
        "resource_not_found",
        "error",
        "A resource exists at `parent_path/filename` (in the "
        "manifest or under the resources root).",
        "A GT file for a missing resource cannot be imported.",
        "resources",
    ),
    Rule(
        "task_started",
        "error",
        "The resource's status is `not_started`.",
        "The platform only accepts GT for tasks nobody has started; others would overwrite work.",
        "resources",
    ),
    Rule(
        "id_mismatch",
        "error",
        "`file_id` and `scene_id` equal the resource record's, when both sides have one.",
        "A GT made for another copy of the resource would land on the wrong one.",
        "resources",
    ),
    Rule(
        "invalid_metadata",
        "error",
        "`metadata` fits the resource type: `height`/`width` positive "
        "integers for images, `fps` a positive number for video, `{}` for point clouds and text.",
        "Geometry is checked against the image size; wrong metadata hides wrong coordinates.",
        "structure",
    ),
    Rule(
        "invalid_annotation_id",
        "error",
        "Each annotation `id` is digits, a dash, and a UUID (8-4-4-4-12 hex digits, either case).",
        "The platform keys annotations by this id.",
        "annotations",
    ),
    Rule(
        "duplicate_annotation_id",
        "error",
        "No two annotations of a file share an `id` (compared as written).",
        "The second annotation would overwrite the first.",
        "annotations",
    ),
    Rule(
        "unknown_task_type",
        "error",
        "Each annotation `type` is one of the project's task types "
        "(and one of the annotation types of the format).",
        "The project has no tool for another type.",
        "annotations",
    ),
    Rule(
        "unknown_class",
        "error",
        "Each annotation `label`, and the file-level `label`, is a "
        "registered class (classification label), matched exactly: case, spaces and Unicode code "
        "points.",
        "`Car` is not `car`: the platform does not fold or normalise names.",
        "annotations",
    ),
    Rule(
        "class_type_mismatch",
        "error",
        "The class is registered for the annotation's type.",
        "A class set up for boxes cannot hold a polygon.",
        "annotations",
    ),
    Rule(
        "unknown_attribute",
        "error",
        "Each attribute name is registered for the class (or for classification at file level).",
        "Unregistered attributes are dropped on import.",
        "attributes",
    ),
    Rule(
        "invalid_attribute_value",
        "error",
        "Each attribute value fits its attribute: a listed "
        "string for `select`, a list of distinct listed strings for `multi_select`, a string for "
        "`text`, a finite number within `min`/`max` for `number`, `true`/`false` for `boolean`.",
        "`Snow` is not an allowed `weather`: the platform rejects the whole file.",
        "attributes",
    ),
    Rule(
        "missing_attribute",
        "error",
        "Every attribute marked `required` is present.",
        "Required attributes are what the labeling guide demands of every object.",
        "attributes",
    ),
    Rule(
        "invalid_points",
        "error",
        "`points` has the shape of the type: box 2 ordered points, "
        "polygon/poly_seg 3+, polyline 2+, keypoint 1+ (`[x, y]` or `[x, y, v]`, v in 0/1/2), "
        "cuboid 8 `[x, y, z]`; every coordinate a finite JSON number.",
        "Malformed geometry cannot be drawn.",
        "geometry",
    ),
    Rule(
        "out_of_range",
        "error",
        "Every coordinate lies in the working range: the image for image "
        "and sequence_image projects, the config's `range` otherwise.",
        "Coordinates off the image are a sign of swapped axes or a wrong scale.",
        "geometry",
    ),
    Rule(
        "duplicate_track_id",
        "error",
        "No two annotations of one frame share a `track_id` "
        '(compared as JSON values: 1 and "1" differ).',
        "A track visits a frame once.",
        "annotations",
    ),
    Rule(
        "unknown_tag",
        "error",
        "Each of `tags` (`parent_tags`) is in the config's list, when the config has one.",
        "Tags drive the platform's task routing.",
        "structure",
    ),
    Rule(
        "unsupported_file_type",
        "error",
        "Files named for validation or uploaded as GT are `.json` regular files: a folder, "
        "a named pipe (FIFO) or a device named `*.json` is reported, never read.",
        "Only JSON GT files can be imported.",
        "parse",
    ),
    Rule(
        "unreadable_file",
        "error",
        "The file can be read: the message gives the reason when it cannot (permission "
        "denied, an I/O error, a symbolic link loop, a link to a missing file, a file that "
        "vanished between listing and reading). The run goes on with the other files.",
        "A file nobody could read was not checked, so it must not pass as valid.",
        "parse",
    ),
    Rule(
        "internal_error",
        "error",
        "The validator itself did not fail on the file. When it does (a defect of "
        "gt-validator), that file gets this one finding, the run goes on with the other "
        "files, and the message says how to report it. It cannot be set to `off` or "
        "`warning`: the config is rejected.",
        "A file the validator could not judge must never pass as valid.",
        "parse",
    ),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}
CODES: frozenset[str] = frozenset(RULES)
DEFAULT_LEVELS: dict[str, Level] = {r.code: r.default for r in _RULES}
