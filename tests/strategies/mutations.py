"""One way to break a valid case, and the codes that break must produce.

A mutation gets the drawn case and returns a ``Mutant``: the bytes to validate,
where the file lives, and the exact set of codes expected (empty for the near
misses, which must stay clean). Raw JSON that Python's ``json`` cannot write
(NaN, 1e400, repeated keys, escapes, 1,000 levels of nesting) goes in through
markers: a unique string in the document, replaced by the raw text after dumping.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from tests.strategies.documents import IMAGE_LIKE, SEQUENCE_LIKE, SHAPES, Case, points

TOP_FIELDS = (
    "annotations", "attributes", "label", "file_id", "scene_id", "filename", "parent_path",
    "metadata", "last_modifier_id", "last_workers", "tags", "parent_tags",
)  # fmt: skip
ANNOTATION_FIELDS = ("id", "type", "label", "attributes", "points", "track_id")
DEPTH = 1000  # legal (the limit is 1,024) and deep enough to break recursive code
NESTED = 20  # nested, but well within any recursion limit


@dataclass(frozen=True)
class Raw:
    """JSON text to splice in where a value (or key) goes."""

    text: str


def deep(levels: int = NESTED, opener: str = "[") -> Raw:
    closer = {"[": "]", "{": "}"}[opener]
    if opener == "{":
        return Raw('{"k":' * (levels - 1) + "{}" + "}" * (levels - 1))
    return Raw(opener * levels + closer * levels)


@dataclass(frozen=True)
class Mutant:
    name: str
    data: bytes
    rel_path: str
    expected: frozenset[str]


class Draft:
    """A deep copy of the case's document plus the raw splices to make when dumping."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.doc: Any = copy.deepcopy(case.doc)
        self.splices: dict[str, str] = {}
        self.rel_path = case.rel_path
        self.prefix = b""
        self.whole: bytes | None = None  # set: these bytes, whatever the document

    def value(self, value: Any) -> Any:
        """``value`` ready to put in the document (a marker for Raw text)."""
        if not isinstance(value, Raw):
            return value
        marker = f"\ue000splice{len(self.splices)}\ue000"
        self.splices[json.dumps(marker, ensure_ascii=self.case.ascii_only)] = value.text
        return marker

    def key(self, raw_key: str) -> str:
        """A marker key that dumps as ``raw_key`` (JSON string text, quotes included)."""
        marker = f"\ue000key{len(self.splices)}\ue000"
        self.splices[json.dumps(marker, ensure_ascii=self.case.ascii_only)] = raw_key
        return marker

    def dumps(self) -> bytes:
        if self.whole is not None:
            return self.whole
        text = self.case.dumps(self.doc).decode("utf-8")
        for marker, raw in self.splices.items():
            assume(text.count(marker) == 1)
            text = text.replace(marker, raw)
        # surrogateescape: a lone "\udcff" in raw text becomes the invalid byte 0xFF.
        return self.prefix + text.encode("utf-8", "surrogateescape")


Mutate = Callable[[st.DrawFn, Draft], "frozenset[str] | set[str]"]


@dataclass(frozen=True)
class Mutation:
    name: str
    applies: Callable[[Case], bool]
    mutate: Mutate


MUTATIONS: dict[str, Mutation] = {}


def mutation(
    name: str, applies: Callable[[Case], bool] = lambda case: True
) -> Callable[[Mutate], Mutate]:
    def register(mutate: Mutate) -> Mutate:
        MUTATIONS[name] = Mutation(name, applies, mutate)
        return mutate

    return register


@st.composite
def mutants(draw: st.DrawFn, case: Case, names: tuple[str, ...] = ()) -> Mutant:
    """One mutation among those that apply to ``case`` (or among ``names``)."""
    usable = sorted(
        n for n, m in MUTATIONS.items() if (not names or n in names) and m.applies(case)
    )
    assume(usable)
    name = draw(st.sampled_from(usable))
    draft = Draft(case)
    expected = MUTATIONS[name].mutate(draw, draft)
    return Mutant(name, draft.dumps(), draft.rel_path, frozenset(expected))


# -- helpers the mutation modules share ------------------------------------------


def look_alike(name: str, taken: Any) -> str:
    """``name`` with a Cyrillic look-alike letter, or an invisible one appended."""
    swaps = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у"}  # noqa: RUF001
    for latin, cyrillic in swaps.items():
        if latin in name:
            candidate = name.replace(latin, cyrillic, 1)
            break
    else:
        candidate = name + "\u200b"
    while candidate in taken:
        candidate += "\u200b"
    return candidate


def unregistered(draw: st.DrawFn, taken: Any, like: str | None = None) -> str:
    if like is not None and draw(st.booleans()):
        return look_alike(like, taken)
    from tests.strategies.configs import names

    return draw(names.filter(lambda n: n not in taken))


def escape_char(ch: str) -> str:
    """``ch`` as a JSON \\u escape (a surrogate pair beyond the BMP)."""
    if ord(ch) < 0x10000:
        return f"\\u{ord(ch):04x}"
    high, low = divmod(ord(ch) - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def annotation_index(draw: st.DrawFn, draft: Draft, where: Callable[[Any], bool] = bool) -> int:
    found = [i for i, a in enumerate(draft.doc["annotations"]) if where(a)]
    assume(found)
    return draw(st.sampled_from(found))


def has_annotations(case: Case, least: int = 1) -> bool:
    return len(case.doc["annotations"]) >= least


def wrong_type(allowed: tuple[type, ...]) -> st.SearchStrategy[Any]:
    """A JSON value of none of the ``allowed`` Python types (deep nesting included)."""
    candidates: list[Any] = [5, -1.5, True, None, "text", [], {}, [1, 2], {"k": "v"}]
    kept = [c for c in candidates if type(c) not in allowed]
    kept += [deep(opener=o) for t, o in ((list, "["), (dict, "{")) if t not in allowed]
    return st.sampled_from(kept)


def image_like(case: Case) -> bool:
    return case.config["resource_type"] in IMAGE_LIKE


def sequence_like(case: Case) -> bool:
    return case.config["resource_type"] in SEQUENCE_LIKE


__all__ = [
    "MUTATIONS",
    "SHAPES",
    "Draft",
    "Mutant",
    "Raw",
    "deep",
    "mutants",
    "points",
]
