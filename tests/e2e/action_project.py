"""Shared by the ``test_action*`` modules: a dataset repository with a base commit,
runs of ``gt-validate github`` against the loopback GitHub API, GT documents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.fake_github import ActionRun, FakeGitHub, commit, pull_request_event, run_action

MARKER = "<!-- gt-validator -->"
TOKEN = "ghs_TopSecretToken0123456789"
CONFIG = {
    "project": "t",
    "resource_type": "image",
    "task_types": ["box"],
    "classes": [{"name": "car"}],
    "gt_root": "gt",
}
OUTPUT_NAMES = {"valid", "files", "invalid-files", "errors", "warnings", "report"}


def doc(rel: str, label: str = "car", n: int = 1, extra: bool = False) -> bytes:
    """A GT file for ``gt/<rel>``: valid with label 'car', else unknown_class per annotation."""
    parent, _, name = rel.rpartition("/")
    annotations = [
        {
            "id": f"{i + 1}-4f426dcb-b394-4b36-bb2d-420f0f88080b",
            "type": "box",
            "attributes": {},
            "points": [[1, 2], [3, 4]],
            "label": label,
        }
        for i in range(n)
    ]
    body: dict[str, object] = {
        "annotations": annotations,
        "attributes": {},
        "filename": name.removesuffix(".json") + ".jpg",
        "parent_path": "/" + parent,
        "metadata": {"height": 100, "width": 100},
    }
    if extra:
        body["extra"] = True
    return json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8")


@dataclass
class Project:
    root: Path  # the checkout (GITHUB_WORKSPACE)
    tmp: Path
    fake: FakeGitHub
    base: str = ""
    runs: int = 0

    def push(self, files: dict[str, bytes | None]) -> str:
        return commit(self.root, files, f"change {self.runs}")

    def run(
        self, head: str, inputs: dict[str, str] | None = None, number: int = 7, **kw: object
    ) -> ActionRun:
        self.runs += 1
        event = pull_request_event(
            self.tmp / f"event{self.runs}.json", number=number, base=self.base, head=head
        )
        merged = {"github-token": TOKEN, **(inputs or {})}
        return run_action(
            self.root,
            self.tmp / f"runner{self.runs}",
            api_url=self.fake.url,
            event=event,
            inputs=merged,
            **kw,
        )  # type: ignore[arg-type]


def commands(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::")]
