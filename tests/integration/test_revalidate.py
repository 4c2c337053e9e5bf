"""``gt-validate revalidate`` against the moto server, as far as moto goes.

moto's Step Functions starts executions (RUNNING until stopped) but runs no
Distributed Map and has no map runs. Its "execute_state_machine" mode interprets
simple states, so the run's own Pass states are checked there with the Map state
stood in for by a Pass that answers as the map does with a ResultWriter:
``{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}``. The result files are
written in the documented ResultWriter layout (manifest.json + SUCCEEDED_n.json).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import boto3
import orjson
import pytest

from gt_validator.aws import revalidate
from tests.moto_server import running_moto

pytestmark = pytest.mark.integration

ASL = Path(__file__).resolve().parents[2] / "infra" / "statemachine" / "revalidate.asl.json"
ROLE = "arn:aws:iam::123456789012:role/revalidate"
RUN_ID = "ad9b5f27-090b-3ac6-9beb-243cd77144a7"
EXECUTION_PREFIX = "arn:aws:states:us-east-1:123456789012:execution:"
MAP_RUN_PREFIX = "arn:aws:states:us-east-1:123456789012:mapRun:"


@pytest.fixture(scope="module")
def sfn(moto_server: str) -> Any:
    return boto3.client("stepfunctions", endpoint_url=moto_server, region_name="us-east-1")


@pytest.fixture
def executing(moto_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any]]:
    """Step Functions and S3 clients of a server that interprets the state machines it runs
    (moto's 'execute_state_machine' mode). A server other sessions share (GT_TEST_MOTO_URL,
    as mutation runs use) is never switched: the test then gets a server of its own."""
    private = running_moto() if os.environ.get("GT_TEST_MOTO_URL") else nullcontext(moto_server)
    with private as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        _moto_config(url, execute=True)
        try:
            yield (
                boto3.client("stepfunctions", endpoint_url=url, region_name="us-east-1"),
                boto3.client("s3", endpoint_url=url, region_name="us-east-1"),
            )
        finally:
            _moto_config(url, execute=False)


def _moto_config(url: str, *, execute: bool) -> None:
    body = orjson.dumps({"stepfunctions": {"execute_state_machine": execute}})
    with urllib.request.urlopen(
        urllib.request.Request(f"{url}/moto-api/config", data=body, method="POST"), timeout=10
    ):
        pass


def _definition(map_output: dict[str, Any] | None = None, bucket: str = "dflt") -> str:
    """The shipped ASL with placeholders substituted; the Map state optionally replaced."""
    text = ASL.read_text(encoding="utf-8")
    for name, value in {
        "GtBucketName": bucket,
        "GtPrefix": "gt/",
        "ConfigKey": "gt/gt-project.json",
        "MaxConcurrency": "40",
        "MaxItemsPerBatch": "200",
        "ToleratedFailurePercentage": "1",
        "ValidatorFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:v",
        "ResultsBucketName": bucket,
        "ResultsPrefix": "runs/",
    }.items():
        text = text.replace("${" + name + "}", value)
    if map_output is None:
        return text
    definition = orjson.loads(text)
    # moto invokes no Lambda: CheckConfig answers as the function does for a good config.
    definition["States"]["CheckConfig"] = {
        "Type": "Pass",
        "Result": {"config_version": "v1", "config_etag": "e1", "project": "p"},
        "ResultPath": "$.config",
        "Next": "ValidateAll",
    }
    definition["States"]["ValidateAll"] = {
        "Type": "Pass",
        "Result": map_output,
        "ResultPath": "$.map",
        "Next": "Done",
    }
    return orjson.dumps(definition).decode()


def _answer(
    files: int, invalid: int, codes: dict[str, int], failed: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "files": files,
        "valid": files - invalid,
        "invalid": invalid,
        "skipped": 0,
        "failed": failed or [],
        "codes": codes,
    }


def _child(answer: dict[str, Any], keys: list[str], status: str = "SUCCEEDED") -> dict[str, Any]:
    record: dict[str, Any] = {
        "ExecutionArn": f"{EXECUTION_PREFIX}rv/ValidateAll:{uuid.uuid4()}",
        "Input": orjson.dumps(
            {"Items": [{"Key": k} for k in keys], "BatchInput": {"bucket": "b"}}
        ).decode(),
        "InputDetails": {"Included": True},
        "Status": status,
    }
    if status == "SUCCEEDED":
        record.update(Output=orjson.dumps(answer).decode(), OutputDetails={"Included": True})
    else:
        record.update(Error="Lambda.Unknown", Cause="the function timed out")
    return record


def _write_run(s3: Any, bucket: str, *, compact: bool = True) -> str:
    """A finished map run's ResultWriter output; returns the manifest key. ``compact``: as
    the machine writes it (JSONL; succeeded batches as their answers, failed ones whole);
    else the default layout (a JSON array of whole child execution records)."""
    s3.create_bucket(Bucket=bucket)
    base = f"runs/{RUN_ID}"
    ok = [
        _child(_answer(3, 1, {"unknown_class": 2}), ["gt/a.json", "gt/b.json", "gt/c.json"]),
        _child(
            _answer(
                2,
                1,
                {"unknown_class": 1, "out_of_range": 4},
                [{"key": "gt/gone.json", "error": "Unreadable: NoSuchKey"}],
            ),
            ["gt/d.json", "gt/e.json", "gt/gone.json"],
        ),
    ]
    bad = [_child({}, ["gt/f.json", "gt/g.json"], status="FAILED")]
    if compact:
        ok = [orjson.loads(r["Output"]) for r in ok]
    for name, records in (("SUCCEEDED_0.json", ok), ("FAILED_0.json", bad)):
        body = (
            b"\n".join(orjson.dumps(r) for r in records) + b"\n"
            if compact
            else orjson.dumps(records, option=orjson.OPT_INDENT_2)
        )
        s3.put_object(Bucket=bucket, Key=f"{base}/{name}", Body=body)
    manifest = {
        "DestinationBucket": bucket,
        "MapRunArn": f"{MAP_RUN_PREFIX}rv/ValidateAll:{RUN_ID}",
        "ResultFiles": {
            "SUCCEEDED": [{"Key": f"{base}/SUCCEEDED_0.json", "Size": 1}],
            "FAILED": [{"Key": f"{base}/FAILED_0.json", "Size": 1}],
            "PENDING": [],
        },
    }
    s3.put_object(Bucket=bucket, Key=f"{base}/manifest.json", Body=orjson.dumps(manifest))
    return f"{base}/manifest.json"


@pytest.mark.parametrize("compact", [True, False])
def test_read_results__sums_every_batch_answer_and_failed_batch(s3: Any, compact: bool) -> None:
    bucket = f"rw-{uuid.uuid4().hex[:12]}"
    summary = revalidate.read_results(s3, bucket, _write_run(s3, bucket, compact=compact))
    assert summary.to_dict() == {
        "files": 5,
        "valid": 3,
        "invalid": 2,
        "skipped": 0,
        "failed": 3,
        "failed_batches": 1,
        "not_run": 0,
    }
    assert summary.codes == {"unknown_class": 3, "out_of_range": 4}
    assert [f["key"] for f in summary.failed] == ["gt/f.json", "gt/g.json", "gt/gone.json"]
    assert summary.failed[0]["error"] == "Lambda.Unknown: the function timed out"


def test_read_results__a_json_array_of_answers(s3: Any) -> None:
    bucket = f"rw-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(
        Bucket=bucket,
        Key="r/1/SUCCEEDED_0.json",
        Body=orjson.dumps([_answer(4, 0, {}), _answer(1, 1, {"unknown_tag": 1})]),
    )
    s3.put_object(
        Bucket=bucket,
        Key="r/1/manifest.json",
        Body=orjson.dumps(
            {"ResultFiles": {"SUCCEEDED": [{"Key": "r/1/SUCCEEDED_0.json", "Size": 1}]}}
        ),
    )
    summary = revalidate.read_results(s3, bucket, "r/1/manifest.json")
    assert (summary.files, summary.invalid, dict(summary.codes)) == (5, 1, {"unknown_tag": 1})


def test_run__starts_a_run_pinned_to_the_config_of_the_moment(sfn: Any, s3: Any) -> None:
    bucket = f"rv-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    put = s3.put_object(Bucket=bucket, Key="gt/gt-project.json", Body=b"{}")
    arn = sfn.create_state_machine(
        name=f"rv-{uuid.uuid4().hex[:8]}", definition=_definition(bucket=bucket), roleArn=ROLE
    )["stateMachineArn"]
    s3.put_object(Bucket=bucket, Key="gt/gt-project.json", Body=b"{ }")  # not the one asked
    argv = ["--state-machine", arn, "--prefix", "gt/x/", "--max-concurrency", "7", "--no-wait"]

    def start(*more: str) -> int:
        ns = revalidate._parser().parse_args([*argv, *more])
        return revalidate.run(ns, sfn, s3, io.StringIO(), io.StringIO())

    pinned = start("--config-version", put["VersionId"])
    code = start()

    assert (pinned, code) == (revalidate.EXIT_OK, revalidate.EXIT_OK)
    started = sfn.list_executions(stateMachineArn=arn)["executions"]
    inputs = [
        orjson.loads(sfn.describe_execution(executionArn=e["executionArn"])["input"])
        for e in started
    ]
    head = s3.head_object(Bucket=bucket, Key="gt/gt-project.json")
    expected_now = {
        "prefix": "gt/x/",
        "max_concurrency": 7,
        "config_version": head["VersionId"],
        "config_etag": head["ETag"].strip('"'),
    }
    expected_asked = {"prefix": "gt/x/", "max_concurrency": 7, "config_version": put["VersionId"]}
    assert sorted(inputs, key=len) == [expected_asked, expected_now]


def test_main__a_config_it_cannot_read_starts_no_run(sfn: Any, capsys: Any) -> None:
    arn = sfn.create_state_machine(
        name=f"rv-{uuid.uuid4().hex[:8]}", definition=_definition(bucket="nope"), roleArn=ROLE
    )["stateMachineArn"]

    assert revalidate.main(["--state-machine", arn, "--no-wait"]) == revalidate.EXIT_USAGE
    assert "cannot read the config s3://nope/gt/gt-project.json" in capsys.readouterr().err
    assert sfn.list_executions(stateMachineArn=arn)["executions"] == []


def test_run__follows_a_run_until_it_is_stopped(sfn: Any, s3: Any) -> None:
    arn = sfn.create_state_machine(
        name=f"rv-{uuid.uuid4().hex[:8]}", definition=_definition(), roleArn=ROLE
    )["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    polls: list[float] = []

    def sleep(seconds: float) -> None:  # the run is stopped while the CLI waits
        polls.append(seconds)
        sfn.stop_execution(executionArn=execution, error="Stopped", cause="by the test")

    ns = revalidate._parser().parse_args(["--execution", execution, "--poll-interval", "0.5"])
    out = io.StringIO()
    code = revalidate.run(ns, sfn, s3, out, io.StringIO(), sleep=sleep)
    assert code == revalidate.EXIT_RUN_FAILED
    assert polls == [0.5]
    assert "status: ABORTED" in out.getvalue()
    assert "results: none found" in out.getvalue()


def test_main__a_missing_state_machine_is_an_api_error(moto_server: str) -> None:
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:nope"
    assert revalidate.main(["--state-machine", arn, "--no-wait"]) == revalidate.EXIT_USAGE


def test_main__requires_a_state_machine_or_an_execution() -> None:
    assert revalidate.main(["--prefix", "gt/"]) == revalidate.EXIT_USAGE


def test_main__the_bucket_cannot_be_overridden() -> None:
    # The roles are scoped to the deployment's bucket: another could never be listed.
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:x"
    assert revalidate.main(["--state-machine", arn, "--bucket", "b"]) == revalidate.EXIT_USAGE


def test_definition__input_overrides_the_deployment_defaults(executing: tuple[Any, Any]) -> None:
    sfn, _ = executing
    output = {"MapRunArn": "m", "ResultWriterDetails": {"Bucket": "x", "Key": "y"}}
    arn = sfn.create_state_machine(
        name=f"rv-{uuid.uuid4().hex[:8]}", roleArn=ROLE, definition=_definition(output)
    )["stateMachineArn"]
    cases = (
        ({}, ("dflt", "gt/")),
        ({"prefix": "gt/2024/"}, ("dflt", "gt/2024/")),
        ({"bucket": "other"}, ("dflt", "gt/")),  # the bucket is the deployment's, always
    )
    for given, expected in cases:
        execution = sfn.start_execution(
            stateMachineArn=arn, name=str(uuid.uuid4()), input=orjson.dumps(given).decode()
        )["executionArn"]
        desc = revalidate.follow(sfn, execution, interval=0.05, bar=None)
        assert desc["status"] == "SUCCEEDED"
        result = orjson.loads(desc["output"])
        assert (result["bucket"], result["prefix"]) == expected
        assert result["ResultWriterDetails"] == output["ResultWriterDetails"]


def test_cli__revalidate_prints_the_summary_of_a_finished_run(
    executing: tuple[Any, Any],
) -> None:
    sfn, s3 = executing
    bucket = f"rv-{uuid.uuid4().hex[:12]}"
    manifest = _write_run(s3, bucket)
    s3.put_object(Bucket=bucket, Key="gt/gt-project.json", Body=b"{}")
    output = {"MapRunArn": "m", "ResultWriterDetails": {"Bucket": bucket, "Key": manifest}}
    arn = sfn.create_state_machine(
        name=f"rv-{uuid.uuid4().hex[:8]}", roleArn=ROLE, definition=_definition(output, bucket)
    )["stateMachineArn"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gt_validator",
            "revalidate",
            "--state-machine",
            arn,
            "--name",
            str(uuid.uuid4()),
            "--poll-interval",
            "0.05",
            "--format",
            "json",
        ],
        capture_output=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    assert proc.returncode == revalidate.EXIT_INVALID, proc.stderr
    doc = orjson.loads(proc.stdout)
    assert doc["status"] == "SUCCEEDED"
    assert doc["results"] == f"s3://{bucket}/{manifest}"
    assert doc["summary"]["files"] == 5 and doc["summary"]["failed"] == 3
    assert doc["codes"] == {"out_of_range": 4, "unknown_class": 3}


class FakeSfn:
    """What real Step Functions answers for a Distributed Map run (moto has no map runs)."""

    def __init__(self, statuses: list[str], bucket: str) -> None:
        self.statuses, self.bucket = statuses, bucket
        self.arn = "arn:aws:states:us-east-1:123456789012:execution:rv:e1"
        self.counts = iter(
            [
                {"total": 0},
                {"total": 2000, "succeeded": 500, "failed": 0},
                {"total": 2000, "succeeded": 1990, "failed": 10},
            ]
        )

    def describe_execution(self, executionArn: str) -> dict[str, Any]:
        status = self.statuses.pop(0)
        done = {"error": "States.ExceededToleratedFailureThreshold", "cause": "too many"}
        return {
            "executionArn": executionArn,
            "status": status,
            **(done if status == "FAILED" else {}),
        }

    def list_map_runs(self, executionArn: str) -> dict[str, Any]:
        run = f"arn:aws:states:us-east-1:123456789012:mapRun:rv/ValidateAll:{RUN_ID}"
        return {"mapRuns": [{"mapRunArn": run, "executionArn": executionArn}]}

    def describe_map_run(self, mapRunArn: str) -> dict[str, Any]:
        return {"mapRunArn": mapRunArn, "itemCounts": next(self.counts)}

    def describe_state_machine_for_execution(self, executionArn: str) -> dict[str, Any]:
        return {"definition": _definition(bucket=self.bucket)}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_run__a_failed_run_is_summarised_from_its_map_run_results(s3: Any) -> None:
    bucket = f"rv-{uuid.uuid4().hex[:12]}"
    _write_run(s3, bucket)
    s3.put_object(Bucket=bucket, Key="runs/another-run/manifest.json", Body=b"{}")
    fake = FakeSfn(["RUNNING", "RUNNING", "FAILED"], bucket)
    ns = revalidate._parser().parse_args(["--execution", fake.arn, "--poll-interval", "0"])
    out, err = io.StringIO(), Terminal()
    code = revalidate.run(ns, fake, s3, out, err, sleep=lambda _: None)
    assert code == revalidate.EXIT_RUN_FAILED
    text = out.getvalue()
    assert "status: FAILED" in text and "States.ExceededToleratedFailureThreshold" in text
    assert f"results: s3://{bucket}/runs/{RUN_ID}/manifest.json" in text
    assert "files: 5  valid: 3  invalid: 2  skipped: 0  failed: 3" in text
    assert "  unknown_class" in text and "failed: gt/gone.json: Unreadable" in text
    progress = err.getvalue()
    assert "listing and starting batches" in progress
    assert "500/2000 objects, 0 failed" in progress
    assert "2000/2000 objects, 10 failed" in progress


def test_run__no_progress_line_when_stderr_is_not_a_terminal(s3: Any) -> None:
    fake = FakeSfn(["RUNNING", "SUCCEEDED"], "nowhere")
    fake.list_map_runs = lambda executionArn: {"mapRuns": []}  # type: ignore[method-assign]
    ns = revalidate._parser().parse_args(["--execution", fake.arn])
    err = io.StringIO()
    code = revalidate.run(ns, fake, s3, io.StringIO(), err, sleep=lambda _: None)
    assert code == revalidate.EXIT_INVALID  # succeeded, but no results to prove it
    assert err.getvalue() == f"gt-validate revalidate: following {fake.arn}\n"
