"""One living pull-request comment, found again by its hidden marker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gt_validator.github.api import Comment, GitHubAPI, GitHubError
from gt_validator.github.markdown import MARKER

Outcome = Literal["created", "updated", "unchanged", "skipped", "forbidden", "failed"]


@dataclass(frozen=True)
class CommentResult:
    outcome: Outcome
    comment_id: int | None = None
    detail: str = ""


def find_comment(api: GitHubAPI, repo: str, number: int, author: str) -> Comment | None:
    """The Action's comment: the first by ``author`` that starts with the marker (all pages).

    The author matters: anyone can write a comment that starts with the marker,
    and the Action must never rewrite someone else's words.
    """
    if not author:
        return None
    for comment in api.list_comments(repo, number):
        if comment.author == author and comment.body.lstrip().startswith(MARKER):
            return comment
    return None


def upsert_comment(
    api: GitHubAPI, repo: str, number: int, *, full: str, note: str, findings: bool
) -> CommentResult:
    """Post ``full`` when there are findings, else turn an earlier comment into ``note``.

    The findings decide, never ``fail-on``: the comment tells the truth
    whatever the step's exit status.

    Never creates a second comment: an existing one is updated (PATCH). With
    nothing to report and no earlier comment, nothing is posted. A 403 (or 404,
    what GitHub answers some read-only tokens) is ``forbidden``; the caller says
    so with a notice and carries on.
    """
    try:
        existing = find_comment(api, repo, number, api.current_login())
        body = full if findings else note
        if existing is None:
            if not findings:
                return CommentResult("skipped", None, "nothing to report")
            created = api.create_comment(repo, number, body)
            return CommentResult("created", created.id)
        if existing.body == body:
            return CommentResult("unchanged", existing.id)
        api.update_comment(repo, existing.id, body)
        return CommentResult("updated", existing.id)
    except GitHubError as exc:
        if exc.status in (401, 403, 404):
            return CommentResult("forbidden", None, exc.message)
        return CommentResult("failed", None, str(exc))
