"""``gt-validate init``: draft a gt-project.json (and a resources manifest) from files.

Exit 0 when drafted, 2 on usage errors (a file that exists without ``--force``, no GT
file found, a PATH that is not a folder).
"""

from __future__ import annotations

import argparse
import os
import sys

import orjson

from gt_validator.cli.fix import write_atomically
from gt_validator.cli.targets import TargetError
from gt_validator.config.load import CONFIG_NAME
from gt_validator.draft import draft
from gt_validator.parse import parse
from gt_validator.sources.local import MissingPath, WalkError, find

MANIFEST_NAME = "resources.jsonl"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise TargetError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gt-validate init",
        description="Draft a gt-project.json from a folder of GT files (and, with --resources, "
        "a resources.jsonl manifest beside it); says what it guessed.",
    )
    p.add_argument("path", nargs="?", default=".", metavar="PATH", help="folder of GT files")
    p.add_argument("--resources", metavar="DIR", help="folder of resource files for a manifest")
    p.add_argument("--output", metavar="FILE", help="where the draft goes (PATH/gt-project.json)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    return p


def _posix_rel(target: str, start: str) -> str:
    return os.path.relpath(target, start).replace(os.sep, "/")


def _write(path: str, data: bytes, force: bool) -> None:
    if os.path.lexists(path) and not force:
        raise TargetError(f"{path} exists; use --force to overwrite it")
    if os.path.exists(path):
        write_atomically(path, data)
    else:
        with open(path, "xb") as fh:
            fh.write(data)


def _manifest(folder: str) -> tuple[bytes, int]:
    lines = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            rel = _posix_rel(os.path.join(root, name), folder)
            record = {"path": "/" + rel, "status": "not_started"}
            lines.append(orjson.dumps(record))
    return b"".join(line + b"\n" for line in lines), len(lines)


def run(argv: list[str]) -> int:
    ns = _parser().parse_args(argv)
    if not os.path.isdir(ns.path):
        raise TargetError(f"{ns.path}: not a folder")
    if ns.resources and not os.path.isdir(ns.resources):
        raise TargetError(f"--resources {ns.resources}: not a folder")
    output = ns.output or os.path.join(ns.path, CONFIG_NAME)
    out_dir = os.path.dirname(os.path.abspath(output))
    manifest_path = os.path.join(out_dir, MANIFEST_NAME)
    for path in [output] + ([manifest_path] if ns.resources else []):
        if os.path.lexists(path) and not ns.force:
            raise TargetError(f"{path} exists; use --force to overwrite it")
    try:
        found = find([ns.path])  # the CLI's walking rules: hidden names and configs skipped
    except (MissingPath, WalkError) as exc:
        raise TargetError(str(exc)) from exc
    if not found:
        raise TargetError(f"no GT files found under {ns.path}")
    docs = []
    for f in found:
        with open(f.path, "rb") as fh:
            parsed = parse(fh.read(), check_duplicates=False)
        docs.append(parsed.document if parsed.ok else None)
    project = os.path.basename(os.path.abspath(ns.path)) or "project"
    config, guesses = draft(docs, project, _posix_rel(os.path.abspath(ns.path), out_dir))
    if ns.resources:
        data, count = _manifest(ns.resources)
        config["resources"] = {
            "manifest": MANIFEST_NAME,
            "root": _posix_rel(os.path.abspath(ns.resources), out_dir),
        }
        guesses.append(f"resources: {count} files under {ns.resources}, all not_started")
    _write(output, orjson.dumps(config, option=orjson.OPT_INDENT_2) + b"\n", ns.force)
    if ns.resources:
        _write(manifest_path, data, ns.force)
    unreadable = sum(d is None for d in docs)
    sys.stdout.write(f"drafted {output} from {len(docs)} GT files")
    sys.stdout.write(f" ({unreadable} not JSON, not used)\n" if unreadable else "\n")
    for guess in guesses:
        sys.stdout.write(f"  {guess}\n")
    if ns.resources:
        sys.stdout.write(f"wrote {manifest_path}\n")
    sys.stdout.write("review the draft, then run: gt-validate --config " + output + "\n")
    return 0


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except TargetError as exc:
        sys.stderr.write(f"gt-validate init: error: {exc}\n")
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    except OSError as exc:
        sys.stderr.write(f"gt-validate init: error: {exc}\n")
        return 2
