"""What the rules need from a config, computed once per config (not per file)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gt_validator.config.model import (
    ANNOTATION_TYPES,
    AttributeSpec,
    ClassSpec,
    ProjectConfig,
)
from gt_validator.gt_format import IMAGE_RESOURCES, SCENE_RESOURCES
from gt_validator.rules.geometry import Bounds, config_bounds


@dataclass(frozen=True, slots=True)
class ClassRules:
    spec: ClassSpec
    owner: str  # "class 'car'", for messages
    required: frozenset[str]


@dataclass(frozen=True, slots=True)
class RuleContext:
    config: ProjectConfig
    classes: Mapping[str, ClassRules]
    annotation_types: frozenset[str]  # the project's task types that are annotation types
    image_like: bool  # range from metadata width/height
    sequence_like: bool  # scene_id required
    classified: bool  # file-level label required
    class_attrs: Mapping[str, AttributeSpec]  # classification attributes ({} without)
    class_required: frozenset[str]
    bounds: Bounds  # config range for non-image projects

    @classmethod
    def from_config(cls, config: ProjectConfig) -> RuleContext:
        classification = config.classification
        attrs = classification.attributes if classification else {}
        return cls(
            config=config,
            classes={
                name: ClassRules(
                    spec,
                    f"class '{name}'",
                    frozenset(a.name for a in spec.attributes.values() if a.required),
                )
                for name, spec in config.classes.items()
            },
            annotation_types=config.task_types & ANNOTATION_TYPES,
            image_like=config.resource_type in IMAGE_RESOURCES,
            sequence_like=config.resource_type in SCENE_RESOURCES,
            classified="classification" in config.task_types,
            class_attrs=attrs,
            class_required=frozenset(a.name for a in attrs.values() if a.required),
            bounds=config_bounds(config.range),
        )
