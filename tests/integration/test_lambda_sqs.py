"""The deployed path: S3 (moto) notifies the ingest queue, the handler gets the queue's
messages as Lambda's SQS event source would, results land on the results queue."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.integration.conftest import GtStack, gt_document

pytestmark = pytest.mark.integration

VALID = "gt/0000/scene_1/frame_0001.json"
INVALID = "gt/0000/scene_1/frame_0002.json"


def _upload(stack: GtStack, config: dict[str, Any], *keys: str, label: str = "car") -> None:
    stack.put("gt/gt-project.json", config)
    for key in keys:
        stack.put(key, gt_document(key, label=label))


def test_lambda_handler__valid_and_invalid_files(gt_stack, gt_config, invoke):
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(VALID, gt_document(VALID))
    gt_stack.put(INVALID, gt_document(INVALID, label="Car"))
    etags = gt_stack.listing()

    answer = invoke(gt_stack.ingest_event())

    assert answer == {"batchItemFailures": []}
    results = {r["key"]: r for r in gt_stack.results()}
    assert set(results) == {VALID, INVALID}  # the config and the test event give no result
    ok, bad = results[VALID], results[INVALID]
    assert (ok["valid"], ok["_valid"], ok["findings"]) == (True, "true", [])
    assert (bad["valid"], bad["_valid"]) == (False, "false")
    assert [f["code"] for f in bad["findings"]] == ["unknown_class"]
    assert bad["findings"][0]["pointer"] == "/annotations/0/label"
    for key, body in results.items():
        assert body["bucket"] == gt_stack.bucket
        assert body["path"] == key
        assert f'"{body["etag"]}"' == etags[key]
        assert body["project"] == "road-2023"
        assert body["config"] == gt_stack.config_uri
        assert "version_id" in body


@pytest.mark.parametrize(
    "key",
    [
        "gt/day 1/image (28).json",
        "gt/a+b/c+d (1).json",
        "gt/도로/프레임 1.json",
        "gt/x/100% sure.json",
        "gt/x/café.json",
    ],
)
def test_lambda_handler__keys_are_decoded_not_normalised(gt_stack, gt_config, invoke, key):
    _upload(gt_stack, gt_config, key)

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    [result] = gt_stack.results()
    assert result["key"] == key
    # Valid means parent_path/filename matched the decoded key under gt_root.
    assert result["valid"] is True, result["findings"]


def test_lambda_handler__test_event_is_acknowledged(gt_stack, invoke):
    event = gt_stack.ingest_event()
    assert [orjson.loads(r["body"])["Event"] for r in event["Records"]] == ["s3:TestEvent"]

    assert invoke(event) == {"batchItemFailures": []}
    assert gt_stack.results() == []


def test_lambda_handler__all_invalid_batch_has_no_failures(gt_stack, gt_config, invoke):
    keys = [f"gt/0000/scene_1/frame_{i:04d}.json" for i in range(12)]
    _upload(gt_stack, gt_config, *keys, label="truck")

    answer = invoke(gt_stack.ingest_event(max_messages=20))

    assert answer == {"batchItemFailures": []}
    results = gt_stack.results()
    assert sorted(r["key"] for r in results) == keys  # 12 results: two SendMessageBatch calls
    assert {r["_valid"] for r in results} == {"false"}


def test_lambda_handler__duplicate_deliveries_give_the_same_result(gt_stack, gt_config, invoke):
    _upload(gt_stack, gt_config, VALID)
    event = gt_stack.ingest_event()
    twice_in_one = {"Records": event["Records"] + event["Records"]}

    assert invoke(event) == {"batchItemFailures": []}
    assert invoke(event) == {"batchItemFailures": []}  # redelivered after a timeout
    assert invoke(twice_in_one) == {"batchItemFailures": []}

    results = gt_stack.results()
    assert len(results) == 4
    assert len({orjson.dumps(r, option=orjson.OPT_SORT_KEYS) for r in results}) == 1


def test_lambda_handler__bucket_objects_unchanged(gt_stack, gt_config, invoke):
    _upload(gt_stack, gt_config, VALID)
    gt_stack.put(INVALID, gt_document(INVALID, label="Car"))
    before = gt_stack.listing()

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    assert gt_stack.listing() == before
    assert len(gt_stack.results()) == 2


def test_lambda_handler__oversize_result_is_truncated(gt_stack, gt_config, invoke):
    # 3,000 unknown_class findings: about 500 KB of JSON, over the 256 KiB SQS limit.
    key = "gt/0000/scene_1/big.json"
    gt_config["limits"] = {"max_findings_per_file": 5000}  # all 3,000 listed
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(key, gt_document(key, label="Car", annotations=3000))

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    [message] = gt_stack.receive(gt_stack.results_url)
    assert len(message["Body"].encode()) <= 262_144
    body = orjson.loads(message["Body"])
    assert body["truncated"] is True
    assert body["findings_total"] == 3000
    assert body["findings_by_code"] == {"unknown_class": 3000}
    assert 0 < len(body["findings"]) < 3000
    assert body["findings"][0]["pointer"] == "/annotations/0/label"
    report_bucket, _, report_key = body["report"].removeprefix("s3://").partition("/")
    assert report_bucket == gt_stack.bucket
    assert report_key.startswith("gt-validator-reports/")  # never under the watched prefix
    full = orjson.loads(gt_stack.s3.get_object(Bucket=report_bucket, Key=report_key)["Body"].read())
    assert len(full["findings"]) == 3000


def test_lambda_handler__oversize_result_without_reports_prefix(
    gt_stack, gt_config, invoke, monkeypatch
):
    monkeypatch.delenv("REPORTS_PREFIX")
    key = "gt/0000/scene_1/big.json"
    gt_config["limits"] = {"max_findings_per_file": 5000}  # all 3,000 listed
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(key, gt_document(key, label="Car", annotations=3000))
    before = gt_stack.listing()

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    [body] = gt_stack.results()
    assert (body["truncated"], body["report"]) == (True, None)
    assert gt_stack.listing() == before


def test_lambda_handler__deep_value_is_a_finding_not_a_retry(gt_stack, gt_config, invoke):
    # A value nested 1,000 levels where a message quotes it once raised RecursionError:
    # the record was retried, then dead-lettered. Now it is the file's finding.
    key = "gt/0000/scene_1/deep.json"
    gt_stack.put("gt/gt-project.json", gt_config)
    doc = orjson.dumps(gt_document(key)).replace(b'"sunny"', b"[" * 1000 + b"]" * 1000)
    gt_stack.put(key, doc)

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    [body] = gt_stack.results()
    assert body["valid"] is False
    assert [f["code"] for f in body["findings"]] == ["invalid_attribute_value"]
    assert len(body["findings"][0]["message"]) < 300


def test_lambda_handler__oversize_capped_result_counts_the_omitted(gt_stack, gt_config, invoke):
    # 2,000 of 3,000 findings listed (the per-file cap), still over the SQS limit: the
    # totals of the truncated message count the listed and the omitted ones.
    key = "gt/0000/scene_1/big.json"
    gt_config["limits"] = {"max_findings_per_file": 2000}
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(key, gt_document(key, label="Car", annotations=3000))

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    [body] = gt_stack.results()
    assert body["truncated"] is True
    assert body["omitted"] == {"unknown_class": 1000}
    assert (body["findings_total"], body["findings_by_code"]) == (3000, {"unknown_class": 3000})
    assert body["errors"] == 3000


def test_lambda_handler__file_over_size_limit_is_not_read(gt_stack, gt_config, invoke):
    gt_config["limits"] = {"max_file_bytes": 100}
    _upload(gt_stack, gt_config, VALID)
    event = gt_stack.ingest_event()
    # Gone before the handler runs: a GET would fail the record, the event's size suffices.
    gt_stack.s3.delete_object(Bucket=gt_stack.bucket, Key=VALID)

    assert invoke(event) == {"batchItemFailures": []}

    [result] = gt_stack.results()
    assert [f["code"] for f in result["findings"]] == ["file_too_large"]


def test_lambda_handler__sqs_illegal_characters_are_escaped(gt_stack, gt_config, invoke):
    # U+FFFF is legal in a key and in JSON, but not a character SQS accepts in a body.
    key = "gt/0000/scene_1/odd\uffff.json"
    _upload(gt_stack, gt_config, key)

    assert invoke(gt_stack.ingest_event()) == {"batchItemFailures": []}

    [message] = gt_stack.receive(gt_stack.results_url)
    assert "\uffff" not in message["Body"]
    body = orjson.loads(message["Body"])
    assert (body["key"], body["path"], body["valid"]) == (key, key, True)
