"""The shipped re-validation state machine, played by the tests.

moto runs no Distributed Map (no ItemReader, ItemBatcher or ResultWriter), so this
module interprets ``infra/statemachine/revalidate.asl.json`` itself, with the
DefinitionSubstitutions that ``template.yaml`` gives it (parameter defaults): Pass
states with their Parameters and intrinsics, ``lambda:invoke`` Tasks (the handler
called in-process, against the moto server), and the Map state's ItemReader
(ListObjectsV2 on the moto bucket), ItemSelector, ItemBatcher (count and bytes) and
BatchInput, read from the definition, never restated here, so the simulation cannot
drift from what is deployed. Retries and the ResultWriter are not played: the run's
per-batch outcomes are returned instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import yaml

REPO = Path(__file__).resolve().parents[2]
ASL = REPO / "infra" / "statemachine" / "revalidate.asl.json"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:gt-validator"


class _Loader(yaml.SafeLoader):
    """CloudFormation short tags kept as {"Ref": x} / {"Fn::X": ...}."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {suffix if suffix == "Ref" else f"Fn::{suffix}": value}


_Loader.add_multi_constructor("!", _tag)


def template() -> dict[str, Any]:
    return dict(yaml.load((REPO / "template.yaml").read_text(encoding="utf-8"), Loader=_Loader))


class TaskFailed(Exception):
    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error, self.cause = error, cause


def definition(bucket: str, **parameters: str) -> dict[str, Any]:
    """The ASL as deployed with the template's parameter defaults (``parameters`` win)."""
    doc = template()
    defaults = {k: str(v.get("Default", "")) for k, v in doc["Parameters"].items()}
    values = {**defaults, "BucketName": bucket, **parameters}
    subs = doc["Resources"]["RevalidateStateMachine"]["Properties"]["DefinitionSubstitutions"]
    text = ASL.read_text(encoding="utf-8")
    for name, source in subs.items():
        # Refs to parameters; the one !GetAtt is the function's ARN.
        value = values[source["Ref"]] if "Ref" in source else FUNCTION_ARN
        text = text.replace("${" + name + "}", value)
    assert not re.search(r"\$\{\w+\}", text), "a placeholder without a substitution"
    return dict(orjson.loads(text))


# -- JSONPath and intrinsics (the subset the definition uses) ---------------------------


def path(expr: str, data: Any, ctx: dict[str, Any]) -> Any:
    root, rest = (ctx, expr[2:]) if expr.startswith("$$") else (data, expr[1:])
    for part in filter(None, rest.split(".")):
        if not isinstance(root, dict) or part not in root:
            raise TaskFailed("States.Runtime", f"path {expr} not found")
        root = root[part]
    return root


_TOKEN = re.compile(
    r"\s*(States\.\w+\(|'(?:[^'\\]|\\.)*'|\$\$?[\w.\-]*|[-\d.]+|true|false|null|\)|,)"
)


def _evaluate(expr: str, data: Any, ctx: dict[str, Any]) -> Any:
    if not expr.startswith("States."):
        return path(expr, data, ctx)
    tokens = [m.group(1) for m in _TOKEN.finditer(expr)]
    value, rest = _call(tokens, data, ctx)
    assert not rest, expr
    return value


def _call(tokens: list[str], data: Any, ctx: dict[str, Any]) -> tuple[Any, list[str]]:
    head, tokens = tokens[0], tokens[1:]
    if head.startswith("States."):
        args: list[Any] = []
        while tokens[0] != ")":
            arg, tokens = _call(tokens, data, ctx)
            args.append(arg)
            if tokens[0] == ",":
                tokens = tokens[1:]
        return _intrinsic(head[:-1], args), tokens[1:]
    if head.startswith("'"):
        return head[1:-1].replace("\\'", "'"), tokens
    if head.startswith("$"):
        return path(head, data, ctx), tokens
    return orjson.loads(head), tokens


def _intrinsic(name: str, args: list[Any]) -> Any:
    if name == "States.StringToJson":
        return orjson.loads(args[0])
    if name == "States.JsonMerge":
        assert args[2] is False, "only the shallow merge is used"
        return {**args[0], **args[1]}
    raise AssertionError(f"intrinsic {name} is not simulated")


def parameters(spec: Any, data: Any, ctx: dict[str, Any] | None = None) -> Any:
    ctx = ctx or {}
    if isinstance(spec, dict):
        out = {}
        for key, value in spec.items():
            if key.endswith(".$"):
                out[key[:-2]] = _evaluate(value, data, ctx)
            else:
                out[key] = parameters(value, data, ctx)
        return out
    if isinstance(spec, list):
        return [parameters(v, data, ctx) for v in spec]
    return spec


def _result_path(data: Any, result: Any, where: str | None) -> Any:
    if where is None or where == "$":
        return result
    out = dict(data)
    target = out
    parts = where[2:].split(".")
    for part in parts[:-1]:
        target[part] = dict(target.get(part, {}))
        target = target[part]
    target[parts[-1]] = result
    return out


# -- running ----------------------------------------------------------------------------

Invoke = Callable[[dict[str, Any]], Any]


def run(
    machine: dict[str, Any],
    data: Any,
    invoke: Invoke,
    s3: Any,
    trace: dict[str, Any] | None = None,
) -> Any:
    """Run ``machine`` on ``data``: its output, or TaskFailed (the execution fails).
    ``trace`` receives each Map state's outcome under the state's name."""
    name = machine["StartAt"]
    while True:
        state = machine["States"][name]
        kind = state["Type"]
        if kind == "Pass":
            result = parameters(state["Parameters"], data) if "Parameters" in state else data
            data = _result_path(data, result, state.get("ResultPath"))
        elif kind == "Task":
            data = _task(state, data, invoke)
        elif kind == "Map":
            outcome = run_map(state, data, invoke, s3)
            if trace is not None:
                trace[name] = outcome
            data = _result_path(data, outcome, state.get("ResultPath"))
        else:
            raise AssertionError(f"state type {kind} is not simulated")
        if state.get("End"):
            return data
        name = state["Next"]


def _task(state: dict[str, Any], data: Any, invoke: Invoke) -> Any:
    assert state["Resource"] == "arn:aws:states:::lambda:invoke"
    params = parameters(state["Parameters"], data)
    assert params["FunctionName"] == FUNCTION_ARN
    try:
        payload = invoke(params["Payload"])
    except Exception as exc:  # Lambda's error shape: errorType / errorMessage
        cause = {"errorMessage": str(exc), "errorType": type(exc).__name__, "stackTrace": []}
        raise TaskFailed(type(exc).__name__, orjson.dumps(cause).decode()) from exc
    result: Any = {"Payload": payload, "StatusCode": 200}
    if "ResultSelector" in state:
        result = parameters(state["ResultSelector"], result)
    data = _result_path(data, result, state.get("ResultPath"))
    return path(state["OutputPath"], data, {}) if "OutputPath" in state else data


def run_map(state: dict[str, Any], data: Any, invoke: Invoke, s3: Any) -> dict[str, Any]:
    """Items from the ItemReader, shaped by ItemSelector, cut by ItemBatcher; each batch run
    through the ItemProcessor. Fails as the run does past ToleratedFailurePercentage."""
    reader = state["ItemReader"]
    assert reader["Resource"] == "arn:aws:states:::s3:listObjectsV2"
    where = parameters(reader["Parameters"], data)
    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket=where["Bucket"], Prefix=where.get("Prefix", "")
    )
    listed = [
        {"Key": o["Key"], "Etag": o["ETag"], "Size": o["Size"], "StorageClass": "STANDARD"}
        for page in pages
        for o in page.get("Contents", [])
    ]
    items = [
        parameters(state["ItemSelector"], data, {"Map": {"Item": {"Value": v, "Index": i}}})
        for i, v in enumerate(listed)
    ]
    batcher = state["ItemBatcher"]
    most = batcher.get("MaxItemsPerBatch") or path(batcher["MaxItemsPerBatchPath"], data, {})
    batch_input = parameters(batcher.get("BatchInput", {}), data)
    batches = cut(items, int(most), int(batcher["MaxInputBytesPerBatch"]), batch_input)
    succeeded, failed = [], []
    for batch in batches:
        event = {"Items": batch, "BatchInput": batch_input}
        try:
            succeeded.append(run(state["ItemProcessor"], event, invoke, s3))
        except TaskFailed as exc:
            failed.append({"Input": event, "Error": exc.error, "Cause": exc.cause})
    tolerated = float(path(state["ToleratedFailurePercentagePath"], data, {}))
    failed_items = sum(len(f["Input"]["Items"]) for f in failed)
    if items and failed_items * 100 / len(items) > tolerated:
        raise TaskFailed("States.ExceedToleratedFailureThreshold", f"{failed_items} items")
    writer = state["ResultWriter"]["Parameters"]  # not played: where it would write
    details = {"Bucket": writer["Bucket"], "Key": f"{writer['Prefix']}simulated/manifest.json"}
    return {
        "MapRunArn": "simulated",
        "ResultWriterDetails": details,
        "succeeded": succeeded,
        "failed": failed,
    }


def cut(
    items: list[Any], most: int, max_bytes: int, batch_input: dict[str, Any]
) -> list[list[Any]]:
    """ItemBatcher: at most ``most`` items and ``max_bytes`` of batch JSON per batch."""
    batches: list[list[Any]] = []
    for item in items:
        if batches and len(batches[-1]) < most:
            candidate = {"Items": [*batches[-1], item], "BatchInput": batch_input}
            if len(orjson.dumps(candidate)) <= max_bytes:
                batches[-1].append(item)
                continue
        batches.append([item])
    return batches
