"""The re-validation state machine (infra/statemachine/): ASL structure and the SAM fragment.

No ASL validator package is used: the assertions below check what the run depends on
(Distributed Map, S3 reader, batcher, result writer, failure tolerance, retries, every
transition landing on a state), and cfn-lint checks the SAM fragment inside a stub
template that supplies the names it expects from template.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

pytestmark = pytest.mark.unit

INFRA = Path(__file__).resolve().parents[2] / "infra" / "statemachine"
ASL = INFRA / "revalidate.asl.json"
TEMPLATE = INFRA.parents[1] / "template.yaml"  # the state machine resources live there
STATE_TYPES = {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}


def _definition() -> dict[str, Any]:
    return dict(orjson.loads(ASL.read_bytes()))


def _machines(machine: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The top-level machine and every nested one (Map processors, Parallel branches)."""
    yield machine
    for state in machine["States"].values():
        nested = state.get("ItemProcessor") or state.get("Iterator")
        if nested:
            yield from _machines(nested)
        for branch in state.get("Branches", []):
            yield from _machines(branch)


def _targets(state: dict[str, Any]) -> list[str]:
    out = [state[k] for k in ("Next", "Default") if k in state]
    out += [c["Next"] for c in state.get("Choices", [])]
    out += [c["Next"] for c in state.get("Catch", [])]
    return out


def _map_state() -> dict[str, Any]:
    maps = [s for s in _definition()["States"].values() if s["Type"] == "Map"]
    assert len(maps) == 1
    return maps[0]


def test_definition__every_machine_has_start_states_and_valid_transitions() -> None:
    for machine in _machines(_definition()):
        states = machine["States"]
        assert machine["StartAt"] in states
        for name, state in states.items():
            assert state["Type"] in STATE_TYPES, name
            for target in _targets(state):
                assert target in states, f"{name} -> {target}: no such state"
            terminal = state["Type"] in {"Succeed", "Fail"} or state.get("End") is True
            assert terminal != ("Next" in state or state["Type"] == "Choice"), name


def test_definition__every_state_is_reachable() -> None:
    for machine in _machines(_definition()):
        states, seen, todo = machine["States"], set(), [machine["StartAt"]]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(_targets(states[name]))
        assert seen == set(states)


def test_map__is_distributed_over_an_s3_listing() -> None:
    state = _map_state()
    assert state["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    reader = state["ItemReader"]
    assert reader["Resource"] == "arn:aws:states:::s3:listObjectsV2"
    assert set(reader["Parameters"]) == {"Bucket.$", "Prefix.$"}
    assert set(state["ItemSelector"]) == {"Key.$", "Etag.$", "Size.$"}


def test_map__batches_with_the_bucket_as_batch_input() -> None:
    batcher = _map_state()["ItemBatcher"]
    assert "MaxItemsPerBatch" in batcher or "MaxItemsPerBatchPath" in batcher
    assert batcher["MaxInputBytesPerBatch"] <= 256 * 1024
    # Every batch judges with the config CheckConfig pinned for the run.
    assert batcher["BatchInput"] == {
        "bucket.$": "$.args.bucket",
        "config_version.$": "$.config.config_version",
        "config_etag.$": "$.config.config_etag",
    }


def test_map__concurrency_and_tolerance_come_from_the_arguments() -> None:
    state = _map_state()
    assert state["MaxConcurrencyPath"] == "$.args.max_concurrency"
    assert state["ToleratedFailurePercentagePath"] == "$.args.tolerated_failure_percentage"
    defaults = _definition()["States"]["Defaults"]["Parameters"]["defaults"]
    assert {"max_concurrency.$", "batch_size.$", "tolerated_failure_percentage.$"} <= set(defaults)


def test_map__writes_results_to_s3() -> None:
    writer = _map_state()["ResultWriter"]
    assert writer["Resource"] == "arn:aws:states:::s3:putObject"
    assert set(writer["Parameters"]) == {"Bucket", "Prefix"}
    # Only the batch answers (not each batch's input) for succeeded batches, one a line,
    # so `gt-validate revalidate` streams them.
    assert writer["WriterConfig"] == {"OutputType": "JSONL", "Transformation": "COMPACT"}
    done = _definition()["States"]["Done"]["Parameters"]
    assert done["ResultWriterDetails.$"] == "$.map.ResultWriterDetails"


def test_task__invokes_the_function_with_retries_on_throttling() -> None:
    processor = _map_state()["ItemProcessor"]
    task = processor["States"][processor["StartAt"]]
    assert task["Resource"] == "arn:aws:states:::lambda:invoke"
    assert task["Parameters"] == {"FunctionName": "${ValidatorFunctionArn}", "Payload.$": "$"}
    assert task["OutputPath"] == "$.Payload"
    retried = {e for r in task["Retry"] for e in r["ErrorEquals"]}
    assert {"Lambda.TooManyRequestsException", "Lambda.ServiceException"} <= retried
    assert all(r["MaxAttempts"] >= 1 and r["BackoffRate"] >= 1 for r in task["Retry"])
    assert task["TimeoutSeconds"] < 300  # an Express child workflow lives at most 5 minutes


def test_definition__placeholders_are_all_substituted_by_the_template() -> None:
    used = set(re.findall(r"\$\{(\w+)\}", ASL.read_text(encoding="utf-8")))
    resources = _fragment()["Resources"]
    given = set(resources["RevalidateStateMachine"]["Properties"]["DefinitionSubstitutions"])
    assert used == given


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, ...) kept as plain values."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    assert isinstance(node, yaml.MappingNode)
    return {suffix: loader.construct_mapping(node, deep=True)}


_CfnLoader.add_multi_constructor("!", _tag)


def _fragment() -> dict[str, Any]:
    return dict(yaml.load(TEMPLATE.read_text(encoding="utf-8"), Loader=_CfnLoader))


def _policy_statements() -> list[dict[str, Any]]:
    machine = _fragment()["Resources"]["RevalidateStateMachine"]["Properties"]
    assert machine["Role"] == {"GetAtt": "RevalidateRole.Arn"}
    props = _fragment()["Resources"]["RevalidateRole"]["Properties"]
    return [s for p in props["Policies"] for s in p["PolicyDocument"]["Statement"]]


# Actions without resource-level permissions in IAM: "*" is the only resource they take.
RESOURCELESS = {
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


def test_state_machine__policies_name_no_wildcard_resource_or_action() -> None:
    for statement in _policy_statements():
        actions = statement["Action"]
        actions = actions if isinstance(actions, list) else [actions]
        assert not any("*" in action for action in actions), statement["Sid"]
        resources = statement["Resource"]
        for resource in resources if isinstance(resources, list) else [resources]:
            assert resource != "*" or set(actions) <= RESOURCELESS, statement["Sid"]


def test_state_machine__listing_is_limited_to_the_gt_prefix() -> None:
    (listing,) = [s for s in _policy_statements() if s["Action"] == "s3:ListBucket"]
    assert listing["Condition"]["StringLike"]["s3:prefix"] == [{"Sub": "${GtPrefix}*"}]


def test_state_machine__logs_and_traces_its_runs() -> None:
    machine = _fragment()["Resources"]["RevalidateStateMachine"]["Properties"]
    assert machine["Tracing"] == {"Enabled": True}
    assert machine["Logging"]["Level"] in {"ERROR", "ALL"}
    assert machine["Logging"]["IncludeExecutionData"] is False  # keys stay out of the logs
    [destination] = machine["Logging"]["Destinations"]
    assert destination["CloudWatchLogsLogGroup"]["LogGroupArn"] == {
        "GetAtt": "RevalidateLogGroup.Arn"
    }


def test_definition__checks_the_config_before_listing_and_never_retries_a_broken_one() -> None:
    definition = _definition()
    check = definition["States"]["CheckConfig"]
    assert check["Next"] == "ValidateAll"
    assert check["Parameters"]["Payload"]["check_config"]["config_version.$"] == (
        "$.args.config_version"
    )
    retried = {e for r in check.get("Retry", []) for e in r["ErrorEquals"]}
    assert not retried & {"ConfigUnavailable", "States.ALL", "States.TaskFailed"}
    assert "Catch" not in check  # a broken config ends the run FAILED


def test_definition__the_bucket_cannot_be_overridden_by_the_input() -> None:
    states = _definition()["States"]
    assert states["Defaults"]["Parameters"]["fixed"]["bucket"] == "${GtBucketName}"
    merge = states["Arguments"]["Parameters"]["args.$"]
    assert merge.endswith("$.fixed, false)")  # applied last: the input cannot replace it
