"""What reaches the results queue: SQS's size rules as AWS applies them, nothing from a
record that failed, nothing for objects that are not GT uploads, and which config judged."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from gt_validator.aws.results import SQS_LIMIT, Outbox
from tests.integration.conftest import GtStack, gt_document

pytestmark = pytest.mark.integration

KEY = "gt/0000/scene_1/frame_0001.json"


class AwsSizedSqs:
    """The moto client, with the limits AWS enforces and moto does not: a message's size
    is its body plus each attribute's name, type and value; a SendMessageBatch request
    holds at most 10 entries and SQS_LIMIT bytes of them all."""

    def __init__(self, sqs: Any) -> None:
        self.sqs, self.calls = sqs, []

    def send_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> Any:
        sizes = [_size(e) for e in Entries]
        self.calls.append(sizes)
        if len(Entries) > 10 or sum(sizes) > SQS_LIMIT:
            raise ValueError(f"AWS.SimpleQueueService.BatchRequestTooLong: {sum(sizes)}")
        too_big = [e for e, n in zip(Entries, sizes, strict=True) if n > SQS_LIMIT]
        ok = [e for e in Entries if e not in too_big]
        response = self.sqs.send_message_batch(QueueUrl=QueueUrl, Entries=ok) if ok else {}
        failed = [{"Id": e["Id"], "Code": "MessageTooLong", "SenderFault": True} for e in too_big]
        return {**response, "Failed": [*response.get("Failed", []), *failed]}


def _size(entry: dict[str, Any]) -> int:
    size = len(entry["MessageBody"].encode())
    for name, value in entry.get("MessageAttributes", {}).items():
        size += len(name.encode()) + len(value["DataType"].encode())
        size += len(value["StringValue"].encode())
    return size


def _body(size: int) -> str:
    """A JSON object of exactly ``size`` bytes."""
    return orjson.dumps({"pad": "x" * (size - 10)}).decode()


def test_outbox_flush__the_largest_admitted_body_fits_with_its_attribute(
    gt_stack: GtStack,
) -> None:
    sqs = AwsSizedSqs(gt_stack.sqs)
    outbox = Outbox(sqs, gt_stack.results_url)
    outbox.add("valid", _body(outbox.body_limit), True)
    outbox.add("invalid", _body(outbox.body_limit), False)

    assert outbox.flush() == {}
    assert len(gt_stack.results()) == 2


def test_outbox_flush__splits_requests_at_the_request_size_limit(gt_stack: GtStack) -> None:
    sqs = AwsSizedSqs(gt_stack.sqs)
    outbox = Outbox(sqs, gt_stack.results_url)
    for i in range(10):  # 10 entries of 30 KiB: under the count limit, over the size limit
        outbox.add(i, _body(30 * 1024), True)

    assert outbox.flush() == {}
    assert [len(c) for c in sqs.calls] == [8, 2]
    assert len(gt_stack.results()) == 10


def _notification(bucket: str, *records: tuple[str, str]) -> str:
    return orjson.dumps(
        {
            "Records": [
                {
                    "eventSource": "aws:s3",
                    "eventName": name,
                    "s3": {"bucket": {"name": bucket}, "object": {"key": key}},
                }
                for name, key in records
            ]
        }
    ).decode()


def _send(stack: GtStack, body: str) -> dict[str, Any]:
    stack.sqs.send_message(QueueUrl=stack.ingest_url, MessageBody=body)
    return stack.ingest_event(max_messages=20)


def test_lambda_handler__a_failed_record_sends_none_of_its_results(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Any
) -> None:
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))
    gt_stack.receive(gt_stack.ingest_url, 20)  # the uploads' own notifications: not used
    body = _notification(
        gt_stack.bucket, ("ObjectCreated:Put", KEY), ("ObjectCreated:Put", "gt/0000/gone.json")
    )
    event = _send(gt_stack, body)
    [record] = [r for r in event["Records"] if r["body"] == body]

    answer = invoke({"Records": [record]})

    # Retried as a whole: the first object's result comes with the retry, not twice.
    assert answer == {"batchItemFailures": [{"itemIdentifier": record["messageId"]}]}
    assert gt_stack.results() == []


def test_lambda_handler__removed_objects_are_not_validated(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Any
) -> None:
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.receive(gt_stack.ingest_url, 20)
    body = _notification(gt_stack.bucket, ("ObjectRemoved:Delete", KEY))
    event = _send(gt_stack, body)

    assert invoke(event) == {"batchItemFailures": []}
    assert gt_stack.results() == []


def test_lambda_handler__reports_written_by_the_function_are_not_gt_files(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Any
) -> None:
    gt_stack.put("gt/gt-project.json", gt_config)
    report = "gt-validator-reports/gt/0000/x.json.v1.report.json"
    gt_stack.put(report, b"{}")
    gt_stack.put(KEY, gt_document(KEY))  # nearly: a GT file beside it is judged
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": gt_stack.bucket}, "object": {"key": report}},
    }

    invoke({"Records": [record, dict(record, s3={**record["s3"], "object": {"key": KEY}})]})

    assert [r["key"] for r in gt_stack.results()] == [KEY]


def test_lambda_handler__results_name_the_config_version_that_judged(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Any
) -> None:
    s3 = gt_stack.s3
    s3.put_bucket_versioning(Bucket=gt_stack.bucket, VersioningConfiguration={"Status": "Enabled"})
    put = s3.put_object(
        Bucket=gt_stack.bucket, Key="gt/gt-project.json", Body=orjson.dumps(gt_config)
    )
    gt_stack.put(KEY, gt_document(KEY))

    invoke(gt_stack.ingest_event(max_messages=20))

    [result] = gt_stack.results()
    assert result["config_version"] == put["VersionId"]
    assert result["config_etag"] == put["ETag"].strip('"')


def test_lambda_handler__an_unversioned_config_has_a_null_version(
    gt_stack: GtStack, gt_config: dict[str, Any], invoke: Any
) -> None:
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))

    invoke(gt_stack.ingest_event(max_messages=20))

    [result] = gt_stack.results()
    assert result["config_version"] is None
    assert f'"{result["config_etag"]}"' == gt_stack.listing()["gt/gt-project.json"]
