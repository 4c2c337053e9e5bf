"""Fixtures of the end-to-end tier: a loopback GitHub API and a dataset repository."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.action_project import CONFIG, Project, doc
from tests.e2e.fake_github import FakeGitHub, commit, init_repo


@pytest.fixture(name="fake")
def fake_github_fixture() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    yield server
    server.stop()


@pytest.fixture(name="project")
def project_fixture(tmp_path: Path, fake: FakeGitHub) -> Project:
    root = tmp_path / "ws"
    init_repo(root)
    proj = Project(root, tmp_path, fake)
    proj.base = commit(
        root,
        {"gt-project.json": json.dumps(CONFIG).encode(), "gt/a/ok.json": doc("a/ok.json")},
        "base",
    )
    return proj
