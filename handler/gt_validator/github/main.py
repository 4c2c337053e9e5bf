"""``gt-validate github``: the Action's logic, run as the runner runs it.

``main()`` builds the real clients (REST over urllib, git in a subprocess,
boto3 for remote mode) and passes them to :func:`action`, which returns the exit
status; everything below it is testable with fakes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gt_validator.config.errors import ConfigError
from gt_validator.github.api import GitHubAPI, RestClient
from gt_validator.github.changes import Git, SubprocessGit, changed_files, toplevel, under
from gt_validator.github.markdown import valid_sha
from gt_validator.github.publish import command, publish
from gt_validator.github.remote import Invoker, RemoteError, lambda_invoker
from gt_validator.github.select import Candidate, find_config, select_files
from gt_validator.github.settings import Settings, UsageError
from gt_validator.github.workspace import check_checkout, merged, split_outside
from gt_validator.report import Report

if TYPE_CHECKING:
    from gt_validator.validator import Validator

EXIT_USAGE = 2
Builder = Callable[[str], "Validator"]
InvokerFactory = Callable[[str], Invoker]


@dataclass(frozen=True)
class Event:
    pull: dict[str, Any] | None
    number: int | None

    @property
    def head_sha(self) -> str | None:
        head = self.pull.get("head") if self.pull else None
        return valid_sha(head.get("sha")) if isinstance(head, dict) else None


def load_event(settings: Settings) -> Event:
    if not settings.is_pull_request or settings.event_path is None:
        return Event(None, None)
    try:
        payload = json.loads(settings.event_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"GITHUB_EVENT_PATH is not a readable event payload: {exc}") from None
    pull = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pull, dict):
        return Event(None, None)
    number = pull.get("number", payload.get("number"))
    return Event(pull, number if isinstance(number, int) else None)


def _build(config_uri: str) -> Validator:
    from gt_validator.validator import build_validator

    return build_validator(config_uri)


def _local_root(validator: Validator | None, workspace: Path) -> Path:
    root = validator.config.gt_root if validator is not None else ""
    if not root or root.startswith("s3://"):
        return workspace
    return Path(root).resolve()


def _config_uri(settings: Settings) -> str | None:
    """The config to load on the runner; in remote mode, an absent one is the Lambda's."""
    if settings.function_name and (settings.config or "").startswith("s3://"):
        return None
    try:
        return find_config(settings.config, settings.workspace)
    except UsageError:
        if settings.function_name and not settings.config:
            return None
        raise


def _changed(
    settings: Settings, event: Event, git: Git, api: GitHubAPI, out: TextIO
) -> list[str] | None:
    if not (settings.changed_only and event.pull is not None):
        return None
    repo = settings.repository or str(
        event.pull.get("base", {}).get("repo", {}).get("full_name", "")
    )
    paths, notes = changed_files(git, api, repo, event.pull)
    for note in notes:
        out.write(command("notice", note, title="gt-validator: changed files"))
    if paths is None:
        return None
    top = toplevel(git) or settings.workspace
    return under(paths, top.resolve(), settings.workspace)


def _validate_local(validator: Validator, files: Sequence[Candidate]) -> Report:
    from gt_validator.files import GTFile

    return validator.validate(
        GTFile(c.path, c.rel_path, c.absolute.stat().st_size, local_path=str(c.absolute))
        for c in files
    )


def action(
    settings: Settings,
    api: GitHubAPI,
    git: Git,
    out: TextIO,
    *,
    build: Builder = _build,
    invoker: InvokerFactory = lambda_invoker,
) -> int:
    """Select, validate (here or in the Lambda), publish; the exit status."""
    try:
        event = load_event(settings)
        check_checkout(git, settings.event_name, event.head_sha)
        config_uri = _config_uri(settings)
        validator = build(config_uri) if config_uri else None
        gt_root = _local_root(validator, settings.workspace)
        changed = _changed(settings, event, git, api, out)
        exclude = [Path(config_uri)] if config_uri and not config_uri.startswith("s3://") else []
        files = select_files(settings.workspace, gt_root, settings.paths, changed, exclude)
        readable, refused = split_outside(files, settings.workspace)
        if settings.function_name:
            from gt_validator.github.remote_run import run_remote

            remote_config = settings.config if (settings.config or "").startswith("s3://") else None
            report = run_remote(invoker(settings.function_name), readable, remote_config)
        else:
            assert validator is not None  # a local run always has a config
            report = _validate_local(validator, readable)
        report = merged(report, refused)
    except ConfigError as exc:
        where = {"file": _shown(exc.config, settings.workspace)} if exc.config else {}
        if exc.line is not None:
            where["line"] = str(exc.line)
        pointer = f"{exc.pointer}: " if exc.pointer else ""
        out.write(
            command(
                "error",
                f"invalid configuration: {pointer}{exc.message}",
                title="gt-validator: configuration",
                **where,
            )
        )
        return EXIT_USAGE
    except (UsageError, RemoteError) as exc:
        out.write(command("error", str(exc), title="gt-validator"))
        return EXIT_USAGE
    notes: tuple[str, ...] = ()
    if changed is not None and not files:
        notes = ("this pull request changes no GT file under the checked paths",)
    head_sha = event.head_sha if event.pull is not None else valid_sha(settings.sha)
    return publish(settings, api, event.number, report, notes, out, head_sha)


def _shown(config: str, workspace: Path) -> str:
    try:
        return Path(config).resolve().relative_to(workspace).as_posix()
    except ValueError:
        return config


def utf8_output() -> None:
    """UTF-8 on stdout and stderr whatever the runner's locale (cp1252 on Windows).

    Names that are not valid UTF-8 arrive as lone surrogates; they are written
    as backslash escapes rather than crash the run.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gt-validate github",
        description="Run as the GitHub Action: inputs from INPUT_<NAME> variables, the "
        "runner's GITHUB_* variables (see docs/github-action.md).",
    )
    try:
        parser.parse_args(sys.argv[2:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    env = os.environ if environ is None else environ
    utf8_output()
    out = sys.stdout
    try:
        settings = Settings.from_environ(env)
    except UsageError as exc:
        out.write(command("error", str(exc), title="gt-validator"))
        return EXIT_USAGE
    api = RestClient(settings.api_url, settings.token)
    code = action(settings, api, SubprocessGit(settings.workspace), out)
    out.flush()
    return code
