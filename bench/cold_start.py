"""Cold start of the Lambda module, whole process: ``python -c "import app"``.

Compared with a process that imports (and builds) only what any such function
must: boto3, orjson, Powertools Logger/Metrics/Tracer, BatchProcessor and the
S3/SQS event data classes. Target: app at most 1.2x that baseline.

    /work/venv/bin/python bench/cold_start.py [--runs 30]

Runs alternate between the two so drift (CPU frequency, page cache) hits both;
the medians are compared. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HANDLER = Path(__file__).resolve().parents[1] / "handler"

BASELINE = """
import boto3, orjson
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from aws_lambda_powertools.utilities.data_classes import S3Event, SQSEvent
logger, metrics, tracer = Logger(), Metrics(namespace="x"), Tracer()
processor = BatchProcessor(event_type=EventType.SQS)
"""
APP = "import app"
# app imports boto3 on first use, not at import: this shows the first invocation's share too.
APP_BOTO3 = "import app, boto3"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # As on Lambda: handler/ is the working directory and on sys.path; no bytecode writes.
    env.update(
        PYTHONPATH=str(HANDLER),
        AWS_DEFAULT_REGION="us-east-1",
        POWERTOOLS_METRICS_NAMESPACE="GtValidator",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _once(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=HANDLER, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    env = _env()
    for code in (APP, APP_BOTO3, BASELINE):  # warm the page cache and __pycache__
        _once(code, env)
    runs: dict[str, list[float]] = {"baseline": [], "app": [], "app_with_boto3": []}
    for _ in range(args.runs):
        runs["baseline"].append(_once(BASELINE, env))
        runs["app"].append(_once(APP, env))
        runs["app_with_boto3"].append(_once(APP_BOTO3, env))
    ms = {name: statistics.median(times) * 1000 for name, times in runs.items()}
    ratios = {name: ms[name] / ms["baseline"] for name in ("app", "app_with_boto3")}
    out = {
        "runs": args.runs,
        **{f"{k}_ms": round(v, 1) for k, v in ms.items()},
        **{f"ratio_{k}": round(v, 3) for k, v in ratios.items()},
        "target": 1.2,
        "ok": all(r <= 1.2 for r in ratios.values()),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
