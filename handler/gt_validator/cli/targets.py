"""PATH arguments -> the GT files to work on, grouped by the config that judges them.

Used by ``fix`` and ``stats``: without ``--config``, each PATH finds the nearest
``gt-project.json`` in its own folder or above it; with no PATH, the config found
from the current folder gives its ``gt_root``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gt_validator.config.load import ConfigError, find_config
from gt_validator.files import GTFile
from gt_validator.sources.local import MissingPath, _walk, collect
from gt_validator.validator import Validator, build_validator


class TargetError(Exception):
    """A usage or configuration problem: exit 2."""


@dataclass(frozen=True, slots=True)
class Group:
    validator: Validator | None  # None: no config found (stats still counts)
    files: tuple[GTFile, ...]


def _config_for(arg: str) -> str | None:
    start = Path(arg)
    found = find_config(start if start.is_dir() else start.parent)
    return str(found) if found else None


def _build(uri: str) -> Validator:
    try:
        return build_validator(uri)
    except ConfigError as exc:
        where = f"{exc.pointer}: " if exc.pointer else ""
        raise TargetError(f"{exc.config}: {where}{exc.message}") from exc


def _plain(paths: Sequence[str]) -> list[GTFile]:
    """Files without a config: folders searched for *.json, nothing skipped."""
    out: list[GTFile] = []
    for arg in paths:
        if os.path.isdir(arg):
            base = arg.rstrip("/\\") or arg
            out += [
                GTFile(f"{base}/{sub}", None, local_path=os.path.join(arg, sub))
                for sub in _walk(arg)
                if not sub.endswith("/gt-project.json") and sub != "gt-project.json"
            ]
        elif os.path.isfile(arg):
            out.append(GTFile(arg, None, local_path=arg))
        else:
            raise TargetError(f"{arg}: no such file or folder")
    return out


def groups(paths: Sequence[str], config: str | None, *, need_config: bool) -> list[Group]:
    """The files of ``paths`` per config (in the order first met)."""
    if not paths:
        uri = config or _config_for(".")
        if uri is None:
            if need_config:
                raise TargetError("no gt-project.json found here or above; use --config or a PATH")
            return [Group(None, tuple(_plain(["."])))]
        validator = _build(uri)
        paths = [validator.config.gt_root]
    by_config: dict[str | None, list[str]] = {}
    for arg in paths:
        uri = config or _config_for(arg)
        if uri is None and need_config:
            raise TargetError(f"{arg}: no gt-project.json found in its folder or above")
        by_config.setdefault(uri, []).append(arg)
    out: list[Group] = []
    for uri, args in by_config.items():
        if uri is None:
            out.append(Group(None, tuple(_plain(args))))
            continue
        validator = _build(uri)
        try:
            out.append(Group(validator, tuple(collect(args, validator.config))))
        except MissingPath as exc:
            raise TargetError(str(exc)) from exc
    return out
