"""Changed files from git as a runner's checkout has them: shallow, with a moving base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.action_project import CONFIG, commands, doc
from tests.e2e.fake_github import FakeGitHub, commit, git, init_repo, pull_request_event, run_action

pytestmark = pytest.mark.e2e


def _origin(tmp_path: Path) -> tuple[Path, str, str]:
    """main: base; feature: adds x.json and y.json; main then moves on (changes ok.json)."""
    origin = tmp_path / "origin"
    init_repo(origin)
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
    commit(
        origin,
        {"gt-project.json": json.dumps(CONFIG).encode(), "gt/a/ok.json": doc("a/ok.json")},
        "base",
    )
    for i in range(3):
        commit(origin, {f"gt/a/h{i}.json": doc(f"a/h{i}.json")}, f"history {i}")
    git(origin, "checkout", "-q", "-b", "feature")
    commit(origin, {"gt/a/x.json": doc("a/x.json", label="Car")}, "feature 1")
    head = commit(origin, {"gt/a/y.json": doc("a/y.json")}, "feature 2")
    git(origin, "checkout", "-q", "main")
    base = commit(origin, {"gt/a/ok.json": doc("a/ok.json", extra=True)}, "main moves on")
    return origin, base, head


def test_action__shallow_checkout_fetches_base(tmp_path: Path, fake: FakeGitHub) -> None:
    origin, base, head = _origin(tmp_path)
    workspace = tmp_path / "ws"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "feature",
        f"file://{origin}",
        str(workspace),
    )
    assert git(workspace, "rev-parse", "--is-shallow-repository") == "true"
    event = pull_request_event(tmp_path / "event.json", number=3, base=base, head=head)
    run = run_action(
        workspace, tmp_path / "runner", api_url=fake.url, event=event, inputs={"comment": "false"}
    )
    assert run.code == 1, run.stdout + run.stderr
    report = json.loads(Path(run.outputs["report"]).read_text(encoding="utf-8"))
    # base...head: the pull request's own changes, not main's later ok.json change.
    assert [f["path"] for f in report["files"]] == ["gt/a/x.json", "gt/a/y.json"]
    assert not fake.calls("GET", "/pulls/")
    assert git(workspace, "cat-file", "-t", base) == "commit"


def test_action__unknown_commits_fall_back_to_rest(tmp_path: Path, fake: FakeGitHub) -> None:
    workspace = tmp_path / "ws"
    init_repo(workspace)
    commit(
        workspace,
        {
            "gt-project.json": json.dumps(CONFIG).encode(),
            "gt/a/ok.json": doc("a/ok.json"),
            "gt/a/x.json": doc("a/x.json"),
        },
        "only",
    )
    fake.pull_files[3] = [
        {"filename": "gt/a/x.json", "status": "modified"},
        {"filename": "gt/a/gone.json", "status": "removed"},
    ]
    event = pull_request_event(
        tmp_path / "event.json", number=3, base="1" * 40, head="2" * 40, changed_files=2
    )
    run = run_action(workspace, tmp_path / "runner", api_url=fake.url, event=event)
    assert run.code == 0 and run.outputs["files"] == "1"
    assert len(fake.calls("GET", "/pulls/3/files")) == 1
    assert any("asking the REST API" in line for line in commands(run.stdout))


def test_action__workspace_subfolder_of_repository(tmp_path: Path, fake: FakeGitHub) -> None:
    repo = tmp_path / "repo"
    init_repo(repo)
    base = commit(
        repo,
        {
            "data/gt-project.json": json.dumps(CONFIG).encode(),
            "data/gt/a/ok.json": doc("a/ok.json"),
        },
        "base",
    )
    head = commit(
        repo,
        {"data/gt/a/x.json": doc("a/x.json", label="Car"), "elsewhere/gt/a/z.json": b"{"},
        "head",
    )
    event = pull_request_event(tmp_path / "event.json", number=3, base=base, head=head)
    run = run_action(
        repo / "data",
        tmp_path / "runner",
        api_url=fake.url,
        event=event,
        inputs={"comment": "false"},
    )
    assert run.code == 1 and run.outputs["files"] == "1"
    assert "::error file=gt/a/x.json," in run.stdout
