"""Only the workspace is read: links out of it are reported, never followed, and on
``pull_request_target`` the checkout must be the pull request's own head.

A pull request can add a symlink ``gt/a/x.json -> /home/runner/.aws/credentials``;
following it would put the target's content into annotations and the comment.
Such a file becomes one ``unsupported_file_type`` finding whose message names
neither the target nor anything in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from gt_validator.github.changes import Git, GitError
from gt_validator.github.select import Candidate
from gt_validator.github.settings import UsageError
from gt_validator.report import FileReport, Finding, Report

OUTSIDE_MESSAGE = (
    "a symbolic link that resolves outside the workspace: not followed, not validated "
    "(commit the file itself)"
)


def _inside(path: Path, workspace: Path) -> bool:
    try:
        path.resolve().relative_to(workspace.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a loop
        return False
    return True


def split_outside(
    files: Sequence[Candidate], workspace: Path
) -> tuple[list[Candidate], list[FileReport]]:
    """The candidates to read, and a finding for each one that leads out of the workspace."""
    inside: list[Candidate] = []
    refused: list[FileReport] = []
    for candidate in files:
        if _inside(candidate.absolute, workspace):
            inside.append(candidate)
        else:
            finding = Finding("unsupported_file_type", "error", OUTSIDE_MESSAGE)
            refused.append(FileReport(candidate.path, (finding,)))
    return inside, refused


def merged(report: Report, extra: Iterable[FileReport]) -> Report:
    """``report`` with ``extra`` files added, every file in path order."""
    extra = tuple(extra)
    if not extra:
        return report
    files = tuple(sorted((*report.files, *extra), key=lambda fr: fr.path))
    return Report(report.config, files, report.notes, report.skipped)


def check_checkout(git: Git, event_name: str, head_sha: str | None) -> None:
    """On ``pull_request_target``, stop (UsageError) unless HEAD is the pull request's head.

    That event checks out the base branch by default: validating it would
    report the base's files as the pull request's, green while the pull
    request adds broken ones.
    """
    if event_name != "pull_request_target":
        return
    if not head_sha:
        raise UsageError("pull_request_target: the event names no pull request head commit")
    try:
        checked_out = git("rev-parse", "HEAD").decode("ascii", "replace").strip()
    except GitError as exc:
        raise UsageError(
            f"pull_request_target: cannot tell which commit is checked out ({exc}); "
            "check out the pull request's head commit before this step"
        ) from None
    if checked_out != head_sha:
        raise UsageError(
            f"pull_request_target: the checkout is {checked_out[:12]}, not the pull "
            f"request's head {head_sha[:12]}; nothing was validated. Check out the head "
            "(actions/checkout with ref: the pull request's head sha) or use the "
            "pull_request event"
        )
