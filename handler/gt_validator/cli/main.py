"""``gt-validate``: argv -> options -> plan -> run -> exit code. The only place that exits.

Exit codes: 0 every file valid, 1 at least one invalid file (see ``--fail-on``),
2 usage or configuration error (or a PATH that does not exist, no GT file found,
an unwritable report, S3 that cannot be reached). Whatever a user can do ends in
one of these with a message, never a traceback (``--debug`` shows one).
"""

from __future__ import annotations

import importlib
import itertools
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import BinaryIO, TextIO

import orjson

from gt_validator.cli.options import (
    EXIT_INVALID,
    EXIT_USAGE,
    EXIT_VALID,
    Options,
    UsageError,
)
from gt_validator.cli.options import parse_args as _parse_args
from gt_validator.config.errors import ConfigError
from gt_validator.report import Report
from gt_validator.reporters import render

__all__ = ["SUBCOMMANDS", "Options", "UsageError", "main", "parse_args", "run"]

# Subcommand name -> module with ``main(argv: list[str]) -> int``; imported when used,
# so a plain run pays for none of them.
SUBCOMMANDS: dict[str, str] = {
    "schema": "gt_validator.cli.schema",
    "github": "gt_validator.github.main",
    "rules": "gt_validator.cli.rules",
    "revalidate": "gt_validator.aws.revalidate",
    "fix": "gt_validator.cli.fix",
    "init": "gt_validator.cli.init",
    "stats": "gt_validator.cli.stats",
}


def parse_args(argv: Sequence[str]) -> Options:
    return _parse_args(argv, tuple(SUBCOMMANDS))


def _check_output(path: str) -> None:
    """Fail before the run, not after it, when the report cannot be written there."""
    if os.path.isdir(path):
        raise UsageError(f"--output {path}: is a folder; name a file")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"--output {path}: the folder {folder} does not exist")


def run(opts: Options, stdout: TextIO, stderr: TextIO, stdin: BinaryIO | None = None) -> int:
    from gt_validator.cli.parallel import WorkerLost, check_all, default_jobs
    from gt_validator.cli.plan import build_plan
    from gt_validator.cli.progress import Progress

    if opts.output:
        _check_output(opts.output)
    plan = build_plan(opts, stdin or sys.stdin.buffer)
    progress = Progress.maybe(stderr, len(plan.items), enabled=opts.progress)
    try:
        items = [(judge.validator, f) for judge, f in plan.items]
        reports = check_all(
            items, opts.jobs or default_jobs(), progress.advance if progress else None
        )
    except WorkerLost as exc:
        raise UsageError(f"--jobs: {exc}", plan.fixed) from exc
    except ConfigError as exc:  # e.g. an S3 resources root that cannot be listed
        raise UsageError(exc.message, exc.config, exc.pointer) from exc
    finally:
        if progress:
            progress.close()
    labels = [judge.label for judge, _ in plan.items]
    files = tuple(replace(r, config=label) for r, label in zip(reports, labels, strict=True))
    judges = plan.judges()
    notes = list(plan.notes)
    for judge in judges:
        for note in judge.validator.report(()).notes:
            notes.append(note if len(judges) == 1 else f"{judge.label}: {note}")
    one = judges[0].label if len(judges) == 1 else (plan.fixed if not judges else None)
    report = Report(one, files, tuple(notes), tuple(plan.skipped))
    _write(opts, report, stdout)
    return _exit_code(opts.fail_on, report)


def _exit_code(fail_on: str, report: Report) -> int:
    if fail_on == "never":
        return EXIT_VALID
    failed = not report.valid or (fail_on == "warning" and any(f.warnings for f in report.files))
    return EXIT_INVALID if failed else EXIT_VALID


def _write(opts: Options, report: Report, stdout: TextIO) -> None:
    text_options = {"quiet": opts.quiet, "statistics": opts.statistics}
    if not opts.output:
        render(opts.format, report, stdout, color=_color(opts.color, stdout), **text_options)
        return
    try:
        with open(opts.output, "w", encoding="utf-8", newline="\n") as fh:
            render(opts.format, report, fh, color=opts.color == "always", **text_options)
    except OSError as exc:
        raise UsageError(f"--output {opts.output}: cannot write: {exc.strerror or exc}") from exc


def _color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _wants_json(args: Sequence[str]) -> bool:
    pairs = itertools.pairwise(args)  # no argument at all is fine
    return "--format=json" in args or any(a == "--format" and b == "json" for a, b in pairs)


def _usage_error(exc: UsageError, fmt: str, stdout: TextIO, stderr: TextIO) -> int:
    if fmt == "json":
        body = {"message": exc.message, "config": exc.config, "pointer": exc.pointer}
        stdout.write(orjson.dumps({"version": 1, "error": body}).decode() + "\n")
    where = f"{exc.config}: " if exc.config else ""
    pointer = f"{exc.pointer}: " if exc.pointer else ""
    stderr.write(f"gt-validate: error: {where}{pointer}{exc.message}\n")
    return EXIT_USAGE


def _as_usage_error(exc: BaseException) -> UsageError:
    """What a user reads for an error no narrower handler turned into a message."""
    from gt_validator.cli.s3 import needs_boto3

    if isinstance(exc, ModuleNotFoundError) and exc.name in ("boto3", "botocore"):
        return needs_boto3("an s3:// path or config")
    if isinstance(exc, MemoryError):
        return UsageError("out of memory (try a smaller --jobs, or fewer files per run)")
    return UsageError(
        f"internal error: {type(exc).__name__}: {exc} (run again with --debug for the "
        "traceback, and please report it)"
    )


def _subcommand(name: str) -> Callable[[list[str]], int]:
    entry: Callable[[list[str]], int] = importlib.import_module(SUBCOMMANDS[name]).main
    return entry


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return _subcommand(args[0])(args[1:])
    fmt = "json" if _wants_json(args) else "text"
    debug = "--debug" in args
    try:
        opts = parse_args(args)
        return run(opts, sys.stdout, sys.stderr)
    except UsageError as exc:
        if debug:
            traceback.print_exc()
        return _usage_error(exc, fmt, sys.stdout, sys.stderr)
    except SystemExit as exc:  # argparse: --help (0) or --version
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; --debug shows it
        if debug:
            traceback.print_exc()
        return _usage_error(_as_usage_error(exc), fmt, sys.stdout, sys.stderr)
