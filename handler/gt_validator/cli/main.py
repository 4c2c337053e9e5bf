"""``gt-validate``: argv -> options -> run -> exit code. The only place that exits.

Exit codes: 0 every file valid, 1 at least one invalid file, 2 usage or
configuration error (or a PATH that does not exist).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import orjson

from gt_validator import __version__
from gt_validator.config.load import ConfigError, find_config
from gt_validator.reporters import REPORTERS, render

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Options:
    paths: tuple[str, ...]
    config: str | None
    format: str
    output: str | None
    jobs: int | None
    progress: bool


class UsageError(Exception):
    def __init__(self, message: str, config: str | None = None, pointer: str = "") -> None:
        super().__init__(message)
        self.message, self.config, self.pointer = message, config, pointer


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # A UsageError, not SystemExit, so --format json still answers in JSON.
        raise UsageError(message)


def _wants_json(args: Sequence[str]) -> bool:
    pairs = zip(args, [*args[1:], ""], strict=True)
    return "--format=json" in args or any(a == "--format" and b == "json" for a, b in pairs)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gt-validate",
        description="Validate ground-truth JSON files against a project's labeling settings. "
        "Subcommands: " + ", ".join(sorted(SUBCOMMANDS)) + " (gt-validate SUBCOMMAND --help).",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="GT files, or folders searched for *.json (default: the config's gt_root)",
    )
    p.add_argument(
        "--config",
        help="gt-project.json path or s3:// URI (default: found by walking up from the first PATH)",
    )
    p.add_argument("--format", default="text", choices=sorted(REPORTERS))
    p.add_argument("--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes (default: the CPU count, for runs big enough)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--version", action="version", version=f"gt-validate {__version__}")
    return p


def parse_args(argv: Sequence[str]) -> Options:
    ns = _parser().parse_args(list(argv))
    if ns.jobs is not None and ns.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    return Options(tuple(ns.paths), ns.config, ns.format, ns.output, ns.jobs, not ns.no_progress)


def resolve_config(opts: Options) -> str:
    if opts.config:
        return opts.config
    start = Path(opts.paths[0]) if opts.paths and "://" not in opts.paths[0] else Path.cwd()
    found = find_config(start)
    if found is None:
        raise UsageError(f"no gt-project.json found in {start} or its parents; use --config")
    return str(found)


def run(opts: Options, stdout: TextIO, stderr: TextIO) -> int:
    from gt_validator.cli.parallel import check_all, default_jobs
    from gt_validator.cli.progress import Progress
    from gt_validator.sources.local import MissingPath, collect
    from gt_validator.validator import build_validator

    config_uri = resolve_config(opts)
    try:
        validator = build_validator(config_uri)
    except ConfigError as exc:
        raise UsageError(exc.message, exc.config, exc.pointer) from exc
    config = validator.config
    paths = opts.paths or (config.gt_root,)
    try:
        if any(p.startswith("s3://") for p in paths):
            from gt_validator.sources.s3 import collect_s3

            files = collect_s3(paths, config)
        else:
            files = collect(paths, config)
    except MissingPath as exc:
        raise UsageError(str(exc), config_uri) from exc
    progress = Progress.maybe(stderr, len(files), enabled=opts.progress)
    try:
        reports = check_all(
            validator, files, opts.jobs or default_jobs(), progress.advance if progress else None
        )
    except ConfigError as exc:  # e.g. an S3 resources root that cannot be listed
        raise UsageError(exc.message, exc.config, exc.pointer) from exc
    except OSError as exc:  # a file that vanished or cannot be read: nothing is called valid
        raise UsageError(f"cannot read a GT file: {exc}", config_uri) from exc
    finally:
        if progress:
            progress.close()
    report = validator.report(reports)
    if opts.output:
        with open(opts.output, "w", encoding="utf-8", newline="\n") as fh:
            render(opts.format, report, fh, color=False)
    else:
        render(opts.format, report, stdout, color=_color(stdout))
    return EXIT_VALID if report.valid else EXIT_INVALID


def _color(stream: TextIO) -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _usage_error(exc: UsageError, fmt: str, stdout: TextIO, stderr: TextIO) -> int:
    if fmt == "json":
        body = {"message": exc.message, "config": exc.config, "pointer": exc.pointer}
        stdout.write(orjson.dumps({"version": 1, "error": body}).decode() + "\n")
    where = f"{exc.config}: " if exc.config else ""
    pointer = f"{exc.pointer}: " if exc.pointer else ""
    stderr.write(f"gt-validate: error: {where}{pointer}{exc.message}\n")
    return EXIT_USAGE


# Subcommand name -> module with ``main(argv: list[str]) -> int``; imported when used,
# so a plain run pays for none of them.
SUBCOMMANDS: dict[str, str] = {
    "schema": "gt_validator.cli.schema",
    "github": "gt_validator.github.main",
    "rules": "gt_validator.cli.rules",
    "revalidate": "gt_validator.aws.revalidate",
}


def _subcommand(name: str) -> Callable[[list[str]], int]:
    entry: Callable[[list[str]], int] = importlib.import_module(SUBCOMMANDS[name]).main
    return entry


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return _subcommand(args[0])(args[1:])
    fmt = "json" if _wants_json(args) else "text"
    try:
        opts = parse_args(args)
        return run(opts, sys.stdout, sys.stderr)
    except UsageError as exc:
        return _usage_error(exc, fmt, sys.stdout, sys.stderr)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
