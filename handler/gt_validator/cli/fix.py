"""``gt-validate fix``: apply the safe fixes in place (or show them with ``--diff``).

Exit 0 when no error remains (or would remain, with ``--diff``), 1 when some does,
2 on usage errors.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from collections import Counter
from typing import TextIO

from gt_validator.cli.targets import TargetError, targets
from gt_validator.files import GTFile, TooLarge
from gt_validator.fixes.apply import Fixed, Outcome, fix_bytes
from gt_validator.fixes.plan import FIX_CODES
from gt_validator.validator import Validator


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise TargetError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gt-validate fix",
        description="Apply the safe fixes: drop a byte order mark; replace a class, attribute "
        "name or select value that matches exactly one registered name once case, whitespace, "
        "NFKC and look-alike characters are folded; reorder a box's swapped corners.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="GT files or folders")
    p.add_argument("--config", help="gt-project.json (default: the nearest one above each file)")
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave these files out"
    )
    p.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    p.add_argument(
        "--select", metavar="CODES", help="only fixes for these codes: " + ", ".join(FIX_CODES)
    )
    return p


def _wanted(select: str | None) -> frozenset[str]:
    if not select:
        return frozenset(FIX_CODES)
    codes = {c.strip() for c in select.split(",") if c.strip()}
    unknown = sorted(codes - set(FIX_CODES))
    if unknown:
        raise TargetError(
            f"--select: no fix for {', '.join(unknown)} (fixable: {', '.join(FIX_CODES)})"
        )
    return frozenset(codes)


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path``'s content: a temp file in the same folder, then a rename; the
    mode is kept, and a symlink's target is what changes."""
    real = os.path.realpath(path)
    mode = os.stat(real).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(real), prefix=".gt-fix-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _where(item: Fixed) -> str:
    return f"{item.line}:{item.column} " if item.line is not None else ""


def _diff(path: str, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline\n" for line in lines)


def _one(
    validator: Validator, file: GTFile, wanted: frozenset[str], diff: bool, out: TextIO
) -> tuple[Outcome | None, int]:
    """Fix one file; the number of errors that remain. Reading or writing problems are
    reported and count as an error: one file never stops the run."""
    limit = validator.config.max_file_bytes
    try:
        before = file.read_bytes(limit)
    except TooLarge as exc:
        out.write(f"{file.path}: not fixed: {exc.size:,} bytes, over limits.max_file_bytes\n")
        return None, 1
    except OSError as exc:
        out.write(f"{file.path}: cannot read: {exc.strerror or exc}\n")
        return None, 1
    outcome = fix_bytes(before, validator.config, wanted)
    if outcome.changed and diff:
        sys.stdout.write(_diff(file.path, before, outcome.data))
    elif outcome.changed:
        try:
            write_atomically(file.local_path or file.path, outcome.data)
        except OSError as exc:
            out.write(f"{file.path}: cannot write: {exc.strerror or exc}\n")
            return outcome, 1
    after = validator.check_bytes(outcome.data, path=file.path, rel_path=file.rel_path)
    verb = "would fix" if diff else "fixed"
    for item in outcome.fixed:
        out.write(f"{file.path}:{_where(item)}{verb} {item.code}: {item.message}\n")
    for item in outcome.left:
        out.write(f"{file.path}:{_where(item)}left alone {item.code}: {item.message}\n")
    if after.errors:
        codes = ", ".join(f"{c} x{n}" for c, n in sorted(after.codes().items()))
        out.write(f"{file.path}: {after.errors} error(s) remain ({codes})\n")
    return outcome, after.errors


def main(argv: list[str]) -> int:
    # The report goes to stderr with --diff, so stdout holds only the diff.
    try:
        ns = _parser().parse_args(argv)
        wanted = _wanted(ns.select)
        work = targets(ns.paths, ns.config, need_config=True, exclude=ns.exclude)
    except TargetError as exc:
        sys.stderr.write(f"gt-validate fix: error: {exc}\n")
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    out = sys.stderr if ns.diff else sys.stdout
    totals: Counter[str] = Counter()
    files_fixed = files_with_errors = 0
    for skipped in work.skipped:
        out.write(f"{skipped.path}: skipped: {skipped.reason}\n")
    for group in work.groups:
        assert group.validator is not None  # need_config
        for file in group.files:
            outcome, errors = _one(group.validator, file, wanted, ns.diff, out)
            if outcome is not None and outcome.changed:
                files_fixed += 1
                totals.update(f.code for f in outcome.fixed)
            files_with_errors += errors > 0
    verb = "would fix" if ns.diff else "fixed"
    count = sum(totals.values())
    detail = f" ({', '.join(f'{c} x{n}' for c, n in sorted(totals.items()))})" if count else ""
    out.write(
        f"{verb} {count} finding(s) in {files_fixed} file(s){detail}; "
        f"{files_with_errors} file(s) with errors remaining\n"
    )
    return 1 if files_with_errors else 0
