"""The other event shapes: direct invocation (answered with the section 4 report),
Step Functions Distributed Map batches, EventBridge and direct S3 notifications."""

from __future__ import annotations

import orjson
import pytest

from tests.integration.conftest import gt_document

pytestmark = pytest.mark.integration

GOOD = "gt/0000/scene_1/frame_0001.json"
BAD = "gt/0000/scene_1/frame_0002.json"


@pytest.fixture
def uploaded(gt_stack, gt_config):
    gt_stack.put("gt/gt-project.json", gt_config)
    gt_stack.put(GOOD, gt_document(GOOD))
    gt_stack.put(BAD, gt_document(BAD, label="Car"))
    gt_stack.ingest_event(max_messages=20)  # S3's own notifications are not used here
    return gt_stack


def test_lambda_handler__direct_keys_answer_the_report(uploaded, invoke):
    answer = invoke({"bucket": uploaded.bucket, "keys": [GOOD, BAD]})

    assert answer["version"] == 1
    assert answer["config"] == uploaded.config_uri
    assert {k: answer["summary"][k] for k in ("files", "valid", "invalid", "errors")} == {
        "files": 2,
        "valid": 1,
        "invalid": 1,
        "errors": 1,
    }
    assert [(f["path"], f["valid"]) for f in answer["files"]] == [(GOOD, True), (BAD, False)]
    assert uploaded.results() == []  # nothing sent to the queue


def test_lambda_handler__direct_documents_answer_the_report(uploaded, invoke, monkeypatch):
    monkeypatch.delenv("GT_CONFIG_URI")  # the event's config wins
    docs = [
        {
            "path": "0000/scene_1/frame_0001.json",
            "content": orjson.dumps(gt_document(GOOD)).decode(),
        },
        {"path": "0000/scene_1/frame_0009.json", "content": '{"annotations": [}'},
    ]

    answer = invoke({"documents": docs, "config": uploaded.config_uri})

    assert [(f["path"], f["valid"]) for f in answer["files"]] == [
        ("0000/scene_1/frame_0001.json", True),
        ("0000/scene_1/frame_0009.json", False),
    ]
    assert answer["files"][1]["findings"][0]["code"] == "invalid_json"
    assert uploaded.results() == []


def test_lambda_handler__direct_with_invalid_config_answers_an_error(uploaded, gt_config, invoke):
    gt_config["task_types"] = ["boxes"]
    uploaded.put("gt/broken.json", gt_config)
    config = f"s3://{uploaded.bucket}/gt/broken.json"

    answer = invoke({"bucket": uploaded.bucket, "keys": [GOOD], "config": config})

    assert set(answer) == {"version", "error"}
    assert answer["error"]["config"] == config
    assert "boxes" in answer["error"]["message"]


def test_lambda_handler__direct_missing_key_answers_an_error(uploaded, invoke):
    answer = invoke({"bucket": uploaded.bucket, "keys": ["gt/0000/nope.json"]})

    assert "gt/0000/nope.json" in answer["error"]["message"]


def test_lambda_handler__map_batch(uploaded, invoke, app_module):
    listing = uploaded.listing()
    items = [{"Key": k, "Etag": listing[k], "Size": 1} for k in ("gt/gt-project.json", GOOD, BAD)]
    items.append({"Key": "gt/0000/gone.json", "Etag": '"x"', "Size": 10})

    with pytest.raises(app_module.BatchIncomplete) as raised:
        invoke({"Items": items, "BatchInput": {"bucket": uploaded.bucket}})

    answer = orjson.loads(str(raised.value))

    assert {k: answer[k] for k in ("files", "valid", "invalid", "skipped")} == {
        "files": 2,
        "valid": 1,
        "invalid": 1,
        "skipped": 1,
    }
    assert [f["key"] for f in answer["failed"]] == ["gt/0000/gone.json"]
    assert "NoSuchKey" in answer["failed"][0]["error"]
    assert sorted(r["key"] for r in uploaded.results()) == [GOOD, BAD]


def _eventbridge(bucket, key, **obj):
    return {
        "version": "0",
        "id": "1",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": "123456789012",
        "time": "2024-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [f"arn:aws:s3:::{bucket}"],
        "detail": {
            "version": "0",
            "bucket": {"name": bucket},
            "object": {"key": key, **obj},
            "reason": "PutObject",
        },
    }


def test_lambda_handler__eventbridge_object_created(uploaded, invoke):
    key = "gt/day 1/image (28).json"
    uploaded.put(key, gt_document(key))

    invoke(_eventbridge(uploaded.bucket, "gt/day+1/image+%2828%29.json", size=10))

    [result] = uploaded.results()
    assert (result["key"], result["valid"]) == (key, True)


def test_lambda_handler__eventbridge_failure_raises_for_a_retry(uploaded, invoke):
    with pytest.raises(RuntimeError, match=r"gt/0000/gone\.json"):
        invoke(_eventbridge(uploaded.bucket, "gt/0000/gone.json", size=10))


def test_lambda_handler__eventbridge_body_in_sqs(uploaded, invoke):
    body = orjson.dumps(_eventbridge(uploaded.bucket, GOOD)).decode()
    uploaded.sqs.send_message(QueueUrl=uploaded.ingest_url, MessageBody=body)

    assert invoke(uploaded.ingest_event()) == {"batchItemFailures": []}
    assert [r["key"] for r in uploaded.results()] == [GOOD]


def test_lambda_handler__unknown_event_raises(invoke):
    with pytest.raises(ValueError, match="unrecognised event"):
        invoke({"hello": "world"})


@pytest.mark.parametrize(
    "document",
    [{"path": 1, "content": "{}"}, {"path": "a.json", "content": 1}, ["a.json", "{}"]],
    ids=["path-not-a-string", "content-not-a-string", "not-an-object"],
)
def test_lambda_handler__a_malformed_document_answers_an_error(uploaded, invoke, document):
    good = {"path": "0000/scene_1/frame_0001.json", "content": "{}"}

    answer = invoke({"documents": [good, document]})

    assert "each document needs a string 'path' and 'content'" in answer["error"]["message"]


def test_lambda_handler__documents_are_judged_where_their_path_says(uploaded, gt_config, invoke):
    gt_config["limits"] = {"max_file_bytes": 2000}
    uploaded.put("gt/gt-project.json", gt_config)
    content = orjson.dumps(gt_document(GOOD)).decode()
    docs = [
        {"path": "/0000/scene_1/frame_0001.json", "content": content},  # leading "/": same
        {"path": "0000/scene_1/frame_0002.json", "content": content},  # mirrors another key
        {"path": "0000/big.json", "content": " " * 2001 + "{}"},
        {"path": "0000/lone.json", "content": '{"x": "\ud800"}'},  # a lone surrogate: kept
    ]

    answer = invoke({"documents": docs})

    codes = [sorted({f["code"] for f in file["findings"]}) for file in answer["files"]]
    assert codes[0] == []
    assert "path_mismatch" in " ".join(codes[1])
    assert codes[2] == ["file_too_large"]
    assert codes[3] and "file_too_large" not in codes[3]


def _logged(caplog, message):
    return [r for r in caplog.records if r.getMessage() == message]


def test_lambda_handler__direct_error_answer_names_config_and_pointer(
    uploaded, gt_config, invoke, caplog
):
    gt_config["task_types"] = ["boxes"]
    uploaded.put("gt/broken.json", gt_config)
    config = f"s3://{uploaded.bucket}/gt/broken.json"

    answer = invoke({"documents": [], "config": config})

    # A ConfigError's own message, not its str() (which repeats config and pointer).
    error = answer["error"]
    assert answer["version"] == 1
    assert error["message"].startswith("ConfigUnavailable: invalid config ")
    assert (error["config"], error["pointer"]) == (config, "")
    [record] = _logged(caplog, "direct invocation failed")
    assert record.reason == error["message"]


def test_lambda_handler__direct_error_answer_carries_the_config_pointer(uploaded, invoke):
    answer = invoke({"documents": [{"path": 1, "content": "x"}]})
    assert answer == {
        "version": 1,
        "error": {
            "message": "ValueError: each document needs a string 'path' and 'content'",
            "config": uploaded.config_uri,
            "pointer": "",
        },
    }


def test_lambda_handler__eventbridge_event_details_reach_the_result(uploaded, gt_config, invoke):
    s3 = uploaded.s3
    s3.put_bucket_versioning(Bucket=uploaded.bucket, VersioningConfiguration={"Status": "Enabled"})
    put = s3.put_object(Bucket=uploaded.bucket, Key=GOOD, Body=orjson.dumps(gt_document(GOOD)))
    gt_config["limits"] = {"max_file_bytes": 100}
    uploaded.put("gt/gt-project.json", gt_config)
    event = _eventbridge(
        uploaded.bucket,
        GOOD,
        size=99_999,  # over the limit: judged by the event's size, never read
        etag="abc",
        **{"version-id": put["VersionId"]},
    )

    answer = invoke(event)

    assert answer == {"files": 1, "failed": []}
    [result] = uploaded.results()
    assert (result["version_id"], result["etag"]) == (put["VersionId"], "abc")
    assert result["event_time"] == "2024-01-01T00:00:00Z"
    assert [f["code"] for f in result["findings"]] == ["file_too_large"]


def test_lambda_handler__async_failure_names_every_object_and_why(uploaded, invoke, caplog):
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {"bucket": {"name": uploaded.bucket}, "object": {"key": key}},
            }
            for key in ("gt/0000/gone1.json", GOOD, "gt/0000/gone2.json")
        ]
    }

    with pytest.raises(RuntimeError) as raised:
        invoke(event)

    assert str(raised.value) == (
        "2 object(s) not validated: gt/0000/gone1.json, gt/0000/gone2.json"
    )
    assert [r["key"] for r in uploaded.results()] == [GOOD]  # the one that could be
