"""Local files and folders -> GTFile records (no reading yet).

Walks with ``os.scandir`` and builds paths by joining strings: pathlib's
``rglob``/``resolve`` per file cost more than validating a small file.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable

from gt_validator.config.model import ProjectConfig
from gt_validator.files import GTFile

CONFIG_NAME = "gt-project.json"


class MissingPath(Exception):
    """A PATH argument that does not exist: a usage error, exit 2."""


def _walk(top: str) -> list[str]:
    """The posix path below ``top`` of every *.json file, sorted. No stat per file: the
    validator reads at most max_file_bytes + 1 bytes, which tells a file too large."""
    found: list[str] = []
    pending = [""]
    while pending:
        sub = pending.pop()
        with os.scandir(os.path.join(top, sub) if sub else top) as entries:
            for entry in entries:
                rel = f"{sub}/{entry.name}" if sub else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append(rel)
                elif entry.name.endswith(".json") and entry.is_file():
                    found.append(rel)
    found.sort()
    return found


def _rel(root: str, real: str) -> str:
    """Posix path relative to gt_root; outside it, a '../' path that cannot match."""
    return posixpath.normpath(os.path.relpath(real, root).replace(os.sep, "/"))


def collect(paths: Iterable[str], config: ProjectConfig) -> list[GTFile]:
    """Files as named, folders searched recursively for *.json (sorted), the config skipped.

    The reported path is the argument joined with the path below it, with '/'.
    """
    root = os.path.realpath(config.gt_root)
    skip = None if config.source.startswith("s3://") else os.path.realpath(config.source)
    out: list[GTFile] = []
    for arg in paths:
        if os.path.isdir(arg):
            base = os.path.realpath(arg)
            base_rel = _rel(root, base)
            shown_base = arg.rstrip("/\\") or arg
            for sub in _walk(arg):
                local = os.path.join(arg, sub)
                if sub.rsplit("/", 1)[-1] == CONFIG_NAME and os.path.realpath(local) == skip:
                    continue
                if base_rel == ".":
                    rel = sub
                elif base_rel.startswith(".."):  # the folder holds gt_root: measure each file
                    rel = _rel(root, os.path.join(base, sub))
                else:
                    rel = f"{base_rel}/{sub}"
                out.append(GTFile(path=f"{shown_base}/{sub}", rel_path=rel, local_path=local))
        elif os.path.isfile(arg):
            out.append(
                GTFile(
                    path=arg,
                    rel_path=_rel(root, os.path.realpath(arg)),
                    size=os.path.getsize(arg),
                    local_path=arg,
                )
            )
        else:
            raise MissingPath(f"{arg}: no such file or folder")
    return out
