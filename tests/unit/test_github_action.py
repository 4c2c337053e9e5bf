"""action(settings, api, git, out): the whole flow with fake GitHub and git clients."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_validator.github.api import ACTIONS_BOT, Comment, GitHubError, PullFile
from gt_validator.github.changes import GitError
from gt_validator.github.main import action
from gt_validator.github.markdown import MARKER
from gt_validator.github.settings import Settings

pytestmark = pytest.mark.unit

CONFIG = {
    "project": "t",
    "resource_type": "image",
    "task_types": ["box"],
    "classes": [{"name": "car"}],
    "gt_root": "gt",
}


def _doc(label: str) -> str:
    return json.dumps(
        {
            "annotations": [
                {
                    "id": "1-4f426dcb-b394-4b36-bb2d-420f0f88080b",
                    "type": "box",
                    "attributes": {},
                    "points": [[1, 2], [3, 4]],
                    "label": label,
                }
            ],
            "attributes": {},
            "filename": "x.jpg",
            "parent_path": "/a",
            "metadata": {"height": 100, "width": 100},
        }
    )


class FakeAPI:
    def __init__(self, status: int | None = None) -> None:
        self.comments: list[Comment] = []
        self.status = status
        self.files = [PullFile("gt/a/x.json", "added")]

    def list_comments(self, repo: str, number: int) -> Iterator[Comment]:
        yield from self.comments

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        if self.status:
            raise GitHubError(self.status, "forbidden")
        self.comments.append(Comment(len(self.comments) + 1, body, ACTIONS_BOT))
        return self.comments[-1]

    def update_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        self.comments[comment_id - 1] = Comment(comment_id, body, ACTIONS_BOT)
        return self.comments[comment_id - 1]

    def list_pull_files(self, repo: str, number: int) -> Iterator[PullFile]:
        yield from self.files

    def current_login(self) -> str:
        return ACTIONS_BOT


def no_git(*args: str) -> bytes:
    raise GitError("not a git repository")


def _settings(tmp_path: Path, label: str = "Car", **kw: object) -> Settings:
    ws = tmp_path / "ws"
    (ws / "gt/a").mkdir(parents=True, exist_ok=True)
    (ws / "gt-project.json").write_text(json.dumps(CONFIG), encoding="utf-8")
    (ws / "gt/a/x.json").write_text(_doc(label), encoding="utf-8")
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "pull_request": {
                    "number": 5,
                    "base": {"sha": "b"},
                    "head": {"sha": "h"},
                    "changed_files": 1,
                }
            }
        )
    )
    defaults: dict[str, object] = dict(
        workspace=ws,
        event_name="pull_request",
        event_path=event,
        repository="o/r",
        output_file=tmp_path / "out",
        summary_file=tmp_path / "summary",
        runner_temp=tmp_path,
        changed_only=True,
    )
    defaults.update(kw)
    return Settings(**defaults)  # type: ignore[arg-type]


def test_action__invalid_file_fails_and_comments(tmp_path: Path) -> None:
    api, out = FakeAPI(), io.StringIO()
    assert action(_settings(tmp_path), api, no_git, out) == 1
    assert len(api.comments) == 1 and api.comments[0].body.startswith(MARKER)
    assert "::error file=gt/a/x.json," in out.getvalue()
    assert "1 of 1 file invalid" in (tmp_path / "summary").read_text(encoding="utf-8")


def test_action__valid_file_passes_no_comment(tmp_path: Path) -> None:
    api = FakeAPI()
    assert action(_settings(tmp_path, label="car"), api, no_git, io.StringIO()) == 0
    assert api.comments == []


def test_action__forbidden_comment_is_notice_exit_by_fail_on(tmp_path: Path) -> None:
    out = io.StringIO()
    code = action(_settings(tmp_path, fail_on="never"), FakeAPI(status=403), no_git, out)
    assert code == 0 and "::notice " in out.getvalue()


def test_action__missing_config_is_usage_error(tmp_path: Path) -> None:
    settings = _settings(tmp_path, config="nope.json", fail_on="never")
    out = io.StringIO()
    assert action(settings, FakeAPI(), no_git, out) == 2
    assert out.getvalue().startswith("::error ")


def test_action__annotations_off(tmp_path: Path) -> None:
    out = io.StringIO()
    action(_settings(tmp_path, annotations=False, comment=False), FakeAPI(), no_git, out)
    assert "::error" not in out.getvalue()


def test_action__remote_mode_uses_invoker(tmp_path: Path) -> None:
    sent: list[dict[str, object]] = []

    def factory(name: str):  # type: ignore[no-untyped-def]
        def invoke(payload: bytes) -> bytes:
            sent.append(json.loads(payload))
            return json.dumps(
                {
                    "version": 1,
                    "config": "lambda",
                    "summary": {},
                    "files": [{"path": "a/x.json", "valid": True, "findings": []}],
                }
            ).encode()

        return invoke

    settings = _settings(tmp_path, function_name="fn", comment=False)
    assert action(settings, FakeAPI(), no_git, io.StringIO(), invoker=factory) == 0
    assert sent and sent[0]["documents"][0]["path"] == "a/x.json"  # type: ignore[index]
