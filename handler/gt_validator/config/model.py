"""The project configuration as the rules see it: plain frozen records.

``config.load`` builds these from ``gt-project.json`` after validating it; the
rules only read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

AttributeType = Literal["select", "multi_select", "text", "number", "boolean"]
ResourceType = Literal["image", "sequence_image", "video", "point_cloud", "text"]
ANNOTATION_TYPES: frozenset[str] = frozenset(
    {"box", "polygon", "poly_seg", "polyline", "keypoint", "cuboid"}
)
TASK_TYPES: frozenset[str] = ANNOTATION_TYPES | {"classification"}
RESOURCE_TYPES: frozenset[str] = frozenset(
    {"image", "sequence_image", "video", "point_cloud", "text"}
)
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_FINDINGS_PER_FILE = 1000


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    name: str
    type: AttributeType
    values: frozenset[str] = frozenset()  # select / multi_select
    ordered_values: tuple[str, ...] = ()  # as written, for messages
    required: bool = False
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class ClassSpec:
    name: str
    types: frozenset[str]
    attributes: Mapping[str, AttributeSpec]


@dataclass(frozen=True, slots=True)
class ClassificationSpec:
    labels: tuple[str, ...]
    attributes: Mapping[str, AttributeSpec]


@dataclass(frozen=True, slots=True)
class ResourceRecord:
    path: str  # "/a/b/x.jpg"
    status: str
    file_id: str | None = None
    scene_id: str | None = None


class ResourceIndex(Protocol):
    """Where resources are looked up: a manifest, a root folder/prefix, or both."""

    def lookup(self, path: str) -> ResourceRecord | None:
        """The record for ``parent_path/filename`` (``/a/b/x.jpg``), or None."""
        ...


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    source: str  # the config's path or s3:// URI, as given
    resource_type: ResourceType
    task_types: frozenset[str]
    classes: Mapping[str, ClassSpec]
    classification: ClassificationSpec | None = None
    tags: frozenset[str] | None = None
    parent_tags: frozenset[str] | None = None
    resources: ResourceIndex | None = None
    gt_root: str = "."  # resolved: a local folder path or an s3:// prefix
    range: Mapping[str, tuple[float, float]] | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_findings_per_file: int = DEFAULT_MAX_FINDINGS_PER_FILE
    levels: Mapping[str, str] = field(default_factory=dict)  # code -> error|warning|off
    project: str | None = None
    digest: str = ""  # sha256 of the config bytes: cache key for generated code
