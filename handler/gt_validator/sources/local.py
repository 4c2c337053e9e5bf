"""Local files and folders -> the GT files to check (no reading yet).

The walking rules: a folder is searched recursively for ``*.json``; names that
start with ``.`` (files and folders) are skipped, and so is any file named
``gt-project.json`` (a project's configuration); a file named on the command
line is taken whatever its name; ``exclude`` globs (matched against the path
relative to the current folder) leave files and whole folders out; a file
reached twice (named twice, or below two named folders) is listed once.
Symlinked folders are followed; one that leads back to a folder being walked
is a loop (:class:`WalkError`).

Walks with ``os.scandir`` and builds paths by joining strings: pathlib's
``rglob``/``resolve`` per file cost more than validating a small file. Each
file's real path comes from its folder's, so no file is resolved on its own.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gt_validator.config.load import CONFIG_NAME
from gt_validator.config.model import ProjectConfig
from gt_validator.files import GTFile
from gt_validator.globs import matches_any


class MissingPath(Exception):
    """A PATH argument that does not exist: a usage error, exit 2."""


class WalkError(Exception):
    """A folder that cannot be walked (a symlink loop, no permission): exit 2."""


@dataclass(frozen=True, slots=True)
class Found:
    path: str  # as reported: the argument joined with the path below it, with "/"
    real: str  # the real path, to tell a file reached twice and measure from gt_root
    named: bool  # named on the command line (not found by walking a folder)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(
    top: str, top_real: str, relative_top: str | None, exclude: Sequence[str]
) -> list[tuple[str, str]]:
    """(posix path below ``top``, real path) of every *.json file, sorted. No stat per file: the
    validator reads at most max_file_bytes + 1 bytes, which tells a file too large.

    ``relative_top``: ``top`` relative to the current folder, for ``exclude``."""
    found: list[tuple[str, str]] = []
    # (path below top, its real path, the real paths of the folders above it)
    pending: list[tuple[str, str, tuple[str, ...]]] = [("", top_real, ())]
    while pending:
        sub, real, above = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(top, sub) if sub else top))
        except OSError as exc:
            where = f"{top}/{sub}" if sub else top
            raise WalkError(f"{where}: cannot list the folder: {exc.strerror or exc}") from exc
        for entry in entries:
            name = entry.name
            if _hidden(name):
                continue
            rel = f"{sub}/{name}" if sub else name
            if exclude and matches_any(_joined(relative_top, rel), exclude):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((rel, f"{real}{os.sep}{name}", (*above, real)))
            elif entry.is_symlink() and entry.is_dir():
                target = os.path.realpath(entry.path)
                chain = (*above, real)
                if any(target == a or a.startswith(target + os.sep) for a in chain):
                    raise WalkError(
                        f"{top}/{rel}: a symlink loop: it leads back to {target}, "
                        "a folder this walk is already in (use --exclude to leave it out)"
                    )
                pending.append((rel, target, chain))
            elif (
                name.endswith(".json")
                and name != CONFIG_NAME
                and (entry.is_file() or entry.is_symlink())  # a broken link: reading says why
            ):
                found.append((rel, f"{real}{os.sep}{name}"))
    found.sort()
    return found


def _joined(relative_top: str | None, rel: str) -> str:
    if relative_top is None or relative_top == ".":
        return rel
    return f"{relative_top}/{rel}"


def _relative_to_cwd(path: str) -> str:
    return os.path.relpath(path).replace(os.sep, "/")


def find(paths: Iterable[str], exclude: Sequence[str] = ()) -> list[Found]:
    """Files as named, folders walked (see the module docstring); each file once."""
    out: list[Found] = []
    seen: set[str] = set()
    for arg in paths:
        if os.path.isdir(arg):
            base_real = os.path.realpath(arg)
            relative_top = _relative_to_cwd(arg) if exclude else None
            if relative_top is not None and matches_any(relative_top, exclude):
                continue
            shown_base = arg.rstrip("/\\") or arg
            for sub, real in _walk(arg, base_real, relative_top, exclude):
                if real not in seen:
                    seen.add(real)
                    out.append(Found(f"{shown_base}/{sub}", real, named=False))
        elif os.path.lexists(arg):
            if exclude and matches_any(_relative_to_cwd(arg), exclude):
                continue
            real = os.path.realpath(arg)
            if real not in seen:
                seen.add(real)
                out.append(Found(arg, real, named=True))
        else:
            raise MissingPath(f"{arg}: no such file or folder")
    return out


def rel_to_root(real: str, root_real: str) -> str | None:
    """Posix path of ``real`` relative to the real gt_root; None when outside it."""
    if real == root_real:
        return None
    prefix = root_real if root_real.endswith(os.sep) else root_real + os.sep
    if not real.startswith(prefix):
        return None
    return real[len(prefix) :].replace(os.sep, "/")


def gt_file(found: Found, rel_path: str | None) -> GTFile:
    size = None
    if found.named:
        try:
            size = os.path.getsize(found.path)
        except OSError:
            size = None  # a link that does not resolve: reading says why
    return GTFile(path=found.path, rel_path=rel_path, size=size, local_path=found.path)


def collect(paths: Iterable[str], config: ProjectConfig) -> list[GTFile]:
    """Every file of ``paths`` as judged by one config (for callers outside the CLI).

    Files outside ``config.gt_root`` keep a ``../`` path, which cannot match a
    location, so they get ``path_mismatch``; the CLI skips them instead.
    """
    root = os.path.realpath(config.gt_root)
    out = []
    for f in find(paths):
        rel = rel_to_root(f.real, root)
        if rel is None:
            rel = posixpath.normpath(os.path.relpath(f.real, root).replace(os.sep, "/"))
        out.append(gt_file(f, rel))
    return out
