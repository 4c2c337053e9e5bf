"""The Lambda's Distributed Map path (spec section 5) over a prefix of 2,000 objects.

Step Functions is played by the test: S3's own ListObjectsV2 listing becomes the
map's items (shaped as the state machine's ItemSelector shapes them: Key, Etag,
Size), cut into batches as ItemBatcher cuts them, with BatchInput {bucket}. Each
batch goes through ``app.lambda_handler``; the results queue is read afterwards.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
import pytest

from tests.integration.conftest import GT_PREFIX, GtStack, gt_document

pytestmark = pytest.mark.integration

OBJECTS = 2000
BATCH = 100  # ItemBatcher MaxItemsPerBatch


@pytest.fixture
def map_stack(s3: Any, sqs: Any, monkeypatch: pytest.MonkeyPatch) -> GtStack:
    """A bucket and a results queue, the function's environment pointing at them. Unlike
    ``gt_stack`` the bucket notifies no ingest queue: a map run reads a listing, not events
    (and moto's queues slow down with thousands of unread messages)."""
    name = f"map-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    results_url = sqs.create_queue(QueueName=f"{name}-results")["QueueUrl"]
    stack = GtStack(s3, sqs, name, ingest_url="", ingest_arn="", results_url=results_url)
    monkeypatch.setenv("GT_CONFIG_URI", stack.config_uri)
    monkeypatch.setenv("RESULTS_QUEUE_URL", results_url)
    monkeypatch.setenv("GT_PREFIX", GT_PREFIX)
    monkeypatch.setenv("REPORTS_PREFIX", "gt-validator-reports/")
    return stack


def _invalid(i: int) -> bool:
    return i % 7 == 3


def _upload(stack: GtStack, gt_config: dict[str, Any]) -> dict[str, bool]:
    """2,000 GT objects (every 7th invalid) plus the config, under the GT prefix."""
    stack.put(f"{GT_PREFIX}gt-project.json", gt_config)
    verdicts = {
        f"{GT_PREFIX}scene-{i // 100:02d}/frame {i:04d}+.json": not _invalid(i)
        for i in range(OBJECTS)
    }
    docs = {k: gt_document(k, label="car" if ok else "Car") for k, ok in verdicts.items()}
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda kv: stack.put(kv[0], kv[1]), docs.items()))
    return verdicts


def _map_items(stack: GtStack) -> list[dict[str, Any]]:
    pages = stack.s3.get_paginator("list_objects_v2").paginate(
        Bucket=stack.bucket, Prefix=GT_PREFIX
    )
    return [
        {"Key": o["Key"], "Etag": o["ETag"], "Size": o["Size"]}
        for page in pages
        for o in page.get("Contents", [])
    ]


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


def _run_map(
    stack: GtStack, invoke: Callable[[dict[str, Any]], Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Batch answers, and the result messages drained after each batch."""
    items = _map_items(stack)
    answers, results = [], []
    for i in range(0, len(items), BATCH):
        answers.append(
            invoke({"Items": items[i : i + BATCH], "BatchInput": {"bucket": stack.bucket}})
        )
        results.extend(_drain(stack))
    return answers, results


def test_lambda_handler__map_batches_judge_every_object_exactly_once(
    map_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    verdicts = _upload(map_stack, gt_config)
    before = map_stack.listing()

    answers, results = _run_map(map_stack, invoke)

    assert len(answers) == (OBJECTS + 1 + BATCH - 1) // BATCH  # the config is listed too
    assert sum(a["files"] for a in answers) == OBJECTS
    assert sum(a["valid"] for a in answers) == sum(verdicts.values())
    assert sum(a["invalid"] for a in answers) == OBJECTS - sum(verdicts.values())
    assert sum(a.get("skipped", 0) for a in answers) == 1  # gt/gt-project.json
    assert [f for a in answers for f in a["failed"]] == []

    assert Counter(r["key"] for r in results) == Counter(list(verdicts))  # once each
    for r in results:
        assert r["valid"] is verdicts[r["key"]]
        assert r["_valid"] == ("true" if verdicts[r["key"]] else "false")
        assert r["bucket"] == map_stack.bucket
    assert map_stack.listing() == before  # nothing written, deleted or overwritten


def test_lambda_handler__a_map_item_gone_before_it_is_read_is_a_failed_item(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    keys = [f"{GT_PREFIX}a/x{i}.json" for i in range(3)]
    gt_stack.put(f"{GT_PREFIX}gt-project.json", gt_config)
    for key in keys:
        gt_stack.put(key, gt_document(key))
    items = [i for i in _map_items(gt_stack) if i["Key"] in keys]
    gt_stack.s3.delete_object(Bucket=gt_stack.bucket, Key=keys[1])

    answer = invoke({"Items": items, "BatchInput": {"bucket": gt_stack.bucket}})

    assert (answer["files"], answer["valid"], answer["invalid"]) == (2, 2, 0)
    assert [f["key"] for f in answer["failed"]] == [keys[1]]
    assert sorted(r["key"] for r in _drain(gt_stack)) == [keys[0], keys[2]]


def test_lambda_handler__map_batch_answer_counts_findings_by_code(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Callable[[dict[str, Any]], Any]
) -> None:
    key = f"{GT_PREFIX}a/x.json"
    gt_stack.put(f"{GT_PREFIX}gt-project.json", gt_config)
    gt_stack.put(key, gt_document(key, label="Car", annotations=2))
    items = [i for i in _map_items(gt_stack) if i["Key"] == key]
    answer = invoke({"Items": items, "BatchInput": {"bucket": gt_stack.bucket}})
    assert answer["codes"] == {"unknown_class": 2}
