"""Changed files: git diff -z parsing, the fetch when shallow, the REST fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_validator.github.api import Comment, GitHubError, PullFile
from gt_validator.github.changes import (
    GitError,
    changed_files,
    git_changed_files,
    parse_name_status,
    rest_changed_files,
    under,
)

pytestmark = pytest.mark.unit


class FakeGit:
    """Answers git commands from a table; records them."""

    def __init__(self, answers: dict[str, bytes | GitError]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, ...]] = []

    def __call__(self, *args: str) -> bytes:
        self.calls.append(args)
        for prefix, answer in self.answers.items():
            if " ".join(args).startswith(prefix):
                if isinstance(answer, GitError):
                    raise answer
                return answer
        raise GitError(f"unexpected: {args}")


class FakeAPI:
    def __init__(self, files: list[PullFile] | None = None, error: int | None = None) -> None:
        self.files = files or []
        self.error = error

    def list_pull_files(self, repo: str, number: int) -> Iterator[PullFile]:
        if self.error:
            raise GitHubError(self.error, "nope")
        yield from self.files

    def list_comments(self, repo: str, number: int) -> Iterator[Comment]:
        yield from ()

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        raise AssertionError

    def update_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        raise AssertionError


def test_parse_name_status__added_modified_renamed_deleted() -> None:
    out = (
        b"A\0gt/new.json\0M\0gt/mod.json\0D\0gt/gone.json\0"
        b"R087\0gt/old.json\0gt/renamed.json\0C100\0gt/a.json\0gt/copy.json\0T\0gt/t.json\0"
    )
    assert parse_name_status(out) == [
        "gt/new.json",
        "gt/mod.json",
        "gt/renamed.json",
        "gt/copy.json",
        "gt/t.json",
    ]


def test_parse_name_status__names_intact() -> None:
    name = "gt/é 字\n::error::x `@a` <b>.json"
    assert parse_name_status(b"A\0" + name.encode() + b"\0") == [name]


def test_parse_name_status__truncated_record() -> None:
    with pytest.raises(GitError):
        parse_name_status(b"R100\0only-old\0")


def test_parse_name_status__empty() -> None:
    assert parse_name_status(b"") == []


def test_git_changed_files__no_fetch_when_history_present() -> None:
    git = FakeGit({"cat-file": b"", "merge-base": b"abc\n", "diff": b"A\0gt/x.json\0"})
    assert git_changed_files(git, "b" * 40, "h" * 40) == ["gt/x.json"]
    assert not any(c[0] == "fetch" for c in git.calls)
    diff = next(c for c in git.calls if c[0] == "diff")
    assert "-z" in diff and f"{'b' * 40}...{'h' * 40}" in diff


def test_git_changed_files__fetches_base_and_head_when_shallow() -> None:
    class Shallow(FakeGit):
        fetched = False

        def __call__(self, *args: str) -> bytes:
            if args[0] == "fetch":
                self.calls.append(args)
                Shallow.fetched = True
                return b""
            if args[0] in ("cat-file", "merge-base") and not Shallow.fetched:
                self.calls.append(args)
                raise GitError("missing")
            return super().__call__(*args)

    git = Shallow(
        {
            "cat-file": b"",
            "merge-base": b"x",
            "rev-parse --is-shallow": b"true\n",
            "diff": b"M\0gt/x.json\0",
        }
    )
    assert git_changed_files(git, "base", "head") == ["gt/x.json"]
    fetch = next(c for c in git.calls if c[0] == "fetch")
    assert fetch[-2:] == ("base", "head") and "--depth" in fetch


def test_git_changed_files__complete_clone_fetched_without_depth() -> None:
    git = FakeGit(
        {
            "cat-file": GitError("missing"),
            "merge-base": GitError("none"),
            "rev-parse --is-shallow": b"false\n",
            "fetch": b"",
        }
    )
    with pytest.raises(GitError):
        git_changed_files(git, "base", "head")
    fetches = [c for c in git.calls if c[0] == "fetch"]
    assert len(fetches) == 1 and not any(
        a.startswith("--depth") or a == "--unshallow" for a in fetches[0]
    )


def test_git_changed_files__no_merge_base_after_fetch_raises() -> None:
    git = FakeGit(
        {
            "cat-file": GitError("missing"),
            "merge-base": GitError("none"),
            "rev-parse --is-shallow": b"false\n",
            "fetch": b"",
        }
    )
    with pytest.raises(GitError, match="no merge base"):
        git_changed_files(git, "base", "head")


def test_rest_changed_files__skips_removed() -> None:
    api = FakeAPI(
        [
            PullFile("a.json", "added"),
            PullFile("b.json", "removed"),
            PullFile("c.json", "renamed", "old.json"),
            PullFile("d.json", "modified"),
        ]
    )
    result = rest_changed_files(api, "o/r", 1, 4)
    assert result.paths == ["a.json", "c.json", "d.json"] and not result.truncated


def test_rest_changed_files__truncated_past_github_cap() -> None:
    api = FakeAPI([PullFile(f"{i}.json", "added") for i in range(3000)])
    assert rest_changed_files(api, "o/r", 1, 3500).truncated
    assert not rest_changed_files(api, "o/r", 1, 3000).truncated
    assert rest_changed_files(api, "o/r", 1, None).truncated


def test_changed_files__falls_back_to_rest_when_git_fails() -> None:
    git = FakeGit({})
    api = FakeAPI([PullFile("gt/x.json", "added")])
    pull = {"number": 7, "base": {"sha": "b"}, "head": {"sha": "h"}, "changed_files": 1}
    paths, notes = changed_files(git, api, "o/r", pull)
    assert paths == ["gt/x.json"]
    assert any("REST" in n for n in notes)


def test_changed_files__none_when_rest_fails_too() -> None:
    pull = {"number": 7, "base": {"sha": "b"}, "head": {"sha": "h"}}
    paths, notes = changed_files(FakeGit({}), FakeAPI(error=500), "o/r", pull)
    assert paths is None and any("every file" in n for n in notes)


def test_under__relative_to_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "sub"
    assert under(["sub/gt/a.json", "other/b.json"], tmp_path, ws) == ["gt/a.json"]
