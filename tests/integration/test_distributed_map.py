"""Re-validation runs (spec section 5) through the shipped state machine definition.

``asl_sim`` plays infra/statemachine/revalidate.asl.json as template.yaml deploys it:
CheckConfig and every ValidateBatch call ``app.lambda_handler`` in-process against the
moto server, the Map state lists the bucket and batches as its ItemReader, ItemSelector
and ItemBatcher say. What a run did is read back from the results queue.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
import pytest

from gt_validator.aws import revalidate
from tests.integration import asl_sim
from tests.integration.conftest import GT_PREFIX, GtStack, gt_document

pytestmark = pytest.mark.integration

OBJECTS = 250  # two batches at the template's default batch size (200)
CONFIG_KEY = f"{GT_PREFIX}gt-project.json"


@pytest.fixture
def map_stack(s3: Any, sqs: Any, monkeypatch: pytest.MonkeyPatch) -> GtStack:
    """A versioned bucket and a results queue, the function's environment pointing at them.
    No ingest queue: a run reads a listing, not events."""
    name = f"map-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    results_url = sqs.create_queue(QueueName=f"{name}-results")["QueueUrl"]
    stack = GtStack(s3, sqs, name, ingest_url="", ingest_arn="", results_url=results_url)
    monkeypatch.setenv("GT_CONFIG_URI", stack.config_uri)
    monkeypatch.setenv("RESULTS_QUEUE_URL", results_url)
    monkeypatch.setenv("GT_PREFIX", GT_PREFIX)
    monkeypatch.setenv("REPORTS_PREFIX", "gt-validator-reports/")
    return stack


def _put_config(stack: GtStack, config: dict[str, Any]) -> dict[str, str]:
    put = stack.s3.put_object(Bucket=stack.bucket, Key=CONFIG_KEY, Body=orjson.dumps(config))
    return {"config_version": put["VersionId"], "config_etag": put["ETag"].strip('"')}


def _drain(stack: GtStack) -> list[dict[str, Any]]:
    """Every message now on the results queue, received and deleted, as a consumer would."""
    out: list[dict[str, Any]] = []
    while True:
        got = stack.sqs.receive_message(
            QueueUrl=stack.results_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            MessageAttributeNames=["All"],
            VisibilityTimeout=600,
        ).get("Messages", [])
        if not got:
            return out
        for m in got:
            body = orjson.loads(m["Body"])
            body["_valid"] = m["MessageAttributes"]["valid"]["StringValue"]
            out.append(body)
        stack.sqs.delete_message_batch(
            QueueUrl=stack.results_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)
            ],
        )


def _run(stack: GtStack, invoke: Callable[[dict[str, Any]], Any], run_input: Any) -> Any:
    """The run's output, with the Map state's per-batch outcomes under "map"."""
    machine = asl_sim.definition(stack.bucket)
    trace: dict[str, Any] = {}
    output = asl_sim.run(machine, run_input, invoke, stack.s3, trace)
    return {**output, "map": trace["ValidateAll"]}


def _summary(output: dict[str, Any]) -> revalidate.RunSummary:
    """What ``gt-validate revalidate`` makes of the map's per-batch outcomes."""
    summary = revalidate.RunSummary()
    for answer in output["map"]["succeeded"]:
        summary.add_answer(answer)
    for record in output["map"]["failed"]:
        summary.add_unrun_batch(record, failed=True)
    return summary


def test_revalidate_run__judges_every_object_exactly_once_with_the_pinned_config(
    map_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    pin = _put_config(map_stack, gt_config)
    verdicts = {
        f"{GT_PREFIX}scene-{i // 100:02d}/frame {i:04d}+.json": i % 7 != 3 for i in range(OBJECTS)
    }
    docs = {k: gt_document(k, label="car" if ok else "Car") for k, ok in verdicts.items()}
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda kv: map_stack.put(kv[0], kv[1]), docs.items()))
    map_stack.put(f"{GT_PREFIX}scene-00/notes.txt", b"not a GT file")
    before = map_stack.listing()

    output = _run(map_stack, invoke, {})

    assert output["config_version"] == pin["config_version"]
    assert output["map"]["failed"] == []
    assert len(output["map"]["succeeded"]) == 2  # 252 items in batches of 200
    summary = _summary(output)
    assert (summary.files, summary.valid) == (OBJECTS, sum(verdicts.values()))
    assert summary.invalid == OBJECTS - sum(verdicts.values())
    assert summary.skipped == 2  # the config and notes.txt
    results = _drain(map_stack)
    assert Counter(r["key"] for r in results) == Counter(list(verdicts))  # once each
    for r in results:
        assert r["valid"] is verdicts[r["key"]]
        assert r["_valid"] == ("true" if verdicts[r["key"]] else "false")
        assert (r["config_version"], r["config_etag"]) == (
            pin["config_version"],
            pin["config_etag"],
        )
    assert map_stack.listing() == before  # nothing written, deleted or overwritten


def test_revalidate_run__judges_with_the_version_it_started_with(
    map_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    key = f"{GT_PREFIX}a/x.json"
    map_stack.put(key, gt_document(key, label="truck"))
    gt_config["classes"].append(dict(gt_config["classes"][0], name="truck"))
    first = _put_config(map_stack, gt_config)  # knows "truck"
    gt_config["classes"].pop()
    _put_config(map_stack, gt_config)  # the current one does not
    # A warm container that has just built the current config must not judge with it.
    batch = {"Items": [{"Key": key}], "BatchInput": {"bucket": map_stack.bucket}}
    assert invoke(batch)["invalid"] == 1
    _drain(map_stack)

    output = _run(map_stack, invoke, {"config_version": first["config_version"]})

    assert output["config_version"] == first["config_version"]
    [result] = _drain(map_stack)
    assert (result["valid"], result["config_version"]) == (True, first["config_version"])


def test_revalidate_run__started_by_the_config_event_pins_that_config(
    map_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    key = f"{GT_PREFIX}a/x.json"
    map_stack.put(key, gt_document(key, label="truck"))
    gt_config["classes"].append(dict(gt_config["classes"][0], name="truck"))
    first = _put_config(map_stack, gt_config)
    gt_config["classes"].pop()
    _put_config(map_stack, gt_config)  # a second upload lands before the run starts
    event = {  # the EventBridge "Object Created" event of the first upload: the run's input
        "version": "0",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {
            "bucket": {"name": map_stack.bucket},
            "object": {
                "key": CONFIG_KEY,
                "version-id": first["config_version"],
                "etag": first["config_etag"],
            },
        },
    }

    output = _run(map_stack, invoke, event)

    assert output["config_version"] == first["config_version"]
    assert [r["valid"] for r in _drain(map_stack)] == [True]


@pytest.mark.parametrize(
    ("config", "run_input", "message"),
    [
        ({"project": 1}, {}, "invalid config"),
        (None, {"config_version": "no-such-version"}, "unreadable"),
    ],
    ids=["broken", "version-gone"],
)
def test_revalidate_run__a_config_it_cannot_use_fails_the_run_before_any_object(
    map_stack: GtStack,
    gt_config: dict[str, Any],
    invoke: Callable[[dict[str, Any]], Any],
    config: dict[str, Any] | None,
    run_input: dict[str, Any],
    message: str,
) -> None:
    _put_config(map_stack, config or gt_config)
    key = f"{GT_PREFIX}a/x.json"
    map_stack.put(key, gt_document(key))

    with pytest.raises(asl_sim.TaskFailed) as failed:
        _run(map_stack, invoke, run_input)

    assert failed.value.error == "ConfigUnavailable"
    assert message in orjson.loads(failed.value.cause)["errorMessage"]
    assert _drain(map_stack) == []


def test_revalidate_run__a_batch_with_an_unreadable_item_fails_and_is_counted(
    map_stack: GtStack,
    gt_config: dict[str, Any],
    invoke: Callable[[dict[str, Any]], Any],
) -> None:
    _put_config(map_stack, gt_config)
    keys = [f"{GT_PREFIX}a/x{i}.json" for i in range(4)]
    for key in keys:
        map_stack.put(key, gt_document(key))
    real = invoke

    def gone_after_listing(event: dict[str, Any]) -> Any:
        if "Items" in event:  # deleted between the listing and the batch
            map_stack.s3.delete_object(Bucket=map_stack.bucket, Key=keys[1])
        return real(event)

    with pytest.raises(asl_sim.TaskFailed, match="ExceedToleratedFailureThreshold"):
        _run(map_stack, gone_after_listing, {})
    map_stack.put(keys[1], gt_document(keys[1]))
    output = _run(map_stack, gone_after_listing, {"tolerated_failure_percentage": 100})

    [failed] = output["map"]["failed"]
    assert failed["Error"] == "BatchIncomplete"
    summary = _summary(output)
    assert (summary.files, summary.valid, summary.failed_items) == (3, 3, 1)
    assert summary.failed[0]["key"] == keys[1]
    assert "NoSuchKey" in summary.failed[0]["error"]
    # Both runs sent the results of the items they judged: nothing is lost.
    assert Counter(r["key"] for r in _drain(map_stack)) == Counter([keys[0], keys[2], keys[3]] * 2)


def test_lambda_handler__map_send_failures_fail_their_items(
    map_stack: GtStack,
    gt_config: dict[str, Any],
    invoke: Callable[[dict[str, Any]], Any],
    monkeypatch: pytest.MonkeyPatch,
    app_module: Any,
) -> None:
    _put_config(map_stack, gt_config)
    keys = [f"{GT_PREFIX}a/x{i}.json" for i in range(2)]
    for key in keys:
        map_stack.put(key, gt_document(key))
    monkeypatch.setenv("RESULTS_QUEUE_URL", map_stack.results_url + "-gone")
    batch = {"Items": [{"Key": k} for k in keys], "BatchInput": {"bucket": map_stack.bucket}}

    with pytest.raises(app_module.BatchIncomplete) as raised:
        invoke(batch)

    answer = orjson.loads(str(raised.value))
    assert (answer["files"], answer["failed_total"]) == (0, 2)
    assert all("results queue" in f["error"] for f in answer["failed"])


def test_lambda_handler__map_batch_answer_counts_findings_by_code(
    map_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    key = f"{GT_PREFIX}a/x.json"
    _put_config(map_stack, gt_config)
    map_stack.put(key, gt_document(key, label="Car", annotations=2))
    answer = invoke({"Items": [{"Key": key}], "BatchInput": {"bucket": map_stack.bucket}})
    assert answer["codes"] == {"unknown_class": 2}


def test_lambda_handler__an_etag_pin_holds_without_versioning(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    key = f"{GT_PREFIX}a/x.json"
    gt_stack.put(key, gt_document(key, label="truck"))
    gt_config["classes"].append(dict(gt_config["classes"][0], name="truck"))
    gt_stack.put(CONFIG_KEY, gt_config)
    etag = gt_stack.listing()[CONFIG_KEY].strip('"')

    def batch(pin: str) -> dict[str, Any]:
        return {
            "Items": [{"Key": key}],
            "BatchInput": {"bucket": gt_stack.bucket, "config_etag": pin},
        }

    first = invoke(batch(etag))
    gt_config["classes"].pop()  # a new config without "truck" replaces it
    gt_stack.put(CONFIG_KEY, gt_config)
    again = invoke(batch(etag))  # the warm container still holds exactly that config
    with pytest.raises(Exception, match="unreadable") as raised:
        invoke(batch("0" * 32))  # an ETag S3 cannot serve: the batch fails

    assert (first["valid"], again["valid"]) == (1, 1)
    assert type(raised.value).__name__ == "ConfigUnavailable"
    results = gt_stack.results()
    assert [(r["config_etag"], r["config_version"]) for r in results] == [(etag, None)] * 2
