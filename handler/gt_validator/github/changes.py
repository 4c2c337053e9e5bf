"""Which files a pull request adds, modifies or renames to.

First from git (``git diff -z --name-status base...head``; with ``-z`` names are
never quoted, so non-ASCII and hostile names come through intact), fetching the
two commits when the checkout is shallow. When git cannot answer, from the REST
API's file list (paginated; GitHub lists at most 3,000 files).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gt_validator.github.api import GitHubAPI, GitHubError

REST_FILE_CAP = 3000
_KEEP_REST = frozenset({"added", "modified", "renamed", "copied", "changed"})
_FETCH_DEPTHS = (50, 500)


class GitError(Exception):
    pass


class Git(Protocol):
    def __call__(self, *args: str) -> bytes:
        """Run ``git <args>`` in the workspace; stdout, or GitError."""
        ...


@dataclass(frozen=True)
class SubprocessGit:
    """The real git, run in ``cwd`` with prompts disabled."""

    cwd: Path

    def __call__(self, *args: str) -> bytes:
        try:
            done = subprocess.run(
                ["git", "-c", "core.quotePath=false", *args],
                cwd=self.cwd,
                capture_output=True,
                check=False,
                env=_git_env(),
            )
        except OSError as exc:
            raise GitError(f"git could not run: {exc}") from None
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {err[-1] if err else done.returncode}")
        return done.stdout


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    return env


def parse_name_status(out: bytes) -> list[str]:
    """Paths added, modified, type-changed, renamed to or copied to; deleted skipped.

    ``git diff -z --name-status``: ``S\\0path\\0`` or, for renames and copies,
    ``R100\\0old\\0new\\0``.
    """
    fields = out.split(b"\0")
    if fields and fields[-1] == b"":
        fields.pop()
    paths: list[str] = []
    i = 0
    while i < len(fields):
        status = fields[i].decode("ascii", "replace")
        kind = status[:1]
        if kind in ("R", "C"):
            if i + 2 >= len(fields):
                raise GitError("truncated rename record in git diff output")
            paths.append(_decode(fields[i + 2]))
            i += 3
            continue
        if i + 1 >= len(fields):
            raise GitError("truncated record in git diff output")
        if kind in ("A", "M", "T"):
            paths.append(_decode(fields[i + 1]))
        i += 2
    return paths


def _decode(raw: bytes) -> str:
    # Names are bytes to git; GitHub repositories hold UTF-8 names.
    return raw.decode("utf-8", "surrogateescape")


def _has_commit(git: Git, sha: str) -> bool:
    try:
        git("cat-file", "-e", f"{sha}^{{commit}}")
    except GitError:
        return False
    return True


def _merge_base(git: Git, base: str, head: str) -> bool:
    try:
        git("merge-base", base, head)
    except GitError:
        return False
    return True


def toplevel(git: Git) -> Path | None:
    """The repository's top-level folder, or None outside a git checkout."""
    try:
        return Path(_decode(git("rev-parse", "--show-toplevel").rstrip(b"\n")))
    except GitError:
        return None


def git_changed_files(git: Git, base: str, head: str) -> list[str]:
    """Changed paths relative to the repository's top level.

    Fetches the two commits (deepening step by step, then unshallowing) when
    they or their merge base are missing from a shallow checkout.
    """
    ready = _has_commit(git, base) and _has_commit(git, head) and _merge_base(git, base, head)
    if not ready:
        shallow = git("rev-parse", "--is-shallow-repository").strip() == b"true"
        # Deepening a complete clone would make it shallow: only fetch the commits then.
        attempts: list[Sequence[str]] = [()]
        if shallow:
            attempts = [("--depth", str(d)) for d in _FETCH_DEPTHS] + [("--unshallow",)]
        for extra in attempts:
            try:
                git("fetch", "--no-tags", "--quiet", *extra, "origin", base, head)
            except GitError:
                continue
            if _merge_base(git, base, head):
                ready = True
                break
    if not ready:
        raise GitError(f"commits {base[:12]} and {head[:12]} have no merge base here")
    out = git(
        "diff",
        "-z",
        "--name-status",
        "--find-renames",
        "--no-ext-diff",
        "--no-textconv",
        f"{base}...{head}",
        "--",
    )
    return parse_name_status(out)


@dataclass(frozen=True)
class RestChanges:
    paths: list[str]
    truncated: bool  # GitHub listed fewer files than the pull request changes


def rest_changed_files(api: GitHubAPI, repo: str, number: int, expected: int | None) -> RestChanges:
    """The pull request's files from the REST API; ``truncated`` past GitHub's cap."""
    paths: list[str] = []
    listed = 0
    for item in api.list_pull_files(repo, number):
        listed += 1
        if item.status in _KEEP_REST:
            paths.append(item.filename)
    # Without the pull request's own count, a full list may be a capped one.
    truncated = listed >= REST_FILE_CAP if expected is None else listed < expected
    return RestChanges(paths, truncated)


def changed_files(
    git: Git, api: GitHubAPI, repo: str, pull: dict[str, object]
) -> tuple[list[str] | None, list[str]]:
    """Paths relative to the repository top (None: could not tell), and log notes."""
    notes: list[str] = []
    base = _sha(pull, "base")
    head = _sha(pull, "head")
    if base and head:
        try:
            return git_changed_files(git, base, head), notes
        except GitError as exc:
            notes.append(f"git could not list the changed files ({exc}); asking the REST API")
    number = pull.get("number")
    if not isinstance(number, int) or not repo:
        notes.append("no pull request number: validating every file of 'paths'")
        return None, notes
    count = pull.get("changed_files")
    expected = count if isinstance(count, int) else None
    try:
        rest = rest_changed_files(api, repo, number, expected)
    except GitHubError as exc:
        notes.append(
            f"the REST API could not list the changed files ({exc.message}); "
            "validating every file of 'paths'"
        )
        return None, notes
    if rest.truncated:
        notes.append(
            f"GitHub lists at most {REST_FILE_CAP:,} files of a pull request; "
            "validating every file of 'paths'"
        )
        return None, notes
    return rest.paths, notes


def _sha(pull: dict[str, object], side: str) -> str | None:
    ref = pull.get(side)
    if isinstance(ref, dict):
        sha = ref.get("sha")
        if isinstance(sha, str) and sha:
            return sha
    return None


def under(paths: Iterable[str], top: Path, workspace: Path) -> list[str]:
    """Top-level-relative paths re-expressed relative to the workspace (posix)."""
    out: list[str] = []
    for rel in paths:
        try:
            out.append(Path(os.path.normpath(top / rel)).relative_to(workspace).as_posix())
        except ValueError:
            continue
    return out
