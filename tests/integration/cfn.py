"""Reading template.yaml and infra/*.yaml as CloudFormation sees them, for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template.yaml"

# Actions without resource-level permissions in IAM: "*" is the only resource they take.
RESOURCELESS = frozenset(
    {
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
    }
)


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref x -> {"Ref": x}, !Sub -> Fn::Sub)."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    name = suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


def load(path: Path = TEMPLATE) -> dict[str, Any]:
    return dict(yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader))


def walk(node: Any, key: str) -> Iterator[Any]:
    """Every value stored under ``key`` anywhere in the document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(doc: Any) -> Iterator[dict[str, Any]]:
    """Every IAM statement in the document (branches of Fn::If included)."""
    for found in walk(doc, "Statement"):
        for statement in listed(found):
            branches = statement["Fn::If"][1:] if "Fn::If" in statement else [statement]
            yield from (s for s in branches if "Effect" in s)  # not AWS::NoValue
