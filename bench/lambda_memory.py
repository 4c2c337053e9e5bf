"""Peak memory of the Lambda handler per MB of GT file: what MemorySize must hold.

    python bench/lambda_memory.py [--sizes 10,25,50] [--json]

For each size and kind (``valid``: every annotation passes; ``findings``: every
annotation is an unknown class, one finding each) one GT file of that size is put
on a moto server, and a fresh Python process imports ``handler/app.py`` as Lambda
does and runs ``lambda_handler`` once on the SQS event of its upload: GET, parse,
validate, serialise and send the result (truncated to the SQS limit, the whole
report written under REPORTS_PREFIX). The child reports its peak resident set
(``ru_maxrss``, the figure Lambda's "Max Memory Used" reports) and its CPU time.

A fresh process per file: peaks do not hide behind an earlier, larger one. The
sizes are MiB of JSON; 50 MiB is the default ``limits.max_file_bytes``, so that
row sizes the template's MemorySize (docs/deploy.md, "Memory").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import boto3
import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.moto_server import running_moto  # noqa: E402

MIB = 1024 * 1024
CONFIG = {
    "project": "bench",
    "resource_type": "image",
    "task_types": ["box"],
    "classes": [{"name": "car", "types": ["box"], "attributes": []}],
}

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import app

class Context:
    function_name = "bench"; function_version = "$LATEST"; memory_limit_in_mb = 10240
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "bench"; log_group_name = "bench"; log_stream_name = "bench"
    def get_remaining_time_in_millis(self): return 900_000

event = json.loads(sys.stdin.read())
cpu = time.process_time()
answer = app.lambda_handler(event, Context())
cpu = time.process_time() - cpu
print(json.dumps({"answer": answer, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "cpu_s": cpu}))
"""


def gt_file(size: int, label: str) -> bytes:
    """A GT file of about ``size`` bytes (never more): boxes labelled ``label``."""
    one = {
        "id": "9999999-00000000-0000-4000-8000-000000000000",  # the longest id: sizes the file
        "type": "box",
        "label": label,
        "attributes": {},
        "points": [[10, 20], [110, 90]],
    }
    head = {
        "attributes": {},
        "filename": "x.jpg",
        "parent_path": "/bench",
        "metadata": {"height": 1080, "width": 1920},
    }
    per = len(orjson.dumps(one)) + 1
    count = max(1, (size - len(orjson.dumps(head)) - 64) // per)
    doc = {
        **head,
        "annotations": [
            dict(one, id=f"{i}-00000000-0000-4000-8000-{i:012x}") for i in range(count)
        ],
    }
    return orjson.dumps(doc)


def measure(s3: Any, sqs: Any, endpoint: str, size_mib: int, kind: str) -> dict[str, Any]:
    bucket = f"mem-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    results = sqs.create_queue(QueueName=f"{bucket}-results")["QueueUrl"]
    s3.put_object(Bucket=bucket, Key="gt/gt-project.json", Body=orjson.dumps(CONFIG))
    data = gt_file(size_mib * MIB - 1024, "car" if kind == "valid" else "Car")
    key = "gt/bench/x.json"
    s3.put_object(Bucket=bucket, Key=key, Body=data)
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": len(data)}},
    }
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "POWERTOOLS_METRICS_NAMESPACE": "Bench",
        "GT_CONFIG_URI": f"s3://{bucket}/gt/gt-project.json",
        "RESULTS_QUEUE_URL": results,
        "GT_PREFIX": "gt/",
        "REPORTS_PREFIX": "gt-validator-reports/",
    }
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(REPO / "handler")],
        input=orjson.dumps({"Records": [record]}),
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{size_mib} MiB {kind}: the handler failed\n{proc.stderr.decode()}")
    out = orjson.loads(proc.stdout.splitlines()[-1])
    if out["answer"] != {"files": 1, "failed": []}:
        raise SystemExit(f"{size_mib} MiB {kind}: not validated: {out['answer']}")
    [message] = sqs.receive_message(QueueUrl=results).get("Messages", [])
    if orjson.loads(message["Body"])["valid"] is not (kind == "valid"):  # measured what it says
        raise SystemExit(f"{size_mib} MiB {kind}: the file is not what its kind says")
    return {
        "size_mib": size_mib,
        "kind": kind,
        "bytes": len(data),
        "peak_mb": round(out["peak_kib"] * 1024 / 1e6),
        "cpu_s": round(out["cpu_s"], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,25,50", help="MiB, comma-separated")
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(name, "bench")
    rows = []
    with running_moto() as endpoint:
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
        for size in (int(s) for s in ns.sizes.split(",")):
            for kind in ("valid", "findings"):
                rows.append(measure(s3, sqs, endpoint, size, kind))
                if not ns.json:
                    r = rows[-1]
                    print(f"| {size} MiB | {kind} | {r['peak_mb']} MB | {r['cpu_s']} s |")
    if ns.json:
        print(orjson.dumps(rows).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
