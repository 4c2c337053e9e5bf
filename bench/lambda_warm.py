"""Warm path of the Lambda, in one process after warm-up: what a warm invocation costs.

    /work/venv/bin/python bench/lambda_warm.py [--rounds 30] [--records 10] [--json]
    /work/venv/bin/python bench/lambda_warm.py --profile 30   # cProfile of 30 invocations

1. Validation per file, S3 excluded: ``Validator.check`` on bytes already in
   memory, called as ``aws/objects.py:judge`` calls it (a ``GTFile`` whose
   ``read`` returns the bytes, the key's path relative to ``gt_root``, the
   garbage collector left on), against ``orjson.loads`` of the same bytes.
   Also ``check`` with the collector paused, as the CLI's ``Validator.validate``
   runs it, for comparison.
2. The SQS batch path: ``app.lambda_handler`` on an SQS event of N records, each
   body the S3 notification a moto server made for one uploaded GT file. The
   same round also times the I/O the handler cannot avoid, with the handler's
   own boto3 clients against the same server (N ``GetObject`` + body read, one
   ``SendMessageBatch`` of the handler's own result bodies), and validation of
   the same N files as in 1. What is left, per record, is the handler's own
   overhead: event parsing, Powertools (BatchProcessor, Logger, Metrics, the
   disabled Tracer), the config cache lookups, result serialisation.
   Cross-check: the same handler with in-memory S3/SQS client stubs (no I/O to
   subtract) minus validation. The two differ when the real I/O, interleaved
   with validation, costs more than the same calls made back to back.

The GT files are those of the bench corpus (``bench/corpus/valid``, about 24 KB
each), read from disk when it exists, else generated with ``bench/corpus.py``'s
functions (same seed, same bytes). Rounds interleave the measurements; the
tables give medians. Wall time (``perf_counter``) and CPU time of this process
(``process_time``: the moto server's CPU is not in it, so it is the steadier
signal on a loaded machine). The handler's log lines go to a temporary file, not
the terminal; their size is reported.

Exits 1 when the handler reports a failure or a file is not valid: a broken run
is never reported as a fast one.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import corpus  # bench/corpus.py: this script's folder is on sys.path
import orjson

REPO = Path(__file__).resolve().parents[1]
HANDLER = REPO / "handler"
sys.path.insert(0, str(REPO))  # tests.moto_server: the tests' own way to start moto
from tests.moto_server import running_moto  # noqa: E402

REGION = "us-east-1"
GT_PREFIX = "gt/"
CONFIG_KEY = "gt-project.json"
MANIFEST_KEY = "resources.jsonl"  # the config names it relative to itself

Clock = Callable[[], float]


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class GtObject:
    key: str  # the S3 key: gt/<rel_path>
    rel_path: str  # relative to gt_root, as the handler computes it
    data: bytes


def gt_objects(count: int) -> list[GtObject]:
    """``count`` corpus files spread over the corpus (different scenes and image sizes)."""
    seed, total = corpus.DEFAULT_SEED, 5000
    out = []
    for index in range(0, total, total // count)[:count]:
        resource = corpus.resource_for(index, seed)
        on_disk = corpus.DEFAULT_OUT / "valid" / "gt" / resource.rel_path
        if on_disk.is_file():
            data = on_disk.read_bytes()
        else:
            rng = random.Random(f"{seed}-file-{index}")
            doc = corpus.gt_document(resource, rng, corpus.ANNOTATIONS_PER_FILE)
            data = corpus.dumps(doc).encode()
        out.append(GtObject(GT_PREFIX + resource.rel_path, resource.rel_path, data))
    return out


def manifest(objects: list[GtObject]) -> bytes:
    """resources.jsonl for exactly these files, every one ``not_started``."""
    lines = []
    for obj in objects:
        doc = orjson.loads(obj.data)
        path = f"{doc['parent_path']}/{doc['filename']}"
        record = {"path": path, "status": "not_started", "file_id": doc["file_id"]}
        lines.append(orjson.dumps(record) + b"\n")
    return b"".join(lines)


def _reader(data: bytes) -> Callable[[], bytes]:
    return lambda: data


@dataclass
class FakeContext:
    """The attributes Powertools reads from Lambda's context object."""

    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_name: str = "gt-validator-bench"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 1024
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:123456789012:function:gt-validator"
    log_group_name: str = "/aws/lambda/gt-validator-bench"
    log_stream_name: str = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


# ---------------------------------------------------------------- the endpoint


def function_environment(endpoint: str) -> None:
    """What boto3 and Powertools read, set before ``app`` is imported (as Lambda does)."""
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_SESSION_TOKEN="testing",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        POWERTOOLS_SERVICE_NAME="gt-validator",
        POWERTOOLS_METRICS_NAMESPACE="GtValidatorBench",
        POWERTOOLS_TRACE_DISABLED="true",  # as outside Lambda; X-Ray's cost is not measured
    )


@dataclass
class Stack:
    bucket: str
    results_url: str
    event: dict[str, Any]  # the SQS event Lambda would hand over

    @property
    def config_uri(self) -> str:
        return f"s3://{self.bucket}/{CONFIG_KEY}"


def build_stack(objects: list[GtObject]) -> Stack:
    """Bucket + config + GT files; S3 itself notifies the ingest queue, whose messages
    become the event (as in tests/integration); a results queue for the handler."""
    s3, sqs = boto3.client("s3"), boto3.client("sqs")
    bucket = f"bench-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    ingest_url = sqs.create_queue(QueueName=f"{bucket}-ingest")["QueueUrl"]
    ingest_arn = sqs.get_queue_attributes(QueueUrl=ingest_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    results_url = sqs.create_queue(QueueName=f"{bucket}-results")["QueueUrl"]
    rules = [{"Name": "prefix", "Value": GT_PREFIX}, {"Name": "suffix", "Value": ".json"}]
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": ingest_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": rules}},
                }
            ]
        },
    )
    s3.put_object(Bucket=bucket, Key=CONFIG_KEY, Body=json.dumps(corpus.project_config()))
    s3.put_object(Bucket=bucket, Key=MANIFEST_KEY, Body=manifest(objects))
    for obj in objects:
        s3.put_object(Bucket=bucket, Key=obj.key, Body=obj.data)

    records: list[dict[str, Any]] = []
    while len(records) < len(objects):
        got = sqs.receive_message(
            QueueUrl=ingest_url, MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])
        if not got:
            raise RuntimeError("the ingest queue ran dry before every upload was notified")
        for m in got:
            if orjson.loads(m["Body"]).get("Event") == "s3:TestEvent":
                continue  # sent when the notification was configured
            records.append(
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": {k: str(v) for k, v in m.get("Attributes", {}).items()},
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": ingest_arn,
                    "awsRegion": REGION,
                }
            )
    return Stack(bucket, results_url, {"Records": records})


class StubBody:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self) -> bytes:
        return self._data

    def close(self) -> None:
        pass


@dataclass
class StubS3:
    """GetObject from memory, answered as boto3 answers it (the fields judge reads)."""

    objects: dict[str, bytes]

    def get_object(self, *, Bucket: str, Key: str, **_: Any) -> dict[str, Any]:
        data = self.objects[Key]
        return {"Body": StubBody(data), "ContentLength": len(data), "ETag": '"stub"'}


class StubSQS:
    def send_message_batch(self, *, QueueUrl: str, Entries: list[Any]) -> dict[str, Any]:
        return {"Successful": [{"Id": e["Id"]} for e in Entries], "Failed": []}


# ---------------------------------------------------------------- timing


@dataclass
class Samples:
    """Per-round wall and CPU seconds of one measurement."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    def median(self, per: int = 1) -> tuple[float, float]:
        return statistics.median(self.wall) / per, statistics.median(self.cpu) / per


def timed(fn: Callable[[], object], samples: Samples) -> None:
    """One sample of ``fn``, the collector on but emptied first.

    Without the ``gc.collect()``, a full collection made due by earlier work
    (about 45 ms here: boto3 and Powertools leave ~110,000 tracked objects)
    lands in whichever measurement comes next, round after round. Its cost is
    measured on its own, over back-to-back invocations (``GcLog``).
    """
    gc.collect()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    fn()
    samples.add(time.perf_counter() - wall0, time.process_time() - cpu0)


@dataclass
class GcLog:
    """Collections by generation, and the wall seconds they took, while watched."""

    count: list[int] = field(default_factory=lambda: [0, 0, 0])
    seconds: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    _start: float = 0.0

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count[info["generation"]] += 1
            self.seconds[info["generation"]] += time.perf_counter() - self._start

    @contextmanager
    def watch(self) -> Iterator[None]:
        gc.callbacks.append(self.callback)
        try:
            yield
        finally:
            gc.callbacks.remove(self.callback)


@contextmanager
def gc_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class LogSink:
    """Where fd 1 goes while measuring; ``out`` is the original stdout, for the reader."""

    out: io.TextIOWrapper

    def take(self) -> int:
        """Bytes the handler wrote (log lines, EMF metrics) since the last call."""
        sys.stdout.flush()
        size = os.fstat(1).st_size
        os.ftruncate(1, 0)
        os.lseek(1, 0, os.SEEK_SET)
        return size


@contextmanager
def log_sink() -> Iterator[LogSink]:
    """fd 1, where Powertools' Logger and Metrics write, to a temporary file."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as file, os.fdopen(os.dup(saved), "w") as out:
        os.dup2(file.fileno(), 1)
        try:
            yield LogSink(out)
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


# ---------------------------------------------------------------- the bench


@dataclass
class Bench:
    app: Any
    stack: Stack
    objects: list[GtObject]
    sink: LogSink
    result_bodies: list[str] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)  # GTFile, built after the first invocation

    def invoke(self) -> dict[str, Any]:
        response: dict[str, Any] = self.app.lambda_handler(self.stack.event, FakeContext())
        sys.stdout.flush()  # part of the invocation: its log lines are written out
        return response

    def validator(self) -> Any:
        return self.app.config_cache.get(self.stack.config_uri, 3600)

    def check_all(self) -> None:
        """Validation of every file as objects.judge calls it, minus the S3 read."""
        check = self.validator().check
        for file in self.files:
            report = check(file)
            if not report.valid:
                raise SystemExit(f"{file.path}: not valid: {report.findings[:3]}")

    def check_all_gc_paused(self) -> None:
        with gc_off():
            self.check_all()

    def loads_all(self) -> None:
        for obj in self.objects:
            orjson.loads(obj.data)

    def io_only(self) -> None:
        """The handler's unavoidable I/O, with its own clients: N GETs, one batch send."""
        s3, sqs = self.app.s3_client(), self.app.sqs_client()
        for obj in self.objects:
            body = s3.get_object(Bucket=self.stack.bucket, Key=obj.key)["Body"]
            body.read()
            body.close()
        entries = [
            {
                "Id": str(i),
                "MessageBody": text,
                "MessageAttributes": {"valid": {"DataType": "String", "StringValue": "true"}},
            }
            for i, text in enumerate(self.result_bodies)
        ]
        failed = sqs.send_message_batch(QueueUrl=self.stack.results_url, Entries=entries)
        if failed.get("Failed"):
            raise SystemExit(f"SendMessageBatch failed: {failed['Failed']}")

    def gt_files(self) -> list[Any]:
        """The GTFile objects.judge builds: key, path under gt_root, size, a read()."""
        from gt_validator.aws.objects import rel_path
        from gt_validator.files import GTFile

        gt_root = self.validator().config.gt_root
        files = []
        for obj in self.objects:
            rel = rel_path(gt_root, self.stack.bucket, obj.key)
            assert rel == obj.rel_path, (rel, obj.rel_path)
            data = obj.data
            files.append(GTFile(path=obj.key, rel_path=rel, size=len(data), read=_reader(data)))
        return files

    def first_invocation(self) -> None:
        """Warms the config cache and the clients; checks the answer and the results."""
        response = self.invoke()
        if response["batchItemFailures"]:
            raise SystemExit(f"the handler reported failures: {response}")
        sqs = self.app.sqs_client()
        messages: list[dict[str, Any]] = []
        while len(messages) < len(self.objects):
            got = sqs.receive_message(
                QueueUrl=self.stack.results_url,
                MaxNumberOfMessages=10,
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not got:
                break
            messages.extend(got)
        bodies = [orjson.loads(m["Body"]) for m in messages]
        if len(bodies) != len(self.objects) or not all(b["valid"] for b in bodies):
            raise SystemExit(f"expected {len(self.objects)} valid results, got {bodies}")
        self.result_bodies = [m["Body"] for m in messages]
        for m in messages:
            sqs.delete_message(QueueUrl=self.stack.results_url, ReceiptHandle=m["ReceiptHandle"])
        self.files = self.gt_files()

    def drain_results(self) -> None:
        """Keep the results queue short (not timed; PurgeQueue allows one call a minute)."""
        sqs = self.app.sqs_client()
        while True:
            got = sqs.receive_message(
                QueueUrl=self.stack.results_url, MaxNumberOfMessages=10, VisibilityTimeout=0
            ).get("Messages", [])
            if not got:
                return
            sqs.delete_message_batch(
                QueueUrl=self.stack.results_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)
                ],
            )

    def invoke_stubbed(self) -> dict[str, Any]:
        """The handler with in-memory S3 and SQS clients: no I/O to subtract at all."""
        real = self.app.s3_client, self.app.sqs_client
        stub_s3, stub_sqs = StubS3({o.key: o.data for o in self.objects}), StubSQS()
        self.app.s3_client, self.app.sqs_client = (lambda: stub_s3), (lambda: stub_sqs)
        try:
            return self.invoke()
        finally:
            self.app.s3_client, self.app.sqs_client = real

    def run(self, rounds: int, inner: int, warmup: int, back_to_back: int) -> dict[str, Any]:
        self.first_invocation()
        if self.invoke_stubbed()["batchItemFailures"]:
            raise SystemExit("the handler with stub clients reported failures")
        names = ("loads", "check", "check_gc_paused", "handler", "io", "validation", "stubbed")
        samples = {name: Samples() for name in names}
        log_bytes: list[int] = []

        def many(fn: Callable[[], None]) -> Callable[[], None]:
            def loop() -> None:
                for _ in range(inner):
                    fn()

            return loop

        for round_no in range(warmup + rounds):
            if round_no == warmup:  # what the warm-up rounds measured is dropped
                samples = {name: Samples() for name in names}
                log_bytes.clear()
            # 1. validation alone, ``inner`` passes over the files
            timed(many(self.loads_all), samples["loads"])
            timed(many(self.check_all), samples["check"])
            timed(many(self.check_all_gc_paused), samples["check_gc_paused"])
            # 2. one invocation, and what it is made of
            self.sink.take()
            timed(self.invoke, samples["handler"])
            log_bytes.append(self.sink.take())
            timed(self.io_only, samples["io"])
            timed(self.check_all, samples["validation"])
            timed(self.invoke_stubbed, samples["stubbed"])
            if round_no % 10 == 9:
                self.drain_results()

        # 3. the collector as it runs in a warm container: nothing emptied in between
        gc_log = GcLog()
        invocations = 0
        for _ in range(back_to_back // 10):
            with gc_log.watch():
                for _ in range(10):
                    self.invoke()
            invocations += 10
            self.drain_results()

        n, per_file = len(self.objects), len(self.objects) * inner
        handler, io_, validation = samples["handler"], samples["io"], samples["validation"]
        stubbed = samples["stubbed"]

        def per_record(total: list[float], *parts: list[float]) -> float:
            """Median over rounds of (total - parts) / n, each round's numbers together."""
            rows = zip(total, *parts, strict=True)
            return float(statistics.median((row[0] - sum(row[1:])) / n for row in rows))

        return {
            "files": n,
            "mean_file_bytes": round(statistics.mean(len(o.data) for o in self.objects)),
            "rounds": rounds,
            "inner": inner,
            "validation": {
                "orjson_loads": samples["loads"].median(per_file),
                "check": samples["check"].median(per_file),
                "check_gc_paused": samples["check_gc_paused"].median(per_file),
            },
            "batch": {
                "handler": handler.median(),
                "io": io_.median(),
                "validation": validation.median(),
                "stubbed": stubbed.median(),
                "overhead_per_record": (
                    per_record(handler.wall, io_.wall, validation.wall),
                    per_record(handler.cpu, io_.cpu, validation.cpu),
                ),
                "stubbed_overhead_per_record": (
                    per_record(stubbed.wall, validation.wall),
                    per_record(stubbed.cpu, validation.cpu),
                ),
                "log_bytes_per_invocation": statistics.median(log_bytes),
            },
            "gc": {
                "invocations": invocations,
                "collections": gc_log.count,
                "seconds": gc_log.seconds,
                "tracked_objects": len(gc.get_objects()),
            },
        }


# ---------------------------------------------------------------- output


def markdown(r: dict[str, Any], load: tuple[float, float]) -> str:
    def us(seconds: float) -> str:
        return f"{seconds * 1e6:,.0f}"

    def ms(seconds: float) -> str:
        return f"{seconds * 1e3:,.2f}"

    v, b, n = r["validation"], r["batch"], r["files"]
    base_wall, base_cpu = v["orjson_loads"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; {n} corpus files of {r['mean_file_bytes']:,} bytes "
        f"on average; median of {r['rounds']} rounds; load average {load[0]:.2f} before, "
        f"{load[1]:.2f} after.",
        "",
        "| per file, bytes in memory | wall us | CPU us | x orjson.loads (wall) | x (CPU) |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = [
        ("orjson.loads", v["orjson_loads"]),
        ("check, as objects.judge calls it (GC on)", v["check"]),
        ("check, GC paused (as Validator.validate)", v["check_gc_paused"]),
    ]
    for name, (wall, cpu) in rows:
        lines.append(
            f"| {name} | {us(wall)} | {us(cpu)} | {wall / base_wall:.2f}x | {cpu / base_cpu:.2f}x |"
        )
    (hw, hc), (iw, ic), (vw, vc) = b["handler"], b["io"], b["validation"]
    (ow, oc), (sw, sc) = b["overhead_per_record"], b["stubbed_overhead_per_record"]
    stw, stc = b["stubbed"]
    lines += [
        "",
        f"| SQS batch of {n} records | wall ms | CPU ms | wall ms / record | CPU ms / record |",
        "|---|---:|---:|---:|---:|",
        f"| lambda_handler | {ms(hw)} | {ms(hc)} | {ms(hw / n)} | {ms(hc / n)} |",
        f"| I/O alone: {n} GetObject + read, 1 SendMessageBatch | {ms(iw)} | {ms(ic)} "
        f"| {ms(iw / n)} | {ms(ic / n)} |",
        f"| validation alone ({n} x check) | {ms(vw)} | {ms(vc)} | {ms(vw / n)} | {ms(vc / n)} |",
        f"| **handler's own overhead** (handler - I/O - validation) | {ms(ow * n)} | "
        f"{ms(oc * n)} | **{ms(ow)}** | **{ms(oc)}** |",
        f"| lambda_handler, S3 and SQS clients stubbed in memory | {ms(stw)} | {ms(stc)} "
        f"| {ms(stw / n)} | {ms(stc / n)} |",
        f"| **handler's own overhead, stubbed** (stubbed - validation) | {ms(sw * n)} | "
        f"{ms(sc * n)} | **{ms(sw)}** | **{ms(sc)}** |",
        "",
        f"Log output: {b['log_bytes_per_invocation']:,.0f} bytes per invocation "
        f"({b['log_bytes_per_invocation'] / n:,.0f} per record). The overhead row is the "
        "median of per-round differences, so it need not equal the difference of the "
        "medians above it.",
    ]
    g = r["gc"]
    full, full_s = g["collections"][2], g["seconds"][2]
    young_s = g["seconds"][0] + g["seconds"][1]
    lines += [
        "",
        f"Garbage collector over {g['invocations']} back-to-back invocations "
        f"({g['tracked_objects']:,} objects tracked): {full} full collections"
        + (f", {ms(full_s / full)} ms each" if full else "")
        + f"; all collections {ms((young_s + full_s) / (g['invocations'] * n))} ms per record "
        f"({ms(full_s / (g['invocations'] * n))} of it full ones).",
    ]
    return "\n".join(lines)


def profile(bench: Bench, invocations: int, top: int) -> str:
    bench.first_invocation()
    for _ in range(3):
        bench.invoke()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(invocations):
        bench.invoke()
    prof.disable()
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(top)
    return text.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3, help="rounds dropped first (3)")
    parser.add_argument("--records", type=int, default=10, help="SQS records a batch (10)")
    parser.add_argument("--inner", type=int, default=20, help="passes over the files a round")
    parser.add_argument(
        "--back-to-back", type=int, default=100, help="invocations watched for GC cost (100)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON line instead of Markdown")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile N invocations instead")
    args = parser.parse_args()

    objects = gt_objects(args.records)
    load_before = os.getloadavg()[0]
    with running_moto() as endpoint:
        function_environment(endpoint)
        stack = build_stack(objects)
        os.environ.update(
            GT_CONFIG_URI=stack.config_uri,
            RESULTS_QUEUE_URL=stack.results_url,
            GT_PREFIX=GT_PREFIX,
            REPORTS_PREFIX="gt-validator-reports/",
            CONFIG_TTL_SECONDS="3600",  # no HEAD of the config inside a measured round
        )
        sys.path.insert(0, str(HANDLER))
        app = importlib.import_module("app")
        with log_sink() as sink:
            bench = Bench(app, stack, objects, sink)
            if args.profile:
                print(profile(bench, args.profile, 40), file=sink.out)
                return 0
            result = bench.run(args.rounds, args.inner, args.warmup, args.back_to_back)
    load = (load_before, os.getloadavg()[0])
    if args.json:
        print(json.dumps({**result, "load_average": load}))
    else:
        print(markdown(result, load))
    return 0


if __name__ == "__main__":
    sys.exit(main())
