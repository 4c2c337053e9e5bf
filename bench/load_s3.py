"""Load run (not a test): 10,000 GT objects through S3 events, the ingest queue and the handler.

    python bench/load_s3.py                  # starts its own moto server on 127.0.0.1
    python bench/load_s3.py --objects 2000 --endpoint http://127.0.0.1:5000

A bucket notifies an ingest queue (prefix gt/, suffix .json; redrive to a DLQ after
--max-receives receives), as template.yaml wires it. Objects are uploaded in waves
(moto's queues slow down with thousands of unread messages; a real event source polls
while uploads go on); after each wave the ingest queue is drained the way Lambda's
SQS event source does it: up to 10 messages, ``app.lambda_handler``, delete all but
the ``batchItemFailures``, which come back after the visibility timeout and are
dead-lettered after --max-receives. Some objects (--gone-every) are deleted before
they are read, so some records must end up in the DLQ.

At the end every upload must have produced exactly one result message or exactly one
dead-lettered record (never both, never none, never two). Prints throughput and
writes bench/out/load_s3.json. Exit 1 when that accounting fails.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.moto_server: the tests' own way to start moto
from tests.moto_server import running_moto  # noqa: E402

OUT = REPO / "bench" / "out"
REGION = "us-east-1"
CONFIG = {
    "project": "load",
    "resource_type": "image",
    "task_types": ["box", "classification"],
    "classes": [
        {
            "name": "car",
            "types": ["box"],
            "attributes": [
                {
                    "name": "weather",
                    "type": "select",
                    "values": ["sunny", "rainy"],
                    "required": True,
                }
            ],
        }
    ],
    "classification": {"labels": ["day", "night"], "attributes": []},
    "gt_root": "../gt",
}


def document(key: str, valid: bool) -> bytes:
    rel = key.removeprefix("gt/").removesuffix(".json")
    parent, _, stem = rel.rpartition("/")
    return orjson.dumps(
        {
            "annotations": [
                {
                    "id": f"{i}-abd21cb9-cb89-4cf4-8de6-{i:012x}",
                    "type": "box",
                    "label": "car" if valid else "Car",
                    "attributes": {"weather": "sunny"},
                    "points": [[10 * i, 20], [10 * i + 50, 90]],
                }
                for i in range(1, 21)
            ],
            "attributes": {},
            "label": "day",
            "filename": f"{stem}.jpg",
            "parent_path": f"/{parent}",
            "metadata": {"height": 1080, "width": 1920},
        }
    )


class FakeContext:
    function_name = "gt-validator-load"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = f"arn:aws:lambda:{REGION}:123456789012:function:gt-validator-load"
    aws_request_id = "load"
    log_group_name = "/aws/lambda/gt-validator-load"
    log_stream_name = "load"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


def setup(s3: Any, sqs: Any, max_receives: int) -> dict[str, str]:
    name = f"load-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    ingest = sqs.create_queue(
        QueueName=f"{name}-ingest",
        Attributes={
            "VisibilityTimeout": "1",
            "RedrivePolicy": orjson.dumps(
                {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(max_receives)}
            ).decode(),
        },
    )["QueueUrl"]
    ingest_arn = sqs.get_queue_attributes(QueueUrl=ingest, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    results = sqs.create_queue(QueueName=f"{name}-results")["QueueUrl"]
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
                                {"Name": "prefix", "Value": "gt/"},
                                {"Name": "suffix", "Value": ".json"},
                            ]
                        }
                    },
                }
            ]
        },
    )
    s3.put_object(Bucket=name, Key="config/gt-project.json", Body=orjson.dumps(CONFIG))
    os.environ.update(
        GT_CONFIG_URI=f"s3://{name}/config/gt-project.json",
        RESULTS_QUEUE_URL=results,
        GT_PREFIX="gt/",
        REPORTS_PREFIX="gt-validator-reports/",
        CONFIG_TTL_SECONDS="60",
    )
    return {
        "bucket": name,
        "ingest": ingest,
        "ingest_arn": ingest_arn,
        "dlq": dlq,
        "results": results,
    }


def receive(sqs: Any, url: str, *, delete: bool, visibility: int | None = None) -> list[Any]:
    kwargs: dict[str, Any] = {
        "QueueUrl": url,
        "MaxNumberOfMessages": 10,
        "WaitTimeSeconds": 0,
        "AttributeNames": ["All"],
        "MessageAttributeNames": ["All"],
    }
    if visibility is not None:
        kwargs["VisibilityTimeout"] = visibility
    got = sqs.receive_message(**kwargs).get("Messages", [])
    if delete and got:
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)
            ],
        )
    return got


def pending(sqs: Any, url: str) -> int:
    attrs = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(
        attrs["ApproximateNumberOfMessagesNotVisible"]
    )


def drain(sqs: Any, stack: dict[str, str], handler: Any, tally: dict[str, Any]) -> None:
    """Feed the ingest queue to the handler, 10 messages a call, until nothing is left."""
    while True:
        got = receive(sqs, stack["ingest"], delete=False)
        if not got:
            if pending(sqs, stack["ingest"]) == 0:
                return
            time.sleep(0.2)  # failed records become visible again after 1 s
            continue
        event = {
            "Records": [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": {k: str(v) for k, v in m.get("Attributes", {}).items()},
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": stack["ingest_arn"],
                    "awsRegion": REGION,
                }
                for m in got
            ]
        }
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the EMF metrics lines
            answer = handler(event, FakeContext())
        tally["handler_s"] += time.perf_counter() - started
        tally["invocations"] += 1
        tally["records"] += len(got)
        failed = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
        tally["item_failures"] += len(failed)
        done = [m for m in got if m["MessageId"] not in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=stack["ingest"],
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)
                ],
            )
        for m in receive(sqs, stack["results"], delete=True, visibility=600):
            tally["results"][orjson.loads(m["Body"])["key"]] += 1


def drain_results(sqs: Any, stack: dict[str, str], tally: dict[str, Any]) -> None:
    while got := receive(sqs, stack["results"], delete=True, visibility=600):
        for m in got:
            tally["results"][orjson.loads(m["Body"])["key"]] += 1


def keys_of_notification(body: str) -> list[str]:
    doc = orjson.loads(body)
    return [unquote_plus(r["s3"]["object"]["key"]) for r in doc.get("Records", [])]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--objects", type=int, default=10_000)
    p.add_argument("--wave", type=int, default=500, help="objects uploaded between drains")
    p.add_argument("--gone-every", type=int, default=250, help="delete every Nth object")
    p.add_argument("--invalid-every", type=int, default=7)
    p.add_argument("--max-receives", type=int, default=2)
    p.add_argument("--endpoint", help="an S3/SQS endpoint already running (default: start moto)")
    args = p.parse_args()

    with contextlib.ExitStack() as stack:
        endpoint = args.endpoint or stack.enter_context(running_moto())
        os.environ.update(
            AWS_ENDPOINT_URL=endpoint,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_DEFAULT_REGION=REGION,
            POWERTOOLS_TRACE_DISABLED="true",
            POWERTOOLS_LOG_LEVEL="CRITICAL",
            POWERTOOLS_METRICS_NAMESPACE="GtValidatorLoad",
            POWERTOOLS_METRICS_DISABLED="true",
        )
        return run(args, endpoint)


def run(args: argparse.Namespace, endpoint: str) -> int:
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name=REGION)
    stack = setup(s3, sqs, args.max_receives)
    receive(sqs, stack["ingest"], delete=True)  # the s3:TestEvent S3 sends on configuration
    sys.path.insert(0, str(REPO / "handler"))
    import app  # as Lambda imports it, once the environment is set

    names = ["scene {:03d}/frame+{:05d}.json", "장면-{:03d}/프레임 ({:05d}).json"]
    keys = [f"gt/{names[i % 2].format(i // 100, i)}" for i in range(args.objects)]
    gone = {k for i, k in enumerate(keys) if args.gone_every and i % args.gone_every == 5}
    tally: dict[str, Any] = {
        "handler_s": 0.0,
        "invocations": 0,
        "records": 0,
        "item_failures": 0,
        "results": Counter(),
    }
    upload_s = 0.0
    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        for w in range(0, len(keys), args.wave):
            wave = keys[w : w + args.wave]
            t0 = time.perf_counter()
            list(
                pool.map(
                    lambda ik: s3.put_object(
                        Bucket=stack["bucket"],
                        Key=ik[1],
                        Body=document(ik[1], ik[0] % args.invalid_every != 3),
                    ),
                    enumerate(wave, w),
                )
            )
            for k in gone.intersection(wave):
                s3.delete_object(Bucket=stack["bucket"], Key=k)
            upload_s += time.perf_counter() - t0
            drain(sqs, stack, app.lambda_handler, tally)
            drain_results(sqs, stack, tally)
            print(f"\r{w + len(wave)}/{len(keys)} uploaded and drained", end="", file=sys.stderr)
    wall = time.perf_counter() - started
    print(file=sys.stderr)

    dead: Counter[str] = Counter()
    while msgs := receive(sqs, stack["dlq"], delete=True, visibility=600):
        for m in msgs:
            dead.update(keys_of_notification(m["Body"]))
    results = tally["results"]
    problems = {k: (results[k], dead[k]) for k in keys if results[k] + dead[k] != 1}
    unexpected = (set(results) | set(dead)) - set(keys)
    wrong_dlq = set(dead) - gone
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "machine": platform.platform(),
        "objects": len(keys),
        "deleted_before_read": len(gone),
        "results": sum(results.values()),
        "dead_lettered": sum(dead.values()),
        "exactly_once": not problems and not unexpected and not wrong_dlq,
        "handler_invocations": tally["invocations"],
        "records_handled": tally["records"],
        "item_failures_reported": tally["item_failures"],
        "wall_s": round(wall, 2),
        "upload_s": round(upload_s, 2),
        "handler_s": round(tally["handler_s"], 2),
        "objects_per_s_end_to_end": round(len(keys) / wall, 1),
        "records_per_s_in_handler": round(tally["records"] / tally["handler_s"], 1),
        "handler_ms_per_record": round(1000 * tally["handler_s"] / tally["records"], 2),
        "problems": dict(list(problems.items())[:20]),
        "unexpected": sorted(unexpected)[:20],
        "dead_but_readable": sorted(wrong_dlq)[:20],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load_s3.json").write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    return 0 if report["exactly_once"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
