"""What one ``gt-validate`` run checks: each GT file with the config that judges it.

Without ``--config`` each file is judged by the nearest ``gt-project.json`` in
its own folder or above, so one run can cover several projects. A file with no
config above it, or outside its config's ``gt_root``, is not a GT file: it is
skipped and named in the report. ``--select``/``--ignore`` narrow each config's
rule levels (an ignored code is turned ``off``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from gt_validator.cli.options import Options, UsageError
from gt_validator.config.load import CONFIG_NAME, ConfigError, find_config, load_config
from gt_validator.files import GTFile
from gt_validator.report import Skipped
from gt_validator.rules.registry import RULES
from gt_validator.sources.local import Found, MissingPath, WalkError, find, gt_file, rel_to_root
from gt_validator.validator import Validator

S3 = "s3://"
NO_CONFIG = "no gt-project.json in its folder or above"


@dataclass(frozen=True, slots=True)
class Judge:
    label: str  # the config's path as found (relative when found from a relative path)
    validator: Validator


@dataclass(slots=True)
class Plan:
    items: list[tuple[Judge, GTFile]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fixed: str | None = None  # --config

    def judges(self) -> list[Judge]:
        """The judges that have files, in order of first use."""
        seen: dict[str, Judge] = {}
        for judge, _ in self.items:
            seen.setdefault(judge.label, judge)
        return list(seen.values())


def narrowed(
    levels: Mapping[str, str], select: frozenset[str], ignore: frozenset[str]
) -> dict[str, str]:
    """The config's levels with every code outside ``select`` or inside ``ignore`` off."""
    out = {code: levels.get(code, rule.default) for code, rule in RULES.items()}
    out.update(levels)
    for code in out:
        if (select and code not in select) or code in ignore:
            out[code] = "off"
    return out


class Judges:
    """One Validator per config, loaded on first use; config errors become exit 2."""

    def __init__(self, opts: Options) -> None:
        self._opts = opts
        self._by_label: dict[str, Judge] = {}
        self._nearest: dict[str, str | None] = {}  # folder as given -> label
        self._absolute: dict[str, str | None] = {}  # absolute folder -> absolute config

    def get(self, label: str) -> Judge:
        judge = self._by_label.get(label)
        if judge is None:
            try:
                config = load_config(label)
            except ConfigError as exc:
                raise UsageError(exc.message, exc.config, exc.pointer) from exc
            if self._opts.select or self._opts.ignore:
                levels = narrowed(config.levels, self._opts.select, self._opts.ignore)
                config = replace(config, levels=levels)
            judge = self._by_label[label] = Judge(label, Validator(config))
        return judge

    def nearest(self, path: str) -> str | None:
        """The config label for a file at ``path``: the nearest one above it, named
        relative to the current folder when ``path`` is relative (as a user would)."""
        folder = os.path.dirname(path) or "."
        if folder not in self._nearest:
            found = self._above(os.path.abspath(folder))
            if found is not None and not os.path.isabs(path):
                found = os.path.relpath(found)
            self._nearest[folder] = found
        return self._nearest[folder]

    def _above(self, folder: str) -> str | None:
        """The nearest config in absolute ``folder`` or above; each folder looked at once."""
        chain: list[str] = []
        found: str | None = None
        while True:
            if folder in self._absolute:
                found = self._absolute[folder]
                break
            chain.append(folder)
            candidate = os.path.join(folder, CONFIG_NAME)
            if os.path.isfile(candidate):
                found = candidate
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for seen in chain:
            self._absolute[seen] = found
        return found


def _files_from(opts: Options, stdin: BinaryIO) -> list[str]:
    if opts.files_from is None:
        return []
    try:
        if opts.files_from == "-":
            data = stdin.read()
        else:
            with open(opts.files_from, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        raise UsageError(f"--files-from {opts.files_from}: {exc.strerror or exc}") from exc
    text = data.decode("utf-8", "surrogateescape")
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def _outside(path: str, judge: Judge) -> Skipped:
    return Skipped(path, f"outside the gt_root of {judge.label} ({judge.validator.config.gt_root})")


def build_plan(opts: Options, stdin: BinaryIO) -> Plan:
    judges = Judges(opts)
    plan = Plan(fixed=opts.config)
    if opts.config:  # a broken --config is the first thing to say
        judges.get(opts.config)
    args = [*opts.paths, *_files_from(opts, stdin)]
    walked = [a for a in args if a != "-" and (a.startswith(S3) or os.path.isdir(a))]
    if not args:
        label = opts.config or _config_from_cwd()
        root = judges.get(label).validator.config.gt_root
        args = walked = [root]
    local = [a for a in args if a != "-" and not a.startswith(S3)]
    try:
        found = find(local, opts.exclude)
    except (MissingPath, WalkError) as exc:
        raise UsageError(str(exc), opts.config) from exc
    _add_local(plan, judges, found)
    remote = [a for a in args if a.startswith(S3)]
    if remote:
        from gt_validator.cli.s3 import add_s3

        add_s3(plan, judges.get(opts.config or _config_from_cwd()), remote)
    if "-" in args:
        _add_stdin(plan, judges, opts, stdin)
    if not plan.items:
        _nothing_to_check(plan, walked)
    return plan


def _config_from_cwd() -> str:
    found = find_config(Path("."))
    if found is None:
        raise UsageError(
            f"no gt-project.json found in {Path.cwd()} or its parents; name PATHs or use --config"
        )
    return str(found)


def _add_local(plan: Plan, judges: Judges, found: Iterable[Found]) -> None:
    roots: dict[str, str] = {}
    other_place = 0
    for f in found:
        label = plan.fixed or judges.nearest(f.path)
        if label is None:
            plan.skipped.append(Skipped(f.path, NO_CONFIG))
            continue
        judge = judges.get(label)
        gt_root = judge.validator.config.gt_root
        if gt_root.startswith(S3):  # cannot measure a local file from an S3 prefix
            other_place += 1
            plan.items.append((judge, gt_file(f, None)))
            continue
        if label not in roots:
            roots[label] = os.path.realpath(gt_root)
        rel = rel_to_root(f.real, roots[label])
        if rel is None:
            plan.skipped.append(_outside(f.path, judge))
        else:
            plan.items.append((judge, gt_file(f, rel)))
    if other_place:
        plan.notes.append(
            f"path_mismatch was not checked for {other_place} local file(s): "
            "their config's gt_root is an S3 prefix"
        )


def _add_stdin(plan: Plan, judges: Judges, opts: Options, stdin: BinaryIO) -> None:
    name = opts.stdin_filename or "-"
    label = plan.fixed or judges.nearest(name)
    if label is None:
        plan.skipped.append(Skipped(name, NO_CONFIG))
        return
    judge = judges.get(label)
    gt_root = judge.validator.config.gt_root
    rel = None
    if not gt_root.startswith(S3):
        rel = rel_to_root(os.path.realpath(name), os.path.realpath(gt_root))
        if rel is None:
            plan.skipped.append(_outside(name, judge))
            return
    data = stdin.read()
    plan.items.append((judge, GTFile(path=name, rel_path=rel, size=len(data), read=lambda: data)))


def _nothing_to_check(plan: Plan, walked: list[str]) -> None:
    no_config = [s.path for s in plan.skipped if s.reason == NO_CONFIG]
    if no_config:
        more = f" (and {len(no_config) - 1} more)" if len(no_config) > 1 else ""
        raise UsageError(
            f"no gt-project.json found for {no_config[0]}{more} in its folder or above; "
            "use --config"
        )
    if walked:
        where = ", ".join(walked)
        why = ""
        if plan.skipped:
            first = plan.skipped[0]
            why = f" ({len(plan.skipped)} skipped, e.g. {first.path}: {first.reason})"
        raise UsageError(f"no GT files found under {where}{why}", plan.fixed)
