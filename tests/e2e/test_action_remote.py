"""Remote mode: boto3 ``lambda.invoke`` against a loopback Lambda Invoke API.

The stand-in answers ``POST /2015-03-31/functions/<name>/invocations`` by running
gt_validator's own validator in-process on the documents it receives, so the
answer is a real section-4 report.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from gt_validator.validator import build_validator
from tests.e2e.action_project import CONFIG, commands, doc
from tests.e2e.fake_github import FakeGitHub, run_action

pytestmark = pytest.mark.e2e


@dataclass
class FakeLambda:
    config: Path
    fail: bool = False
    calls: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    url: str = ""

    def answer(self, payload: dict[str, Any]) -> dict[str, Any]:
        validator = build_validator(str(self.config))
        files = [
            validator.check_bytes(d["content"].encode("utf-8"), path=d["path"], rel_path=d["path"])
            for d in payload["documents"]
        ]
        return validator.report(files).to_dict()


@pytest.fixture
def aws(tmp_path: Path) -> Iterator[FakeLambda]:
    config = tmp_path / "lambda-config.json"
    config.write_text(json.dumps(CONFIG), encoding="utf-8")
    fake_lambda = FakeLambda(config)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            payload = json.loads(raw)
            fake_lambda.calls.append((self.path, len(raw), payload))
            headers = {"Content-Type": "application/json"}
            if fake_lambda.fail:
                body = {"errorMessage": "boom", "errorType": "RuntimeError"}
                headers["X-Amz-Function-Error"] = "Unhandled"
            else:
                body = fake_lambda.answer(payload)
            data = json.dumps(body).encode()
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake_lambda.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield fake_lambda
    server.shutdown()
    server.server_close()


def _aws_env(url: str) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def _workspace(tmp_path: Path, files: dict[str, bytes]) -> Path:
    ws = tmp_path / "ws"
    for name, data in {"gt-project.json": json.dumps(CONFIG).encode(), **files}.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / name).write_bytes(data)
    return ws


def test_action__remote_mode_reports_the_lambda_answer(
    tmp_path: Path, aws: FakeLambda, fake: FakeGitHub
) -> None:
    ws = _workspace(
        tmp_path,
        {
            "gt/a/x.json": doc("a/x.json", label="Car"),
            "gt/a/ok.json": doc("a/ok.json"),
            "gt/a/bad.json": b'{"annotations": "\xff"}',
        },
    )
    run = run_action(
        ws,
        tmp_path / "runner",
        api_url=fake.url,
        event=None,
        event_name="push",
        inputs={"function-name": "gt-validator-fn"},
        env=_aws_env(aws.url),
    )
    assert run.code == 1, run.stdout + run.stderr
    assert [c[0] for c in aws.calls] == ["/2015-03-31/functions/gt-validator-fn/invocations"]
    sent = aws.calls[0][2]
    assert sorted(d["path"] for d in sent["documents"]) == ["a/ok.json", "a/x.json"]
    assert "config" not in sent
    report = json.loads(Path(run.outputs["report"]).read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == ["gt/a/bad.json", "gt/a/ok.json", "gt/a/x.json"]
    assert report["files"][0]["findings"][0]["code"] == "invalid_json"
    assert any(
        c.startswith("::error file=gt/a/x.json,") and "unknown_class" in c
        for c in commands(run.stdout)
    )
    assert run.outputs["invalid-files"] == "2"


def test_action__remote_mode_batches_under_payload_limit(
    tmp_path: Path, aws: FakeLambda, fake: FakeGitHub
) -> None:
    big = {}
    for i in range(4):
        content = json.loads(doc(f"a/big{i}.json"))
        content["attributes"] = {}
        content["padding"] = "p" * (1_900_000)
        big[f"gt/a/big{i}.json"] = json.dumps(content).encode()
    ws = _workspace(tmp_path, big)
    run = run_action(
        ws,
        tmp_path / "runner",
        api_url=fake.url,
        event=None,
        event_name="push",
        inputs={"function-name": "fn"},
        env=_aws_env(aws.url),
    )
    assert run.code == 0, run.stdout + run.stderr
    assert len(aws.calls) == 2
    assert all(size < 6 * 1024 * 1024 for _, size, _ in aws.calls)
    assert run.outputs["files"] == "4" and run.outputs["warnings"] == "4"


def test_action__remote_function_error_exits_2(
    tmp_path: Path, aws: FakeLambda, fake: FakeGitHub
) -> None:
    aws.fail = True
    ws = _workspace(tmp_path, {"gt/a/x.json": doc("a/x.json")})
    run = run_action(
        ws,
        tmp_path / "runner",
        api_url=fake.url,
        event=None,
        event_name="push",
        inputs={"function-name": "fn", "fail-on": "never"},
        env=_aws_env(aws.url),
    )
    assert run.code == 2
    assert any(c.startswith("::error ") and "fn failed" in c for c in commands(run.stdout))
