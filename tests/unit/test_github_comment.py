"""The living comment: found by marker across pages, created once, updated, forbidden."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gt_validator.github.api import ACTIONS_BOT, Comment, GitHubError, PullFile
from gt_validator.github.comment import find_comment, upsert_comment
from gt_validator.github.markdown import MARKER

pytestmark = pytest.mark.unit


class FakeAPI:
    def __init__(
        self,
        bodies: list[str] | None = None,
        status: int | None = None,
        authors: list[str] | None = None,
        login: str = ACTIONS_BOT,
    ) -> None:
        names = authors or [ACTIONS_BOT] * len(bodies or [])
        self.comments = [
            Comment(i + 1, b, a) for i, (b, a) in enumerate(zip(bodies or [], names, strict=True))
        ]
        self.login = login
        self.status = status
        self.writes: list[tuple[str, int, str]] = []

    def list_comments(self, repo: str, number: int) -> Iterator[Comment]:
        yield from self.comments

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        if self.status:
            raise GitHubError(self.status, "Resource not accessible by integration")
        self.writes.append(("create", number, body))
        self.comments.append(Comment(100, body, self.login))
        return self.comments[-1]

    def update_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        if self.status:
            raise GitHubError(self.status, "Resource not accessible by integration")
        self.writes.append(("update", comment_id, body))
        return Comment(comment_id, body, self.login)

    def list_pull_files(self, repo: str, number: int) -> Iterator[PullFile]:
        yield from ()

    def current_login(self) -> str:
        return self.login


FULL = MARKER + "\nfull"
NOTE = MARKER + "\nall valid"


def test_find_comment__marker_at_start_only() -> None:
    api = FakeAPI(["hello", f"quoting {MARKER}", FULL])
    found = find_comment(api, "o/r", 1, ACTIONS_BOT)
    assert found is not None and found.id == 3


def test_find_comment__marker_by_someone_else_never_ours() -> None:
    api = FakeAPI([FULL, FULL, FULL], authors=["contributor", "github-actions", ACTIONS_BOT])
    found = find_comment(api, "o/r", 1, ACTIONS_BOT)
    assert found is not None and found.id == 3
    assert find_comment(api, "o/r", 1, "") is None


def test_upsert_comment__author_own_marker_comment_left_alone() -> None:
    api = FakeAPI([FULL + " (forged)"], authors=["contributor"])
    result = upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True)
    assert result.outcome == "created" and api.writes == [("create", 5, FULL)]


def test_upsert_comment__personal_token_identity_from_login() -> None:
    api = FakeAPI([FULL + " old"], authors=["ci-user"], login="ci-user")
    result = upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True)
    assert result.outcome == "updated" and api.writes == [("update", 1, FULL)]


def test_upsert_comment__creates_when_findings_and_absent() -> None:
    api = FakeAPI(["hello"])
    result = upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True)
    assert result.outcome == "created" and api.writes == [("create", 5, FULL)]


def test_upsert_comment__updates_existing_never_duplicates() -> None:
    api = FakeAPI(["hello", MARKER + "\nold"])
    result = upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True)
    assert result.outcome == "updated" and api.writes == [("update", 2, FULL)]


def test_upsert_comment__turns_into_note_when_fixed() -> None:
    api = FakeAPI([FULL])
    result = upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=False)
    assert result.outcome == "updated" and api.writes == [("update", 1, NOTE)]


def test_upsert_comment__nothing_posted_when_valid_and_absent() -> None:
    api = FakeAPI([])
    assert upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=False).outcome == "skipped"
    assert api.writes == []


def test_upsert_comment__unchanged_body_not_patched() -> None:
    api = FakeAPI([FULL])
    assert upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True).outcome == "unchanged"
    assert api.writes == []


def test_upsert_comment__403_is_forbidden() -> None:
    api = FakeAPI([], status=403)
    result = upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True)
    assert result.outcome == "forbidden" and "not accessible" in result.detail


def test_upsert_comment__500_is_failed() -> None:
    api = FakeAPI([], status=502)
    assert upsert_comment(api, "o/r", 5, full=FULL, note=NOTE, findings=True).outcome == "failed"
