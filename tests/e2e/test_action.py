"""``gt-validate github`` run as a runner runs it, against a loopback GitHub API.

A real git repository with a base and a head commit, a pull_request payload in
GITHUB_EVENT_PATH, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_API_URL at
tests/e2e/fake_github.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.action_project import (
    CONFIG,
    MARKER,
    OUTPUT_NAMES,
    TOKEN,
    Project,
    commands,
    doc,
)
from tests.e2e.fake_github import (
    FakeGitHub,
    run_action,
)

pytestmark = pytest.mark.e2e


def test_action__comment_created_updated_then_all_valid(project: Project, fake: FakeGitHub) -> None:
    for i in range(120):  # the Action's comment will be on the second page
        fake.add_comment(7, f"review comment {i}")
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    first = project.run(head)
    assert first.code == 1, first.stdout + first.stderr
    assert len(fake.calls("POST", "/issues/7/comments")) == 1
    ours = [c for c in fake.comments[7] if c["body"].startswith(MARKER)]
    assert len(ours) == 1 and "did you mean" in ours[0]["body"]
    assert first.outputs == {
        **first.outputs,
        "valid": "false",
        "files": "1",
        "invalid-files": "1",
        "errors": "1",
        "warnings": "0",
    }
    assert set(first.outputs) == OUTPUT_NAMES

    head = project.push({"gt/a/y.json": doc("a/y.json", label="Truck")})
    second = project.run(head)
    assert second.code == 1
    assert len(fake.calls("POST", "/comments")) == 1  # not duplicated
    patches = fake.calls("PATCH", f"/issues/comments/{ours[0]['id']}")
    assert len(patches) == 1 and "2 of 2 files invalid" in patches[0].body["body"]
    pages = [r.query.get("page", ["1"])[0] for r in fake.calls("GET", "/issues/7/comments")]
    assert "2" in pages and all(
        r.query["per_page"] == ["100"] for r in fake.calls("GET", "/issues/7/comments")
    )

    head = project.push({"gt/a/x.json": doc("a/x.json"), "gt/a/y.json": doc("a/y.json")})
    third = project.run(head)
    assert third.code == 0, third.stdout
    assert len(fake.calls("POST", "/comments")) == 1
    final = [c for c in fake.comments[7] if c["body"].startswith(MARKER)]
    assert len(final) == 1 and "all 2 files valid" in final[0]["body"]
    assert "fixed" in final[0]["body"] and "did you mean" not in final[0]["body"]
    assert third.outputs["valid"] == "true"


def test_action__token_sent_never_printed(project: Project, fake: FakeGitHub) -> None:
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    run = project.run(head)
    assert fake.requests and all(
        r.headers.get("authorization") == f"Bearer {TOKEN}" for r in fake.requests
    )
    assert TOKEN not in run.stdout + run.stderr + run.summary + json.dumps(run.outputs)


def test_action__annotations_outputs_summary_report(project: Project) -> None:
    head = project.push(
        {"gt/a/x.json": doc("a/x.json", label="Car"), "gt/a/w.json": doc("a/w.json", extra=True)}
    )
    run = project.run(head)
    lines = commands(run.stdout)
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 1 and len(warnings) == 1
    assert lines.index(errors[0]) < lines.index(warnings[0])  # most severe first
    assert re.match(
        r"::error file=gt/a/x\.json,line=\d+,col=\d+,title=gt-validator%3A "
        r"unknown_class::",
        errors[0],
    )
    assert "| 2 | 1 | 1 | 1 | 1 |" in run.summary and MARKER not in run.summary
    report_path = Path(run.outputs["report"])
    assert report_path.parent.name == "temp" and report_path.is_file()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["version"] == 1 and report["summary"]["files"] == 2
    assert [f["path"] for f in report["files"]] == ["gt/a/w.json", "gt/a/x.json"]


def test_action__403_on_comment_is_notice(project: Project, fake: FakeGitHub) -> None:
    fake.forbid_writes = True
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    run = project.run(head)
    assert run.code == 1  # by fail-on, not by the comment
    notices = [line for line in commands(run.stdout) if line.startswith("::notice ")]
    assert any("could not comment" in line for line in notices)
    assert run.outputs["valid"] == "false" and "1 of 1 file invalid" in run.summary
    assert any(line.startswith("::error ") for line in commands(run.stdout))
    assert project.run(head, {"fail-on": "never"}).code == 0


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("never", 0)])
def test_action__fail_on_with_warning_only(project: Project, fail_on: str, expected: int) -> None:
    head = project.push({"gt/a/w.json": doc("a/w.json", extra=True)})
    assert project.run(head, {"fail-on": fail_on}).code == expected


def test_action__broken_config_exits_2_whatever_fail_on(project: Project, fake: FakeGitHub) -> None:
    head = project.push(
        {
            "gt-project.json": json.dumps({**CONFIG, "bogus": 1}).encode(),
            "gt/a/x.json": doc("a/x.json"),
        }
    )
    run = project.run(head, {"fail-on": "never"})
    assert run.code == 2
    assert any(
        line.startswith("::error ") and "configuration" in line for line in commands(run.stdout)
    )
    assert not fake.calls("POST")


def test_action__bad_input_exits_2(project: Project) -> None:
    assert project.run(project.base, {"fail-on": "always"}).code == 2


def test_action__renamed_and_deleted(project: Project) -> None:
    head = project.push(
        {
            "gt/a/ok.json": None,
            "gt/a/moved.json": doc("a/ok.json", "Car"),
            "gt/b/é 字.json": doc("b/é 字.json"),
        }
    )
    run = project.run(head)
    report = json.loads(Path(run.outputs["report"]).read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == ["gt/a/moved.json", "gt/b/é 字.json"]


def test_action__changed_only_false_validates_all_paths(project: Project) -> None:
    head = project.push({"gt/b/x.json": doc("b/x.json")})
    run = project.run(head, {"changed-only": "false", "paths": "gt/a/**\ngt/none/*.json"})
    assert run.outputs["files"] == "1"
    assert json.loads(Path(run.outputs["report"]).read_text())["files"][0]["path"] == (
        "gt/a/ok.json"
    )


def test_action__push_event_validates_all(project: Project, fake: FakeGitHub) -> None:
    run = run_action(
        project.root, project.tmp / "push", api_url=fake.url, event=None, event_name="push"
    )
    assert run.code == 0 and run.outputs["files"] == "1"
    assert not fake.requests  # no pull request: no comment, no file list


def test_action__sarif_written(project: Project) -> None:
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    run = project.run(
        head, {"sarif": "results/gt.sarif", "annotations": "false", "comment": "false"}
    )
    sarif = json.loads((project.root / "results/gt.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert not any(line.startswith("::error ") for line in commands(run.stdout))
    assert not project.fake.calls("POST")
