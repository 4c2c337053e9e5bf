"""Every file in events/ (the ones for ``sam local invoke -e``) drives the handler once.

The events name the bucket ``gt-validator-example`` and two GT keys; the test
creates them in moto first, so the files stay usable against a real account.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import GT_CONFIG, gt_document

pytestmark = pytest.mark.integration

EVENTS = Path(__file__).resolve().parents[2] / "events"
BUCKET = "gt-validator-example"
KEYS = ("gt/day 1/a+b (2)/도로/image (28).json", "gt/0000/scene_1/frame_0001.json")
EVENT_FILES = sorted(EVENTS.glob("*.json"))


@pytest.fixture
def example_bucket(s3: Any, sqs: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The bucket the event files name, its GT files, and a results queue; returns its URL."""
    if BUCKET not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
        s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="gt/gt-project.json", Body=json.dumps(GT_CONFIG))
    for key in KEYS:
        s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(gt_document(key)))
    url: str = sqs.create_queue(QueueName=f"gt-validator-example-{uuid.uuid4().hex}")["QueueUrl"]
    monkeypatch.setenv("GT_CONFIG_URI", f"s3://{BUCKET}/gt/gt-project.json")
    monkeypatch.setenv("RESULTS_QUEUE_URL", url)
    monkeypatch.setenv("GT_PREFIX", "gt/")
    return url


def _results(sqs: Any, url: str) -> list[dict[str, Any]]:
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def test_events__cover_every_event_shape():
    names = {p.stem for p in EVENT_FILES}
    assert {
        "s3_put",
        "sqs_s3_put",
        "sqs_s3_test_event",
        "eventbridge_object_created",
        "direct_keys",
        "direct_documents",
        "map_batch",
        "check_config",
    } <= names


@pytest.mark.parametrize("path", EVENT_FILES, ids=[p.stem for p in EVENT_FILES])
def test_lambda_handler__event_file(path, example_bucket, sqs, invoke):
    event = json.loads(path.read_text(encoding="utf-8"))

    answer = invoke(event)

    results = _results(sqs, example_bucket)
    assert all(r["valid"] and r["key"] in KEYS for r in results), results
    if path.stem.startswith("sqs_"):
        assert answer == {"batchItemFailures": []}
        expected = 0 if "test_event" in path.stem else len(event["Records"])
        assert len(results) == expected
    elif path.stem.startswith("direct_"):
        assert answer["version"] == 1
        assert answer["summary"]["invalid"] == 0
        assert answer["summary"]["files"] == len(event.get("keys", event.get("documents", [])))
        assert results == []
    elif path.stem == "check_config":
        assert answer["config"] == f"s3://{BUCKET}/gt/gt-project.json"
        assert answer["project"] == GT_CONFIG["project"]
        assert results == []
    elif path.stem == "map_batch":
        assert (answer["valid"], answer["failed"]) == (len(event["Items"]), [])
        assert len(results) == len(event["Items"])
    else:
        assert answer["failed"] == []
        assert [r["key"] for r in results] == [KEYS[0]]
