"""Records that cannot be validated are batch item failures (retried, then dead-lettered);
the rest of the batch still gets its results."""

from __future__ import annotations

from urllib.parse import unquote_plus

import orjson
import pytest

from tests.integration.conftest import gt_document, sqs_event

pytestmark = pytest.mark.integration

KEY = "gt/0000/scene_1/frame_0001.json"


def _failed_ids(answer):
    return {f["itemIdentifier"] for f in answer["batchItemFailures"]}


def _record_ids(event, predicate):
    return {r["messageId"] for r in event["Records"] if predicate(orjson.loads(r["body"]))}


def _names_key(key):
    def names(body):
        records = body.get("Records") or [{}]
        return unquote_plus(records[0].get("s3", {}).get("object", {}).get("key", "")) == key

    return names


def _logged_reasons(caplog):
    return " ".join(str(getattr(r, "reason", "")) for r in caplog.records)


@pytest.mark.parametrize(
    "garbage",
    [
        "not json at all",
        "[1, 2]",
        "{}",
        '{"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put"}]}',
    ],
)
def test_lambda_handler__garbage_body_is_an_item_failure(gt_stack, gt_config, invoke, garbage):
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))
    gt_stack.sqs.send_message(QueueUrl=gt_stack.ingest_url, MessageBody=garbage)
    event = gt_stack.ingest_event()
    bad = {r["messageId"] for r in event["Records"] if r["body"] == garbage}

    answer = invoke(event)

    assert _failed_ids(answer) == bad and len(bad) == 1
    assert [r["key"] for r in gt_stack.results()] == [KEY]


def test_lambda_handler__object_deleted_before_read(gt_stack, gt_config, invoke):
    gone = "gt/0000/scene_1/frame_0002.json"
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))
    gt_stack.put(gone, gt_document(gone))
    event = gt_stack.ingest_event()
    gt_stack.s3.delete_object(Bucket=gt_stack.bucket, Key=gone)

    answer = invoke(event)

    assert _failed_ids(answer) == _record_ids(event, _names_key(gone))
    assert [r["key"] for r in gt_stack.results()] == [KEY]


def test_lambda_handler__unreadable_config_fails_every_record(gt_stack, invoke, caplog):
    gt_stack.put(KEY, gt_document(KEY))  # no config uploaded
    event = gt_stack.ingest_event()

    answer = invoke(event)

    assert _failed_ids(answer) == _record_ids(event, lambda b: "Records" in b)
    assert gt_stack.results() == []
    assert "gt-project.json" in _logged_reasons(caplog)  # the reason is logged


def test_lambda_handler__invalid_config_fails_every_record(gt_stack, gt_config, invoke, caplog):
    gt_config["colour"] = "red"  # an unknown top-level key makes the config invalid
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))
    event = gt_stack.ingest_event()

    answer = invoke(event)

    assert _failed_ids(answer) == _record_ids(event, _names_key(KEY))
    assert gt_stack.results() == []
    assert "colour" in _logged_reasons(caplog)


def test_lambda_handler__results_queue_unreachable(gt_stack, gt_config, invoke, monkeypatch):
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))
    event = gt_stack.ingest_event()
    monkeypatch.setenv("RESULTS_QUEUE_URL", gt_stack.results_url + "-missing")

    answer = invoke(event)

    assert _failed_ids(answer) == _record_ids(event, _names_key(KEY))


def test_lambda_handler__failed_record_is_retried_to_success(gt_stack, gt_config, invoke):
    gt_stack.put(KEY, gt_document(KEY))
    event = gt_stack.ingest_event()
    assert _failed_ids(invoke(event))  # config missing: the record fails

    gt_stack.put("gt/gt-project.json", gt_config)  # fixed; the cached failure is not final
    gt_stack.ingest_event()  # drop the config's own notification
    retry = sqs_event([], gt_stack.ingest_arn)
    retry["Records"] = [r for r in event["Records"] if "Records" in orjson.loads(r["body"])]

    assert invoke(retry) == {"batchItemFailures": []}
    assert [r["key"] for r in gt_stack.results()] == [KEY]


def test_lambda_handler__config_change_seen_after_ttl(gt_stack, gt_config, invoke, monkeypatch):
    monkeypatch.setenv("CONFIG_TTL_SECONDS", "0")
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY, label="truck"))
    first = gt_stack.ingest_event()
    invoke(first)
    gt_config["classes"].append(dict(gt_config["classes"][0], name="truck"))  # a new ETag
    gt_stack.put("gt/gt-project.json", gt_config)

    invoke(first)

    verdicts = [r["valid"] for r in gt_stack.results()]
    assert verdicts == [False, True]


def test_lambda_handler__config_cached_within_ttl(gt_stack, gt_config, invoke, monkeypatch):
    monkeypatch.setenv("CONFIG_TTL_SECONDS", "3600")
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY, label="truck"))
    first = gt_stack.ingest_event()
    invoke(first)
    gt_config["classes"].append(dict(gt_config["classes"][0], name="truck"))
    gt_stack.put("gt/gt-project.json", gt_config)

    invoke(first)

    assert [r["valid"] for r in gt_stack.results()] == [False, False]


def test_lambda_handler__reads_the_event_version(gt_stack, gt_config, invoke):
    s3 = gt_stack.s3
    s3.put_bucket_versioning(Bucket=gt_stack.bucket, VersioningConfiguration={"Status": "Enabled"})
    gt_stack.put("gt/gt-project.json", gt_config)
    first = s3.put_object(Bucket=gt_stack.bucket, Key=KEY, Body=orjson.dumps(gt_document(KEY)))
    gt_stack.put(KEY, gt_document(KEY, label="Car"))  # a later, invalid version
    gt_stack.ingest_event(max_messages=20)
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Put",
        "s3": {
            "bucket": {"name": gt_stack.bucket},
            "object": {"key": KEY, "versionId": first["VersionId"]},
        },
    }

    invoke({"Records": [record]})  # a direct S3 notification

    [result] = gt_stack.results()
    assert (result["version_id"], result["valid"]) == (first["VersionId"], True)


class _PartlyFailingSqs:
    """SendMessageBatch that reports the entry with Id "1" of each call as failed."""

    def __init__(self):
        self.calls = []

    def send_message_batch(self, QueueUrl, Entries):
        self.calls.append([e["Id"] for e in Entries])
        return {
            "Successful": [{"Id": e["Id"]} for e in Entries if e["Id"] != "1"],
            "Failed": [{"Id": "1", "Code": "InternalError", "SenderFault": False}],
        }


def test_outbox_flush__failed_entries_fail_their_owner():
    from gt_validator.aws.results import Outbox

    sqs = _PartlyFailingSqs()
    outbox = Outbox(sqs, "https://queue")
    for i in range(12):
        outbox.add(f"record-{i}", "{}", True)

    failed = outbox.flush()

    assert sqs.calls == [[str(i) for i in range(10)], ["0", "1"]]  # 10 at a time
    assert failed == {
        "record-1": "results queue: InternalError ",
        "record-11": "results queue: InternalError ",
    }
    assert outbox.pending == []


@pytest.mark.parametrize(("ttl", "verdicts"), [("0", [True, False]), ("3600", [True, True])])
def test_lambda_handler__manifest_revalidated_by_etag(
    gt_stack, gt_config, invoke, monkeypatch, ttl, verdicts
):
    monkeypatch.setenv("CONFIG_TTL_SECONDS", ttl)
    gt_config["resources"] = {"manifest": "resources.jsonl"}
    record = {"path": "/0000/scene_1/frame_0001.jpg", "status": "not_started"}
    gt_stack.put("gt/resources.jsonl", orjson.dumps(record))
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(KEY, gt_document(KEY))
    event = gt_stack.ingest_event()
    invoke(event)
    gt_stack.put("gt/resources.jsonl", orjson.dumps(dict(record, status="in_progress")))

    invoke(event)

    assert [r["valid"] for r in gt_stack.results()] == verdicts
