"""PATH arguments -> the GT files to work on, grouped by the config that judges them.

Used by ``fix`` and ``stats``; the selection is the main command's own
(``cli.plan``): the walking rules, ``--exclude``, each file judged by the nearest
``gt-project.json`` above it (or ``--config``), files outside their config's
``gt_root`` skipped. ``stats`` also counts files that no config covers, without
findings.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gt_validator.cli.options import Options, UsageError
from gt_validator.cli.plan import NO_CONFIG, build_plan
from gt_validator.config.load import find_config
from gt_validator.files import GTFile
from gt_validator.report import Skipped
from gt_validator.sources.local import MissingPath, WalkError, find, gt_file
from gt_validator.validator import Validator


class TargetError(Exception):
    """A usage or configuration problem: exit 2."""


@dataclass(frozen=True, slots=True)
class Group:
    validator: Validator | None  # None: no config covers these files (stats still counts)
    files: tuple[GTFile, ...]


@dataclass(frozen=True, slots=True)
class Targets:
    groups: tuple[Group, ...]
    skipped: tuple[Skipped, ...]


def _message(exc: UsageError) -> str:
    where = f"{exc.config}: " if exc.config else ""
    pointer = f"{exc.pointer}: " if exc.pointer else ""
    return f"{where}{pointer}{exc.message}"


def _uncovered(paths: Sequence[str], exclude: Sequence[str]) -> Targets:
    """Every file as found, no config: what stats counts when none is found anywhere."""
    try:
        found = find(paths or ["."], exclude)
    except (MissingPath, WalkError) as exc:
        raise TargetError(str(exc)) from exc
    return Targets((Group(None, tuple(gt_file(f, None) for f in found)),), ())


def targets(
    paths: Sequence[str], config: str | None, *, need_config: bool, exclude: Sequence[str] = ()
) -> Targets:
    if "-" in paths:
        raise TargetError("'-' (standard input) is not supported here: name files or folders")
    if not need_config and config is None:
        starts = [Path(p) if os.path.isdir(p) else Path(p).parent for p in paths] or [Path(".")]
        if all(find_config(s) is None for s in starts):
            return _uncovered(paths, exclude)
    opts = Options(paths=tuple(paths), config=config, exclude=tuple(exclude))
    try:
        plan = build_plan(opts, io.BytesIO())
    except UsageError as exc:
        raise TargetError(_message(exc)) from exc
    by_label: dict[str, list[GTFile]] = {}
    validators: dict[str, Validator] = {}
    for judge, file in plan.items:
        by_label.setdefault(judge.label, []).append(file)
        validators[judge.label] = judge.validator
    groups = [Group(validators[label], tuple(files)) for label, files in by_label.items()]
    skipped = list(plan.skipped)
    if not need_config:
        uncovered = [s for s in skipped if s.reason == NO_CONFIG]
        if uncovered:
            files = tuple(GTFile(s.path, None, local_path=s.path) for s in uncovered)
            groups.append(Group(None, files))
            skipped = [s for s in skipped if s.reason != NO_CONFIG]
    return Targets(tuple(groups), tuple(skipped))
