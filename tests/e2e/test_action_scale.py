"""Scale: one noisy file among ten broken ones, 3,000 changed files through the REST API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.action_project import (
    CONFIG,
    MARKER,
    TOKEN,
    Project,
    commands,
    doc,
)
from tests.e2e.fake_github import FakeGitHub, pull_request_event, run_action
from tests.review_render import structure

pytestmark = pytest.mark.e2e


def test_action__noisy_file_hides_no_other(project: Project, fake: FakeGitHub) -> None:
    files = {"gt/a/noisy.json": doc("a/noisy.json", label="Car", n=300)}
    files |= {f"gt/b/f{i}.json": doc(f"b/f{i}.json", label="Truck") for i in range(10)}
    head = project.push(files)
    run = project.run(head)
    assert run.code == 1 and run.outputs["errors"] == "310"
    errors = [c for c in commands(run.stdout) if c.startswith("::error ")]
    shown = [c.split("file=", 1)[1].split(",", 1)[0] for c in errors[:10]]
    assert len(set(shown)) == 10  # GitHub shows 10: one per file, not 10 of the noisy one
    assert len(errors) == 310
    body = fake.comments[7][0]["body"]
    assert body.startswith(MARKER) and len(body) < 8_000  # one row for the 300
    links = [href for href, _ in structure(body).links]
    for path in files:
        assert f"https://github.com/acme/gt-data/blob/{head}/{path}" in links, path
    assert f"https://github.com/acme/gt-data/commit/{head}" in links
    assert "300 findings not shown as annotations" in run.summary


def test_action__3000_changed_files_rest_pagination(tmp_path: Path, fake: FakeGitHub) -> None:
    workspace = tmp_path / "ws"  # not a git checkout: the REST API must answer
    (workspace / "gt").mkdir(parents=True)
    (workspace / "gt-project.json").write_text(json.dumps(CONFIG), encoding="utf-8")
    listed = []
    for i in range(3000):
        rel = f"b{i % 30}/f{i}.json"
        if i % 100 == 0:  # deleted in the pull request: listed, not on disk
            listed.append({"filename": f"gt/{rel}", "status": "removed"})
            continue
        path = workspace / "gt" / rel
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(doc(rel))
        listed.append({"filename": f"gt/{rel}", "status": "added"})
    (workspace / "gt/b0/untouched.json").write_bytes(doc("b0/untouched.json"))
    fake.pull_files[9] = listed
    event = pull_request_event(
        tmp_path / "event.json", number=9, base="a" * 40, head="b" * 40, changed_files=3000
    )
    run = run_action(
        workspace,
        tmp_path / "runner",
        api_url=fake.url,
        event=event,
        inputs={"github-token": TOKEN},
    )
    assert run.code == 0, run.stdout[-2000:]
    pages = fake.calls("GET", "/pulls/9/files")
    assert len(pages) == 30 and all(r.query["per_page"] == ["100"] for r in pages)
    assert run.outputs["files"] == "2970"
    assert any("REST API" in line for line in commands(run.stdout))


def test_action__rest_list_truncated_validates_all(tmp_path: Path, fake: FakeGitHub) -> None:
    workspace = tmp_path / "ws"
    (workspace / "gt/a").mkdir(parents=True)
    (workspace / "gt-project.json").write_text(json.dumps(CONFIG), encoding="utf-8")
    for name in ("x", "y"):
        (workspace / f"gt/a/{name}.json").write_bytes(doc(f"a/{name}.json"))
    fake.pull_files[9] = [{"filename": "gt/a/x.json", "status": "added"}]
    event = pull_request_event(
        tmp_path / "event.json", number=9, base="a" * 40, head="b" * 40, changed_files=4000
    )
    run = run_action(workspace, tmp_path / "runner", api_url=fake.url, event=event)
    assert run.outputs["files"] == "2"
    assert any("3,000" in line for line in commands(run.stdout))
