"""The function's environment and the metrics it emits: names operators' alarms and
dashboards depend on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gt_validator.aws.settings import Settings
from tests.integration.conftest import GtStack, gt_document

pytestmark = pytest.mark.integration


def test_settings_from_environ__every_variable() -> None:
    env = {
        "GT_CONFIG_URI": "s3://b/gt/gt-project.json",
        "RESULTS_QUEUE_URL": "https://q",
        "CONFIG_TTL_SECONDS": "7.5",
        "REPORTS_PREFIX": "reports/",
        "GT_PREFIX": "gt/",
        "TAG_OBJECTS": "True",
        "MAX_MESSAGE_BYTES": "4096",
    }
    assert Settings.from_environ(env) == Settings(
        config_uri="s3://b/gt/gt-project.json",
        results_queue_url="https://q",
        config_ttl=7.5,
        reports_prefix="reports/",
        gt_prefix="gt/",
        tag_objects=True,
        max_message_bytes=4096,
    )
    assert Settings.from_environ({}) == Settings(config_uri=None, results_queue_url=None)
    assert Settings.from_environ({"TAG_OBJECTS": "yes"}).tag_objects is False


@pytest.mark.parametrize(
    ("reports", "gt_prefix"),
    [("gt/reports/", "gt/"), ("out/", "out/gt/")],
    ids=["reports-under-gt", "gt-under-reports"],
)
def test_settings_from_environ__reports_never_overlap_the_watched_prefix(
    reports: str, gt_prefix: str
) -> None:
    with pytest.raises(ValueError, match="overlaps the watched GT_PREFIX"):
        Settings.from_environ({"REPORTS_PREFIX": reports, "GT_PREFIX": gt_prefix})
    # nearly: siblings are fine
    assert Settings.from_environ({"REPORTS_PREFIX": "gtx/", "GT_PREFIX": "gt/"}).gt_prefix


def test_lambda_handler__emits_its_metrics_once_per_invocation(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Any, capsys: Any
) -> None:
    gt_stack.put("gt/gt-project.json", gt_config)
    for i, label in enumerate(("car", "Car", "Car")):
        key = f"gt/0000/scene_1/frame_000{i}.json"
        gt_stack.put(key, gt_document(key, label=label))
    capsys.readouterr()

    invoke(gt_stack.ingest_event(max_messages=20))

    blobs = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    values = {k: v for b in blobs for k, v in b.items() if not k.startswith("_")}
    assert values["Invocations"] == [1.0]
    assert (values["FilesValidated"], values["FilesValid"], values["FilesInvalid"]) == (
        [3.0],
        [1.0],
        [2.0],
    )
    [findings] = [b for b in blobs if "Findings" in b]
    assert (findings["code"], findings["Findings"]) == ("unknown_class", [2.0])
    directive = findings["_aws"]["CloudWatchMetrics"][0]
    assert ["code"] in directive["Dimensions"] or ["code", "service"] in [
        sorted(d) for d in directive["Dimensions"]
    ]
