"""``gt-validate revalidate``'s own output: where it finds a run's results, the progress
line, and the summary it prints. Step Functions and S3 are stood in for by fakes that
answer only what each case needs (and fail loudly on anything else)."""

from __future__ import annotations

import io
import time
from collections import Counter
from typing import Any

import orjson
import pytest

from gt_validator.aws import revalidate
from gt_validator.aws.run_results import RunSummary

pytestmark = pytest.mark.unit

ARN = "arn:aws:states:us-east-1:123456789012:execution:m:run"


class FakeSfn:
    def __init__(self, runs: list[str] | None = None, writer: dict[str, Any] | None = None):
        self.runs, self.writer, self.calls = runs, writer, []

    def list_map_runs(self, executionArn: str) -> dict[str, Any]:
        if self.runs is None:
            raise AssertionError("the map run was not needed")
        self.calls.append(("list_map_runs", executionArn))
        return {"mapRuns": [{"mapRunArn": a} for a in self.runs]}

    def describe_map_run(self, mapRunArn: str) -> dict[str, Any]:
        self.calls.append(("describe_map_run", mapRunArn))
        return {"itemCounts": {"total": 5, "succeeded": "3"}}

    def describe_state_machine_for_execution(self, executionArn: str) -> dict[str, Any]:
        states = {"Other": {"Type": "Pass"}, "ValidateAll": {"ResultWriter": self.writer}}
        return {"definition": orjson.dumps({"States": states}).decode()}


class FakeS3:
    def __init__(self, keys: list[str]) -> None:
        self.keys, self.listed = keys, []

    def get_paginator(self, name: str) -> Any:
        assert name == "list_objects_v2"
        return self

    def paginate(self, Bucket: str, Prefix: str) -> Any:
        self.listed.append((Bucket, Prefix))
        return [{"Contents": [{"Key": k} for k in self.keys]}]


def test_locate_results__the_output_names_them() -> None:
    output = {"ResultWriterDetails": {"Bucket": "b", "Key": "elsewhere/manifest.json"}}
    desc = {"executionArn": ARN, "output": orjson.dumps(output).decode()}
    assert revalidate.locate_results(FakeSfn(), FakeS3([]), desc) == (
        "b",
        "elsewhere/manifest.json",
    )


@pytest.mark.parametrize(
    "details", [None, {"Bucket": "b"}, {"Key": "k"}], ids=["none", "no-key", "no-bucket"]
)
def test_locate_results__else_the_map_run_under_the_writer_prefix(details: Any) -> None:
    sfn = FakeSfn(
        runs=["arn:aws:states:us-east-1:1:mapRun:m/ValidateAll:run-1", "x:run-0"],
        writer={"Parameters": {"Bucket": "rb", "Prefix": "runs/"}},
    )
    s3 = FakeS3(
        ["runs/run-0/manifest.json", "runs/run-1/SUCCEEDED_0.json", "runs/run-1/manifest.json"]
    )
    output = orjson.dumps({"ResultWriterDetails": details}).decode()

    found = revalidate.locate_results(sfn, s3, {"executionArn": ARN, "output": output})

    assert found == ("rb", "runs/run-1/manifest.json")
    assert s3.listed == [("rb", "runs/")]
    assert sfn.calls == [("list_map_runs", ARN)]


def test_locate_results__nothing_without_a_map_run_or_a_manifest() -> None:
    assert revalidate.locate_results(FakeSfn(runs=[]), FakeS3([]), {"executionArn": ARN}) is None
    sfn = FakeSfn(runs=["x:run-9"], writer={"Parameters": {"Bucket": "rb", "Prefix": "runs/"}})
    assert (
        revalidate.locate_results(sfn, FakeS3(["runs/run-1/manifest.json"]), {"executionArn": ARN})
        is None
    )


def test_map_run_counts__the_first_map_run_as_numbers() -> None:
    sfn = FakeSfn(runs=["run-a", "run-b"])
    assert revalidate.map_run_counts(sfn, ARN) == {"total": 5, "succeeded": 3}
    assert sfn.calls == [("list_map_runs", ARN), ("describe_map_run", "run-a")]
    assert revalidate.map_run_counts(FakeSfn(runs=[]), ARN) is None


def test_bar_show__progress_of_the_map_run() -> None:
    out = io.StringIO()
    bar = revalidate._Bar(out)
    bar.started = time.monotonic() - 75.5
    counts = {"total": 200, "succeeded": 80, "failed": 10, "timedOut": 6, "aborted": 4}

    bar.show("RUNNING", counts)
    bar.show("RUNNING", {"total": 0})
    bar.close()

    assert out.getvalue() == (
        "\rRUNNING 01:15 [############             ] 100/200 objects, 10 failed\x1b[K"
        "\rRUNNING 01:15 listing and starting batches\x1b[K\n"
    )


def _summary(failed: int) -> RunSummary:
    return RunSummary(
        files=5,
        valid=2,
        invalid=3,
        skipped=1,
        failed_items=failed,
        failed=[{"key": f"k{i}", "error": f"e{i}"} for i in range(min(failed, 25))],
        codes=Counter({"unknown_class": 2, "bad_points": 3}),
        codes_reported=True,
        not_run=4,
    )


def test_print__the_text_summary() -> None:
    out = io.StringIO()
    desc = {"executionArn": ARN, "status": "FAILED", "error": "States.Err", "cause": "why"}

    revalidate._print(out, "text", desc, _summary(2), ("b", "runs/m.json"))

    assert out.getvalue() == (
        f"execution: {ARN}\nstatus: FAILED\nerror: States.Err why\n"
        "files: 5  valid: 2  invalid: 3  skipped: 1  failed: 2\n"
        "not run: 4 objects (the run stopped before them)\n"
        "by code:\n"
        "  bad_points                 3\n"
        "  unknown_class              2\n"
        "failed: k0: e0\nfailed: k1: e1\n"
        "results: s3://b/runs/m.json\n"
    )


def test_print__long_failure_lists_and_unreported_codes() -> None:
    out = io.StringIO()
    summary = _summary(23)
    summary.codes, summary.codes_reported, summary.not_run = Counter(), False, 0

    revalidate._print(out, "text", {"executionArn": ARN, "status": "SUCCEEDED"}, summary, None)

    lines = out.getvalue().splitlines()
    assert lines[2] == "files: 5  valid: 2  invalid: 3  skipped: 1  failed: 23"
    assert lines[3] == "by code: not reported by the function"
    assert lines[4 : 4 + revalidate.SHOW_FAILED][-1] == "failed: k19: e19"
    assert lines[-2:] == ["failed: ... and 3 more", "results: None"]


def test_print__no_results_found() -> None:
    out = io.StringIO()
    revalidate._print(out, "text", {"executionArn": ARN, "status": "ABORTED"}, None, None)
    assert out.getvalue() == (
        f"execution: {ARN}\nstatus: ABORTED\n"
        "results: none found (no ResultWriter output for this run)\n"
    )


def test_print__json() -> None:
    out = io.StringIO()
    desc = {"executionArn": ARN, "status": "SUCCEEDED"}

    revalidate._print(out, "json", desc, _summary(1), ("b", "m.json"))
    revalidate._print(out, "json", desc, None, None)

    first, second = (orjson.loads(line) for line in out.getvalue().splitlines())
    assert first == {
        "version": 1,
        "execution": ARN,
        "status": "SUCCEEDED",
        "error": None,
        "cause": None,
        "results": "s3://b/m.json",
        "summary": _summary(1).to_dict(),
        "codes": {"bad_points": 3, "unknown_class": 2},
        "failed": [{"key": "k0", "error": "e0"}],
    }
    assert (second["summary"], second["codes"], second["failed"]) == (None, {}, [])


@pytest.mark.parametrize(
    ("cause", "error"),
    [
        (
            '{"errorType": "Sandbox.Timedout", "errorMessage": "Task timed out", "trace": []}',
            "States.TaskFailed: Sandbox.Timedout: Task timed out",
        ),
        ("the function timed out", "States.TaskFailed: the function timed out"),
        (None, "States.TaskFailed"),
    ],
    ids=["lambda-error", "plain-text", "no-cause"],
)
def test_run_summary__a_batch_that_never_answered_fails_all_its_items(
    cause: str | None, error: str
) -> None:
    summary = RunSummary()
    record = {
        "Input": orjson.dumps({"Items": [{"Key": "a"}, {"Key": "b"}]}).decode(),
        "Error": "States.TaskFailed",
        "Cause": cause,
    }

    summary.add_unrun_batch(record, failed=True)

    assert (summary.failed_batches, summary.failed_items, summary.files) == (1, 2, 0)
    assert summary.failed == [{"key": "a", "error": error}, {"key": "b", "error": error}]


def test_run_summary__an_incomplete_batch_counts_what_it_judged() -> None:
    answer = {"files": 3, "valid": 2, "invalid": 1, "skipped": 1, "codes": {"x": 1}}
    answer |= {"failed": [{"key": "gone", "error": "NoSuchKey"}], "failed_total": 4}
    cause = {"errorType": "BatchIncomplete", "errorMessage": orjson.dumps(answer).decode()}
    summary = RunSummary()

    summary.add_unrun_batch(
        {"Input": {"Items": [{"Key": "gone"}] * 8}, "Cause": orjson.dumps(cause).decode()},
        failed=True,
    )

    assert (summary.files, summary.valid, summary.invalid, summary.skipped) == (3, 2, 1, 1)
    assert (summary.failed_items, summary.failed_batches) == (4, 1)  # all, not just those shown
    assert summary.failed == [{"key": "gone", "error": "NoSuchKey"}]
    assert summary.codes == Counter({"x": 1})


class _Body:
    def __init__(self, *lines: bytes) -> None:
        self.lines = lines

    def iter_lines(self) -> Any:
        return iter(self.lines)


@pytest.mark.parametrize(
    "lines",
    [
        (b"", b'{"files": 1}', b"", b'{"files": 2}'),
        (b"  [", b'{"files": 1},', b'{"files": 2}]'),
    ],
    ids=["json-lines", "indented-array"],
)
def test_records__json_lines_or_an_array(lines: tuple[bytes, ...]) -> None:
    from gt_validator.aws.run_results import _records

    assert [r["files"] for r in _records(_Body(*lines))] == [1, 2]


def test_parser__help_is_the_documented_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REPO, assert_golden

    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps to the terminal's width
    assert_golden(revalidate._parser().format_help(), REPO / "tests/golden/cli/revalidate.help")


def test_parser__options_and_their_defaults() -> None:
    ns = revalidate._parser().parse_args(["--execution", ARN])
    assert (ns.poll_interval, ns.format, ns.no_wait, ns.no_progress) == (5.0, "text", False, False)
    assert (ns.prefix, ns.config_version, ns.name, ns.state_machine) == (None, None, None, None)
    argv = ["--state-machine", "sm", "--batch-size", "7", "--max-concurrency", "3"]
    argv += ["--tolerated-failure-percentage", "2.5", "--config-version", "v", "--name", "n"]
    given = revalidate._parser().parse_args(argv)
    assert (given.batch_size, given.max_concurrency) == (7, 3)
    assert (given.tolerated_failure_percentage, given.config_version, given.name) == (
        2.5,
        "v",
        "n",
    )
