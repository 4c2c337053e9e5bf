"""Hostile names and content: nothing can forge a workflow command, ping, or inject."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.action_project import (
    MARKER,
    OUTPUT_NAMES,
    Project,
    commands,
    doc,
)
from tests.e2e.fake_github import FakeGitHub
from tests.review_render import REVIEW_TAGS as OWN_TAGS
from tests.review_render import structure

pytestmark = pytest.mark.e2e

EVIL = "gt/a/evil\n::error::pwned.json"
MENTION = "gt/a/@someone <img src=x> `tick` [x](javascript:alert(1)) www.e.vil | cell.json"
KNOWN = re.compile(r"::(error|warning|notice) [^:]*::")


def _check_markdown(text: str) -> None:
    """As GitHub renders it: no mention, no tag but the review's own, links only ours."""
    page = structure(text)
    shown = "".join(page.text)
    assert not re.search(r"@\w", shown), "a mention could ping"
    assert set(page.tags) <= OWN_TAGS, set(page.tags) - OWN_TAGS
    for href, _ in page.links:
        assert href.startswith("https://github.com/acme/gt-data/"), href
    for line in text.splitlines():
        assert not line.startswith("::")
        if line.startswith("| "):
            assert line.endswith(" |")


def test_action__hostile_names_safe_everywhere(project: Project, fake: FakeGitHub) -> None:
    head = project.push(
        {
            EVIL: doc("a/evil.json", label="@octocat <script>"),
            MENTION: doc("a/m.json", label="`x` | y"),
        }
    )
    run = project.run(head)
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert not any(line.startswith("::error::pwned") for line in lines)
    for line in commands(run.stdout):
        assert KNOWN.match(line), line
    files = {
        line.split("file=", 1)[1].split(",line=")[0]
        for line in commands(run.stdout)
        if "file=" in line
    }
    assert "gt/a/evil%0A%3A%3Aerror%3A%3Apwned.json" in files
    assert set(run.outputs) == OUTPUT_NAMES and run.outputs["files"] == "2"
    _check_markdown(run.summary)
    body = fake.comments[7][0]["body"]
    assert body.startswith(MARKER)
    _check_markdown(body)
    report = json.loads(Path(run.outputs["report"]).read_text(encoding="utf-8"))
    assert sorted(f["path"] for f in report["files"]) == sorted([EVIL, MENTION])


def test_action__hostile_json_keys_in_pointers(project: Project, fake: FakeGitHub) -> None:
    content = json.loads(doc("a/k.json"))
    content["<img src=x onerror=alert(1)>|@team\n"] = 1
    head = project.push({"gt/a/k.json": json.dumps(content).encode()})
    run = project.run(head, {"fail-on": "warning"})
    assert run.code == 1
    _check_markdown(run.summary)
    _check_markdown(fake.comments[7][0]["body"])
