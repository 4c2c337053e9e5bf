"""Local files and folders -> GTFile records (no reading yet)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from gt_validator.config.model import ProjectConfig
from gt_validator.validator import GTFile


class MissingPath(Exception):
    """A PATH argument that does not exist: a usage error, exit 2."""


def _rel_to_root(path: Path, root: Path) -> str:
    """Posix path relative to gt_root; outside it, a '../' path that cannot match."""
    return Path(os.path.relpath(path.resolve(), root)).as_posix()


def _config_path(config: ProjectConfig) -> Path | None:
    return None if config.source.startswith("s3://") else Path(config.source).resolve()


def collect(paths: Iterable[str], config: ProjectConfig) -> list[GTFile]:
    """Files as named, folders searched recursively for *.json (sorted), the config skipped.

    The reported path is the argument joined with the path below it, with '/'.
    """
    root = Path(config.gt_root).resolve()
    skip = _config_path(config)
    out: list[GTFile] = []
    for arg in paths:
        base = Path(arg)
        if base.is_dir():
            found = sorted(
                (p for p in base.rglob("*.json") if p.is_file()),
                key=lambda p: p.relative_to(base).as_posix(),
            )
            for p in found:
                if skip is not None and p.resolve() == skip:
                    continue
                shown = arg.rstrip("/\\") + "/" + p.relative_to(base).as_posix()
                out.append(_gt_file(shown, p, root))
        elif base.is_file():
            out.append(_gt_file(arg, base, root))
        else:
            raise MissingPath(f"{arg}: no such file or folder")
    return out


def _gt_file(shown: str, path: Path, root: Path) -> GTFile:
    return GTFile(
        path=shown,
        rel_path=_rel_to_root(path, root),
        size=path.stat().st_size,
        local_path=str(path),
    )
