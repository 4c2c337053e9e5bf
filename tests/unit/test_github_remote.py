"""Remote mode: batching under the payload limit, merging answers, local fallbacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gt_validator.github.remote import (
    Document,
    RemoteError,
    batches,
    report_from_dict,
    request_payload,
    validate_remote,
)
from gt_validator.github.remote_run import run_remote
from gt_validator.github.select import Candidate
from gt_validator.report import FileReport, Finding, Report

pytestmark = pytest.mark.unit


class FakeLambda:
    """Answers each request with one finding per document; records payload sizes."""

    def __init__(self) -> None:
        self.requests: list[dict[str, object]] = []
        self.sizes: list[int] = []

    def __call__(self, payload: bytes) -> bytes:
        self.sizes.append(len(payload))
        request = json.loads(payload)
        self.requests.append(request)
        files = [
            FileReport(d["path"], (Finding("unknown_class", "error", "m", "/label", 2, 3),))
            for d in request["documents"]
        ]
        return json.dumps(Report("s3://b/gt-project.json", tuple(files)).to_dict()).encode()


def test_batches__each_under_budget_and_all_sent() -> None:
    docs = [Document(f"a/{i}.json", "x" * 1000) for i in range(50)]
    got = list(batches(docs, budget=10_000))
    assert sum(len(b) for b in got) == 50 and len(got) > 1
    assert all(len(request_payload(b, None)) <= 10_000 + 64 for b in got)


def test_request_payload__documents_and_config() -> None:
    payload = json.loads(request_payload([Document("a.json", "{}").encoded()], "s3://b/c.json"))
    assert payload == {
        "config": "s3://b/c.json",
        "documents": [{"path": "a.json", "content": "{}"}],
    }
    assert "config" not in json.loads(request_payload([], None))


def test_validate_remote__merges_batches_in_order() -> None:
    fake = FakeLambda()
    docs = [Document(f"a/{i}.json", "y" * 500) for i in range(20)]
    report = validate_remote(fake, docs, None, budget=3_000)
    assert len(fake.requests) > 1
    assert [f.path for f in report.files] == [d.path for d in docs]
    assert report.config == "s3://b/gt-project.json"


def test_validate_remote__error_answer_raises() -> None:
    def invoke(payload: bytes) -> bytes:
        return b'{"version": 1, "error": {"message": "bad config"}}'

    with pytest.raises(RemoteError, match="refused"):
        validate_remote(invoke, [Document("a.json", "{}")], None)


def test_validate_remote__not_json_raises() -> None:
    with pytest.raises(RemoteError, match="not JSON"):
        validate_remote(lambda p: b"<html>", [Document("a.json", "{}")], None)


def test_report_from_dict__round_trip() -> None:
    report = Report(
        "c",
        (
            FileReport(
                "a.json",
                (
                    Finding("unknown_field", "warning", "m", "/x", 1, 2),
                    Finding("path_mismatch", "error", "m"),
                ),
            ),
        ),
        ("a note",),
    )
    assert report_from_dict(report.to_dict()) == report


def test_report_from_dict__not_a_report() -> None:
    with pytest.raises(RemoteError):
        report_from_dict({"files": "nope"})


def _candidate(tmp_path: Path, rel: str, data: bytes) -> Candidate:
    path = tmp_path / "gt" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Candidate("gt/" + rel, rel, path)


def test_run_remote__paths_mapped_back_and_local_fallbacks(tmp_path: Path) -> None:
    files = [
        _candidate(tmp_path, "a/x.json", b'{"a": 1}'),
        _candidate(tmp_path, "a/bad.json", b'{\n "a": "\xff"}'),
        _candidate(tmp_path, "a/big.json", b'"' + b"z" * 5000 + b'"'),
    ]
    fake = FakeLambda()
    report = run_remote(fake, files, None, budget=4_000)
    assert [f.path for f in report.files] == ["gt/a/x.json", "gt/a/bad.json", "gt/a/big.json"]
    assert [d["path"] for r in fake.requests for d in r["documents"]] == ["a/x.json"]
    bad = report.files[1].findings[0]
    assert (bad.code, bad.line, bad.column) == ("invalid_json", 2, 8)
    assert report.files[2].findings[0].code == "file_too_large"


def test_run_remote__nothing_to_send_no_invoke(tmp_path: Path) -> None:
    fake = FakeLambda()
    assert run_remote(fake, [], None).files == ()
    assert fake.requests == []
