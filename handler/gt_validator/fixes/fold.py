"""Name folding for safe fixes: case, whitespace, NFKC and Unicode's confusables.

Two names are the same for ``fix`` when their folds are equal. The look-alike
part is the skeleton of UTS #39, built from the confusables data that the
``confusable-homoglyphs`` package ships (Unicode's confusables.txt as JSON). That
file lists each pair in both directions, so the prototype of a character is not
marked; the skeleton here maps every character of one confusable class to one
representative instead, which gives the same equality of skeletons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import orjson

_SPACES = re.compile(r"\s+")
_BIDI_MARKS = "\u200e\u200f"


def _find(parent: dict[str, str], ch: str) -> str:
    root = ch
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(ch, ch) != root:  # path compression
        parent[ch], ch = root, parent[ch]
    return root


@lru_cache(maxsize=1)
def confusables() -> Mapping[str, str]:
    """Character -> the representative of its confusable class (a string: some
    characters look like two, 'ﬀ' like 'ff')."""
    raw = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_bytes()
    table: dict[str, list[dict[str, str]]] = orjson.loads(raw)
    parent: dict[str, str] = {}
    several: dict[str, str] = {}
    for char, entries in table.items():
        if len(char) != 1:
            continue  # a multi-character prototype: its entries are listed from the other side
        for entry in entries:
            other = entry["c"].strip(_BIDI_MARKS)  # kept around right-to-left letters
            if len(other) != 1:
                several[char] = other
                continue
            a, b = _find(parent, char), _find(parent, other)
            if a != b:  # the smaller code point represents the class: any fixed choice works
                parent[max(a, b)] = min(a, b)
    out = {ch: _find(parent, ch) for ch in list(parent)}
    for char, target in several.items():
        out[char] = "".join(out.get(c, c) for c in target)
    return {ch: rep for ch, rep in out.items() if rep != ch}


def skeleton(text: str) -> str:
    """UTS #39 skeleton, up to the choice of representative: NFD, map, NFD."""
    table = confusables()
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def fold(name: str) -> str:
    """What a reader sees: NFKC, no case, no invisible format characters, whitespace
    trimmed and collapsed, look-alikes folded."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _SPACES.sub(" ", text).strip()
    return skeleton(text).casefold()


@dataclass(frozen=True, slots=True)
class Match:
    """The registered names that ``name`` folds onto: one is a fix, two are ambiguous."""

    name: str
    candidates: tuple[str, ...]

    @property
    def unique(self) -> str | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


class Folder:
    """Registered names indexed by fold, built once per name list."""

    def __init__(self, registered: Iterable[str]) -> None:
        self._by_fold: dict[str, list[str]] = {}
        for name in registered:
            self._by_fold.setdefault(fold(name), []).append(name)

    def match(self, name: str) -> Match:
        return Match(name, tuple(self._by_fold.get(fold(name), ())))


@lru_cache(maxsize=256)
def folder(registered: tuple[str, ...]) -> Folder:
    return Folder(registered)
