"""Globs over ``/``-separated paths, as ``--exclude`` and the Action's ``files`` input use.

``**`` spans folders, ``*`` and ``?`` stay within one name, ``[...]`` is a
character class (``[!...]`` negated); a pattern naming a folder covers what is
under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["glob_regex", "matches", "matches_any"]


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A compiled regex that fully matches the paths ``pattern`` covers."""
    pattern = pattern.removeprefix("./")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # A pattern naming a folder covers everything under it.
    return re.compile("".join(out).rstrip("/") + "(?:/.*)?", re.DOTALL)


def matches_any(path: str, globs: Sequence[str]) -> bool:
    """True when ``path`` (posix) matches one of ``globs``; False when there are none."""
    return any(glob_regex(g).fullmatch(path) for g in globs)


def matches(path: str, globs: Sequence[str]) -> bool:
    """True when ``path`` matches a glob, or there are none (an include list)."""
    return not globs or matches_any(path, globs)
