"""A real S3/SQS endpoint for the integration tests: a moto server process.

``moto_server`` (session) starts ``python -m moto.server`` on 127.0.0.1 on a
free port and points boto3 at it through ``AWS_ENDPOINT_URL`` with dummy
credentials, for the whole session. Any module under tests/integration can use
it; ``s3``/``sqs`` give clients, ``gt_stack`` a fresh bucket with its queues
wired as template.yaml wires them (S3 notification -> ingest queue), and
``invoke`` calls ``app.lambda_handler`` with a fake Lambda context.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import orjson
import pytest

from tests.moto_server import running_moto

REPO = Path(__file__).resolve().parents[2]
HANDLER_DIR = REPO / "handler"
REGION = "us-east-1"
GT_PREFIX = "gt/"


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """Endpoint URL of a moto server process serving S3 and SQS for this session.

    Sets AWS_ENDPOINT_URL, dummy credentials and us-east-1 in os.environ until
    the session ends, so every boto3 client (the handler's included) uses it.
    """
    # GT_TEST_MOTO_URL: a server already running, shared by many sessions (a mutation run
    # starts one for all its test runs instead of one per mutant). Names are unique per test.
    shared = os.environ.get("GT_TEST_MOTO_URL")
    server = nullcontext(shared) if shared else running_moto()
    with server as url, pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_ENDPOINT_URL", url)
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_SESSION_TOKEN", "testing")
        mp.setenv("AWS_DEFAULT_REGION", REGION)
        mp.setenv("AWS_REGION", REGION)
        mp.setenv("POWERTOOLS_TRACE_DISABLED", "true")
        mp.setenv("POWERTOOLS_METRICS_NAMESPACE", "GtValidatorTest")
        _forget_clients()  # made for another server (an earlier session in this process)
        yield url


def _forget_clients() -> None:
    """The function's cached boto3 clients, so the next one is made for this endpoint."""
    from gt_validator.aws import s3, settings

    s3.client.cache_clear()
    settings.sqs_client.cache_clear()


@pytest.fixture(scope="session")
def s3(moto_server: str) -> Any:
    """An S3 client on the moto server."""
    return boto3.client("s3", endpoint_url=moto_server, region_name=REGION)


@pytest.fixture(scope="session")
def sqs(moto_server: str) -> Any:
    """An SQS client on the moto server."""
    return boto3.client("sqs", endpoint_url=moto_server, region_name=REGION)


@dataclass
class FakeLambdaContext:
    """What Powertools reads from Lambda's context object."""

    function_name: str = "gt-validator-test"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:123456789012:function:gt-validator-test"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"
    log_group_name: str = "/aws/lambda/gt-validator-test"
    log_stream_name: str = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


@pytest.fixture(scope="session")
def app_module(moto_server: str) -> Any:
    """handler/app.py, imported as Lambda imports it (handler/ on sys.path)."""
    # Unless a copy of handler/ is already importable (mutation testing runs one).
    if importlib.util.find_spec("app") is None and str(HANDLER_DIR) not in sys.path:
        sys.path.insert(0, str(HANDLER_DIR))
    import app

    return app


@pytest.fixture
def invoke(app_module: Any) -> Callable[[dict[str, Any]], Any]:
    """Call lambda_handler(event, context) with a fresh fake context."""

    def call(event: dict[str, Any]) -> Any:
        return app_module.lambda_handler(event, FakeLambdaContext(aws_request_id=str(uuid.uuid4())))

    return call


@dataclass
class GtStack:
    """One test's bucket and queues; helpers to upload GT files and move messages."""

    s3: Any
    sqs: Any
    bucket: str
    ingest_url: str
    ingest_arn: str
    results_url: str

    @property
    def config_uri(self) -> str:
        return f"s3://{self.bucket}/{GT_PREFIX}gt-project.json"

    def put(self, key: str, data: bytes | str | dict[str, Any]) -> None:
        body = orjson.dumps(data) if isinstance(data, dict) else data
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)

    def receive(self, url: str, max_messages: int = 10) -> list[dict[str, Any]]:
        """Up to ``max_messages`` messages, received (not deleted) with their attributes."""
        out: list[dict[str, Any]] = []
        while len(out) < max_messages:
            got = self.sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(10, max_messages - len(out)),
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            if not got:
                break
            out.extend(got)
        return out

    def ingest_event(self, max_messages: int = 10) -> dict[str, Any]:
        """The ingest queue's messages as Lambda's SQS event source hands them over."""
        return sqs_event(self.receive(self.ingest_url, max_messages), self.ingest_arn)

    def results(self) -> list[dict[str, Any]]:
        """Every result message: parsed body plus the ``valid`` attribute as ``_valid``."""
        out = []
        for m in self.receive(self.results_url, 1000):
            body = orjson.loads(m["Body"])
            body["_valid"] = m["MessageAttributes"]["valid"]["StringValue"]
            out.append(body)
        return out

    def listing(self) -> dict[str, str]:
        """key -> ETag of every object in the bucket."""
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {o["Key"]: o["ETag"] for p in pages for o in p.get("Contents", [])}


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """Lambda's SQS event for received messages (the shape BatchProcessor reads)."""
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": {k: str(v) for k, v in m.get("Attributes", {}).items()},
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": REGION,
            }
            for m in messages
        ]
    }


@pytest.fixture
def gt_stack(s3: Any, sqs: Any, monkeypatch: pytest.MonkeyPatch) -> GtStack:
    """A fresh bucket notifying a fresh ingest queue (prefix gt/, suffix .json), a results
    queue of the standard 256 KiB limit, and the function's environment pointing at them.

    Configuring the notification puts an s3:TestEvent into the ingest queue, as S3 does.
    """
    name = f"gt-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    ingest_url = sqs.create_queue(QueueName=f"{name}-ingest")["QueueUrl"]
    ingest_arn = sqs.get_queue_attributes(QueueUrl=ingest_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    results_url = sqs.create_queue(
        QueueName=f"{name}-results", Attributes={"MaximumMessageSize": "262144"}
    )["QueueUrl"]
    s3.put_bucket_notification_configuration(
        Bucket=name,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": ingest_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {
                        "Key": {
                            "FilterRules": [
                                {"Name": "prefix", "Value": GT_PREFIX},
                                {"Name": "suffix", "Value": ".json"},
                            ]
                        }
                    },
                }
            ]
        },
    )
    stack = GtStack(s3, sqs, name, ingest_url, ingest_arn, results_url)
    monkeypatch.setenv("GT_CONFIG_URI", stack.config_uri)
    monkeypatch.setenv("RESULTS_QUEUE_URL", results_url)
    monkeypatch.setenv("GT_PREFIX", GT_PREFIX)
    monkeypatch.setenv("REPORTS_PREFIX", "gt-validator-reports/")
    monkeypatch.setenv("CONFIG_TTL_SECONDS", "60")
    return stack


GT_CONFIG: dict[str, Any] = {
    "project": "road-2023",
    "resource_type": "image",
    "task_types": ["box", "polygon", "poly_seg", "classification"],
    "classes": [
        {
            "name": "car",
            "types": ["box", "polygon"],
            "attributes": [
                {
                    "name": "weather",
                    "type": "select",
                    "values": ["sunny", "cloudy", "rainy"],
                    "required": True,
                }
            ],
        },
        {"name": "Road", "types": ["poly_seg"], "attributes": []},
    ],
    "classification": {"labels": ["day", "night"], "attributes": []},
}


def gt_document(key: str, *, label: str = "car", annotations: int = 1) -> dict[str, Any]:
    """A GT file that passes every rule of SPEC section 1 when stored at ``key``
    (parent_path/filename mirror the key under gt/); ``label="Car"`` makes it invalid."""
    rel = key.removeprefix(GT_PREFIX).removesuffix(".json")
    parent, _, stem = rel.rpartition("/")
    return {
        "annotations": [
            {
                "id": f"{i}-abd21cb9-cb89-4cf4-8de6-{i:012x}",
                "type": "box",
                "label": label,
                "attributes": {"weather": "sunny"},
                "points": [[10, 20], [110, 90]],
            }
            for i in range(1, annotations + 1)
        ],
        "attributes": {},
        "label": "day",
        "filename": f"{stem}.jpg",
        "parent_path": f"/{parent}",
        "metadata": {"height": 1080, "width": 1920},
    }


@pytest.fixture
def gt_config() -> dict[str, Any]:
    """A valid project config (SPEC section 2 example, trimmed; no resources)."""
    return orjson.loads(orjson.dumps(GT_CONFIG))
