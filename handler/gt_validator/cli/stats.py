"""``gt-validate stats``: dataset figures as a text table or JSON (exit 0, 2 on usage)."""

from __future__ import annotations

import argparse
import sys

import orjson

from gt_validator.cli.targets import TargetError, targets
from gt_validator.config.model import DEFAULT_MAX_FILE_BYTES
from gt_validator.files import TooLarge
from gt_validator.parse import parse
from gt_validator.stats import Stats, render_text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise TargetError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gt-validate stats",
        description="Count files, annotations per type and class, attribute values per class, "
        "points per shape, annotations per file and (when a config is found) findings per code.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="GT files or folders")
    p.add_argument("--config", help="gt-project.json (default: the nearest one above each file)")
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave these files out"
    )
    p.add_argument("--format", default="text", choices=["text", "json"])
    return p


def main(argv: list[str]) -> int:
    try:
        ns = _parser().parse_args(argv)
        work = targets(ns.paths, ns.config, need_config=False, exclude=ns.exclude).groups
    except TargetError as exc:
        sys.stderr.write(f"gt-validate stats: error: {exc}\n")
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    stats = Stats()
    for group in work:
        limit = group.validator.config.max_file_bytes if group.validator else DEFAULT_MAX_FILE_BYTES
        for file in group.files:
            try:
                data: bytes | None = file.read_bytes(limit)
            except TooLarge:
                data = None  # counted as a file; the validator says file_too_large
            except OSError as exc:
                sys.stderr.write(f"gt-validate stats: {file.path}: cannot read: {exc}\n")
                data = None
            parsed = parse(data, check_duplicates=False) if data is not None else None
            stats.add(parsed.document if parsed is not None and parsed.ok else None)
            if group.validator is not None:
                stats.add_findings(
                    [
                        group.validator.check(file)
                        if data is None
                        else group.validator.check_bytes(
                            data, path=file.path, rel_path=file.rel_path
                        )
                    ]
                )
    if ns.format == "json":
        sys.stdout.write(orjson.dumps(stats.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(render_text(stats))
    return 0
