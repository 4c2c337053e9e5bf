"""``gt-validate`` arguments -> :class:`Options`, or a :class:`UsageError`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from gt_validator import __version__
from gt_validator.reporters import REPORTERS

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
FAIL_ON = ("error", "warning", "never")
COLORS = ("auto", "always", "never")

EXIT_CODES_HELP = """\
exit codes:
  0  every file checked is valid (with --fail-on warning: and has no warning)
  1  at least one file is invalid (see --fail-on)
  2  usage or configuration error, a PATH that does not exist, no GT file found,
     a report that cannot be written, S3 that cannot be reached; nothing is
     reported as valid (with --format json, stdout holds {"version": 1, "error": ...})
"""


@dataclass(frozen=True, slots=True)
class Options:
    paths: tuple[str, ...]
    config: str | None = None
    format: str = "text"
    output: str | None = None
    jobs: int | None = None
    progress: bool = True
    exclude: tuple[str, ...] = ()
    stdin_filename: str | None = None
    files_from: str | None = None
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    fail_on: str = "error"
    statistics: bool = False
    quiet: bool = False
    color: str = "auto"
    debug: bool = False


class UsageError(Exception):
    def __init__(self, message: str, config: str | None = None, pointer: str = "") -> None:
        super().__init__(message)
        self.message, self.config, self.pointer = message, config, pointer


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # A UsageError, not SystemExit, so --format json still answers in JSON.
        raise UsageError(message)


def parser(subcommands: Sequence[str]) -> argparse.ArgumentParser:
    p = _Parser(
        prog="gt-validate",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Validate ground-truth JSON files against their project's gt-project.json.\n"
        "Subcommands: " + ", ".join(sorted(subcommands)) + " (gt-validate SUBCOMMAND --help).",
        epilog=EXIT_CODES_HELP,
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="GT files, folders searched for *.json, s3:// URIs, or - for standard input "
        "(default: the config's gt_root)",
    )
    p.add_argument(
        "--config",
        help="gt-project.json path or s3:// URI for every file (default: the nearest "
        "gt-project.json in each file's folder or above)",
    )
    p.add_argument("--format", default="text", choices=sorted(REPORTERS))
    p.add_argument("--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes (default: the CPU count, for runs big enough)",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files and folders matching GLOB, relative to the current folder "
        "(** spans folders; repeatable)",
    )
    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with PATH -, judge standard input as if it lived at PATH (required with -)",
    )
    p.add_argument(
        "--files-from",
        metavar="FILE",
        help="read PATHs from FILE (- for standard input), one per line",
    )
    p.add_argument("--select", metavar="CODES", help="report only these codes (comma-separated)")
    p.add_argument("--ignore", metavar="CODES", help="never report these codes (comma-separated)")
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="exit 1 on any error (default), on any error or warning, or never",
    )
    p.add_argument(
        "--statistics", action="store_true", help="text: add a table of findings per code"
    )
    p.add_argument(
        "--quiet", action="store_true", help="text: only files with findings and the summary"
    )
    p.add_argument(
        "--color",
        choices=COLORS,
        default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR is set)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--debug", action="store_true", help="show the traceback of an error")
    p.add_argument("--version", action="version", version=f"gt-validate {__version__}")
    return p


def _codes(option: str, value: str | None) -> frozenset[str]:
    from gt_validator.rules.registry import RULES

    if value is None:
        return frozenset()
    codes = frozenset(c.strip() for c in value.split(",") if c.strip())
    unknown = sorted(codes - RULES.keys())
    if unknown:
        raise UsageError(
            f"{option}: unknown rule code {', '.join(unknown)} (gt-validate rules lists them)"
        )
    return codes


def parse_args(argv: Sequence[str], subcommands: Sequence[str] = ()) -> Options:
    ns = parser(subcommands).parse_args(list(argv))
    if ns.jobs is not None and ns.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    paths = tuple(ns.paths)
    if "-" in paths and not ns.stdin_filename:
        raise UsageError("PATH - (standard input) needs --stdin-filename PATH")
    if ns.stdin_filename and "-" not in paths:
        raise UsageError("--stdin-filename only goes with the PATH - (standard input)")
    if "-" in paths and ns.files_from == "-":
        raise UsageError("standard input cannot hold both a GT file (-) and --files-from -")
    return Options(
        paths=paths,
        config=ns.config,
        format=ns.format,
        output=ns.output,
        jobs=ns.jobs,
        progress=not ns.no_progress and not ns.quiet,
        exclude=tuple(ns.exclude),
        stdin_filename=ns.stdin_filename,
        files_from=ns.files_from,
        select=_codes("--select", ns.select),
        ignore=_codes("--ignore", ns.ignore),
        fail_on=ns.fail_on,
        statistics=ns.statistics,
        quiet=ns.quiet,
        color=ns.color,
        debug=ns.debug,
    )
