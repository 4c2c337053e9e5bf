"""Which GT files the Action validates, and where its configuration is."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gt_validator.github.settings import UsageError
from gt_validator.globs import glob_regex as glob_regex  # re-exported for callers
from gt_validator.globs import matches

CONFIG_NAME = "gt-project.json"
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__"})


def find_config(settings_config: str | None, workspace: Path) -> str:
    """The config input (made absolute when a local path), or the one gt-project.json."""
    if settings_config:
        if settings_config.startswith("s3://"):
            return settings_config
        path = (workspace / settings_config).resolve()
        if not path.is_file():
            raise UsageError(f"input 'config': no such file: {settings_config}")
        return str(path)
    if (workspace / CONFIG_NAME).is_file():
        return str(workspace / CONFIG_NAME)
    found = sorted(_walk(workspace, CONFIG_NAME))
    if len(found) == 1:
        return str(found[0])
    if not found:
        raise UsageError(f"no {CONFIG_NAME} in the workspace; set the 'config' input")
    names = ", ".join(p.relative_to(workspace).as_posix() for p in found[:5])
    raise UsageError(f"several {CONFIG_NAME} files ({names}); set the 'config' input")


def _walk(root: Path, name: str | None = None) -> Iterable[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for file in sorted(files):
            if (name is None and file.endswith(".json")) or file == name:
                yield Path(folder) / file


@dataclass(frozen=True)
class Candidate:
    path: str  # workspace-relative (as reported, and where annotations point)
    rel_path: str  # relative to gt_root
    absolute: Path


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def select_files(
    workspace: Path,
    gt_root: Path,
    globs: Sequence[str],
    changed: Iterable[str] | None,
    exclude: Iterable[Path] = (),
) -> list[Candidate]:
    """``*.json`` under ``gt_root`` matching ``globs``; only ``changed`` ones when given.

    ``changed`` holds workspace-relative paths (a pull request's added, modified
    and renamed-to files); those no longer on disk are skipped.
    """
    skip = {p.resolve() for p in exclude}
    if changed is None:
        absolutes: Iterable[Path] = _walk(gt_root)
    else:
        absolutes = (workspace / p for p in sorted(set(changed)) if p.endswith(".json"))
    out: list[Candidate] = []
    for absolute in absolutes:
        absolute = Path(os.path.normpath(absolute))
        rel = _relative(absolute, gt_root)
        if rel is None or absolute.resolve() in skip or not absolute.is_file():
            continue
        if any(part in _SKIP_DIRS for part in Path(rel).parts[:-1]):
            continue
        shown = _relative(absolute, workspace) or absolute.as_posix()
        if matches(shown, globs):
            out.append(Candidate(shown, rel, absolute))
    return out
