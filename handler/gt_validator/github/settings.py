"""The Action's settings: its inputs (``INPUT_<NAME>``) and the runner's variables.

Built once by :meth:`Settings.from_environ` from a plain mapping, so tests pass a
dict instead of patching ``os.environ``. A bad input raises :class:`UsageError`,
which the entry turns into exit status 2 whatever ``fail-on`` says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FailOn = Literal["error", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "never")
PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})
DEFAULT_API_URL = "https://api.github.com"

# What @actions/core's getBooleanInput accepts (the YAML 1.2 core schema).
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


class UsageError(Exception):
    """An input or a runner variable the Action cannot work with (exit 2)."""


def _input(env: Mapping[str, str], name: str) -> str:
    """An input as GitHub passes it: ``INPUT_`` + upper case name, ``-`` kept."""
    return env.get("INPUT_" + name.upper(), "").strip()


def _bool(env: Mapping[str, str], name: str, default: bool | None) -> bool | None:
    raw = _input(env, name)
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise UsageError(f"input '{name}' must be true or false, not {raw!r}")


def _fail_on(env: Mapping[str, str]) -> FailOn:
    raw = _input(env, "fail-on") or "error"
    for value in FAIL_ON:
        if raw == value:
            return value
    raise UsageError(f"input 'fail-on' must be one of error, warning, never; not {raw!r}")


def split_globs(raw: str) -> tuple[str, ...]:
    """``paths`` globs, separated by newlines or spaces (a YAML block or one line)."""
    return tuple(part for part in re.split(r"\s+", raw) if part)


def _optional(env: Mapping[str, str], name: str) -> str | None:
    return _input(env, name) or None


@dataclass(frozen=True)
class Settings:
    """Everything the Action reads from its environment, converted and checked."""

    workspace: Path
    event_name: str = ""
    event_path: Path | None = None
    repository: str = ""
    api_url: str = DEFAULT_API_URL
    output_file: Path | None = None
    summary_file: Path | None = None
    runner_temp: Path | None = None
    server_url: str = "https://github.com"
    run_id: str = ""
    sha: str = ""  # GITHUB_SHA: the commit of a push; a pull request's head is in the event
    config: str | None = None
    paths: tuple[str, ...] = ()
    changed_only: bool = False
    fail_on: FailOn = "error"
    comment: bool = True
    annotations: bool = True
    sarif: str | None = None
    function_name: str | None = None
    # Never in a repr, a log line or a traceback.
    token: str | None = field(default=None, repr=False)

    @property
    def is_pull_request(self) -> bool:
        return self.event_name in PULL_REQUEST_EVENTS

    @property
    def report_dir(self) -> Path:
        """Where the report (and a relative ``sarif`` path's default) goes."""
        return self.runner_temp or self.workspace

    @property
    def run_url(self) -> str | None:
        if not (self.repository and self.run_id):
            return None
        return f"{self.server_url.rstrip('/')}/{self.repository}/actions/runs/{self.run_id}"

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> Settings:
        """Read the inputs and runner variables; raise UsageError on a bad value."""
        workspace = Path(env.get("GITHUB_WORKSPACE") or ".").resolve()
        event_name = env.get("GITHUB_EVENT_NAME", "")
        changed_only = _bool(env, "changed-only", None)
        if changed_only is None:
            changed_only = event_name in PULL_REQUEST_EVENTS
        comment = _bool(env, "comment", True)
        annotations = _bool(env, "annotations", True)
        repository = env.get("GITHUB_REPOSITORY", "")
        if repository and not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
            raise UsageError(f"GITHUB_REPOSITORY is not owner/name: {repository!r}")
        return cls(
            workspace=workspace,
            event_name=event_name,
            event_path=_path(env, "GITHUB_EVENT_PATH"),
            repository=repository,
            api_url=(env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
            output_file=_path(env, "GITHUB_OUTPUT"),
            summary_file=_path(env, "GITHUB_STEP_SUMMARY"),
            runner_temp=_path(env, "RUNNER_TEMP"),
            server_url=env.get("GITHUB_SERVER_URL") or "https://github.com",
            run_id=env.get("GITHUB_RUN_ID", ""),
            sha=env.get("GITHUB_SHA", ""),
            config=_optional(env, "config"),
            paths=split_globs(_input(env, "paths")),
            changed_only=changed_only,
            fail_on=_fail_on(env),
            comment=bool(comment),
            annotations=bool(annotations),
            sarif=_optional(env, "sarif"),
            function_name=_optional(env, "function-name"),
            # The input wins over the environment's GITHUB_TOKEN.
            token=_optional(env, "github-token") or (env.get("GITHUB_TOKEN") or "").strip() or None,
        )


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name, "")
    return Path(value) if value else None
