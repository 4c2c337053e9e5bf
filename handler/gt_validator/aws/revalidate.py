"""``gt-validate revalidate``: start a re-validation run of the Distributed Map state
machine (infra/statemachine/), follow it, then summarise its ResultWriter output.

Exit codes: 0 the run succeeded and every file is valid; 1 it succeeded with invalid
files or objects that could not be validated; 2 usage or AWS API error; 3 the run
ended FAILED, TIMED_OUT or ABORTED. ``--no-wait`` prints the execution ARN and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import orjson

from .run_input import NoConfig, execution_input, pin_for
from .run_results import RunSummary, as_json, read_results

__all__ = ["RunSummary", "follow", "locate_results", "main", "read_results", "run"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_RUN_FAILED = 0, 1, 2, 3
ENDED = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}
SHOW_FAILED = 20


# -- following a run ------------------------------------------------------------------


def map_run_counts(sfn: Any, execution_arn: str) -> dict[str, int] | None:
    """Item counts of the execution's map run, when Step Functions has one to show."""
    runs = sfn.list_map_runs(executionArn=execution_arn).get("mapRuns", [])
    if not runs:
        return None
    counts = sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"]).get("itemCounts") or {}
    return {str(k): int(v) for k, v in counts.items()}


class _Bar:
    """One self-overwriting status line on stderr (only used when it is a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.started = stream, time.monotonic()

    def show(self, status: str, counts: dict[str, int] | None) -> None:
        elapsed = int(time.monotonic() - self.started)
        clock = f"{elapsed // 60:02d}:{elapsed % 60:02d}"
        if counts and counts.get("total"):
            done = sum(counts.get(k, 0) for k in ("succeeded", "failed", "timedOut", "aborted"))
            total = counts["total"]
            bar = "#" * (25 * done // total)
            text = f"[{bar:<25}] {done}/{total} objects, {counts.get('failed', 0)} failed"
        else:
            text = "listing and starting batches"
        self.stream.write(f"\r{status} {clock} {text}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def follow(
    sfn: Any,
    execution_arn: str,
    *,
    interval: float,
    bar: _Bar | None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Poll DescribeExecution until the run ends; returns the final description."""
    while True:
        desc: dict[str, Any] = sfn.describe_execution(executionArn=execution_arn)
        if bar is not None:
            bar.show(desc["status"], _quiet(map_run_counts, sfn, execution_arn))
        if desc["status"] in ENDED:
            if bar is not None:
                bar.close()
            return desc
        sleep(interval)


def _quiet(fn: Callable[..., Any], *args: Any) -> Any:
    """Progress details are best effort: an API without them must not stop the run."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return fn(*args)
    except (BotoCoreError, ClientError):
        return None


def locate_results(sfn: Any, s3: Any, desc: dict[str, Any]) -> tuple[str, str] | None:
    """(bucket, manifest key): from the output, else the map run id and the definition."""
    details = as_json(desc.get("output")).get("ResultWriterDetails")
    if isinstance(details, dict) and details.get("Bucket") and details.get("Key"):
        return str(details["Bucket"]), str(details["Key"])
    runs = sfn.list_map_runs(executionArn=desc["executionArn"]).get("mapRuns", [])
    if not runs:
        return None
    run_id = runs[0]["mapRunArn"].rsplit(":", 1)[-1]
    definition = orjson.loads(
        sfn.describe_state_machine_for_execution(executionArn=desc["executionArn"])["definition"]
    )
    for state in definition.get("States", {}).values():
        params = (state.get("ResultWriter") or {}).get("Parameters") or {}
        if isinstance(params.get("Bucket"), str):
            bucket, prefix = params["Bucket"], str(params.get("Prefix", ""))
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for page in pages:
                for obj in page.get("Contents", ()):
                    if obj["Key"].endswith(f"{run_id}/manifest.json"):
                        return bucket, str(obj["Key"])
    return None


# -- the subcommand ---------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gt-validate revalidate",
        description="Re-validate every GT object under a prefix on the Step Functions "
        "Distributed Map state machine, follow the run, and summarise its results.",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--state-machine", metavar="ARN", help="start a run of this machine")
    which.add_argument("--execution", metavar="ARN", help="follow a run already started")
    p.add_argument(
        "--prefix", help="GT prefix to list, under the deployment's (default: the deployment's)"
    )
    p.add_argument(
        "--config-version",
        metavar="ID",
        help="judge with this S3 version of the config (default: its version when the run starts)",
    )
    p.add_argument("--max-concurrency", type=int, metavar="N", help="concurrent batches")
    p.add_argument("--batch-size", type=int, metavar="N", help="objects per Lambda call")
    p.add_argument("--tolerated-failure-percentage", type=float, metavar="P")
    p.add_argument("--name", help="execution name (default: generated)")
    p.add_argument("--no-wait", action="store_true", help="print the execution ARN and exit")
    p.add_argument("--poll-interval", type=float, default=5.0, metavar="SECONDS")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    return p


def run(
    ns: argparse.Namespace,
    sfn: Any,
    s3: Any,
    stdout: TextIO,
    stderr: TextIO,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    arn = ns.execution
    if arn is None:
        pin = pin_for(ns, sfn, s3)
        kwargs = {
            "stateMachineArn": ns.state_machine,
            "input": orjson.dumps(execution_input(ns, pin)).decode(),
        }
        if ns.name:
            kwargs["name"] = ns.name
        arn = sfn.start_execution(**kwargs)["executionArn"]
    if ns.no_wait:
        stdout.write(
            orjson.dumps({"execution": arn}).decode() + "\n" if ns.format == "json" else arn + "\n"
        )
        return EXIT_OK
    stderr.write(f"gt-validate revalidate: following {arn}\n")
    tty = getattr(stderr, "isatty", None)
    bar = _Bar(stderr) if not ns.no_progress and tty and tty() else None
    desc = follow(sfn, arn, interval=ns.poll_interval, bar=bar, sleep=sleep)
    where = _quiet(locate_results, sfn, s3, desc)
    summary = read_results(s3, *where) if where else None
    _print(stdout, ns.format, desc, summary, where)
    if desc["status"] != "SUCCEEDED":
        return EXIT_RUN_FAILED
    if summary is None or summary.invalid or summary.failed_items or summary.not_run:
        return EXIT_INVALID
    return EXIT_OK


def _print(
    out: TextIO,
    fmt: str,
    desc: dict[str, Any],
    summary: RunSummary | None,
    where: tuple[str, str] | None,
) -> None:
    results = f"s3://{where[0]}/{where[1]}" if where else None
    if fmt == "json":
        doc: dict[str, Any] = {
            "version": 1,
            "execution": desc["executionArn"],
            "status": desc["status"],
            "error": desc.get("error"),
            "cause": desc.get("cause"),
            "results": results,
            "summary": summary.to_dict() if summary else None,
            "codes": dict(sorted(summary.codes.items())) if summary else {},
            "failed": summary.failed if summary else [],
        }
        out.write(orjson.dumps(doc).decode() + "\n")
        return
    out.write(f"execution: {desc['executionArn']}\nstatus: {desc['status']}\n")
    if desc.get("error") or desc.get("cause"):
        out.write(f"error: {desc.get('error', '')} {desc.get('cause', '')}".rstrip() + "\n")
    if summary is None:
        out.write("results: none found (no ResultWriter output for this run)\n")
        return
    s = summary.to_dict()
    out.write(
        "files: {files}  valid: {valid}  invalid: {invalid}  skipped: {skipped}  "
        "failed: {failed}\n".format(**s)
    )
    if summary.not_run:
        out.write(f"not run: {summary.not_run} objects (the run stopped before them)\n")
    if summary.codes:
        out.write("by code:\n")
        for code, n in summary.codes.most_common():
            out.write(f"  {code:<26} {n}\n")
    elif not summary.codes_reported:
        out.write("by code: not reported by the function\n")
    for item in summary.failed[:SHOW_FAILED]:
        out.write(f"failed: {item.get('key')}: {item.get('error')}\n")
    if summary.failed_items > SHOW_FAILED:
        out.write(f"failed: ... and {summary.failed_items - SHOW_FAILED} more\n")
    out.write(f"results: {results}\n")


def main(argv: Sequence[str]) -> int:
    try:
        ns = _parser().parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return run(ns, boto3.client("stepfunctions"), boto3.client("s3"), sys.stdout, sys.stderr)
    except (BotoCoreError, ClientError, NoConfig) as exc:
        sys.stderr.write(f"gt-validate revalidate: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write(
            "\ngt-validate revalidate: stopped following; the run goes on "
            "(gt-validate revalidate --execution ARN follows it again)\n"
        )
        return 130
