# ruff: noqa: RUF001, RUF002  (the look-alike letters below are the point of this module)
"""Messages for names that do not match: the closest registered name, and the
code points that make two names look alike (``саr`` with a Cyrillic ``с``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from itertools import islice

# Letters that render like Latin ones in common fonts; enough for the usual
# copy-paste accidents (Cyrillic and Greek keyboards, full-width forms via NFKC).
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "І": "I",
        "Ј": "J",
        "Ѕ": "S",
        "α": "a",
        "ο": "o",
        "ρ": "p",
        "ν": "v",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u3000": " ",
    }
)


def _skeleton(name: str) -> str:
    """The name as a reader sees it: invisible characters dropped, look-alikes folded."""
    folded = unicodedata.normalize("NFKC", name).translate(_HOMOGLYPHS)
    return "".join(ch for ch in folded if unicodedata.category(ch) not in ("Cf", "Cc", "Mn"))


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}"


def _odd_code_points(name: str) -> list[str]:
    return [
        _describe(ch)
        for ch in dict.fromkeys(name)
        if not ch.isascii() or unicodedata.category(ch) in ("Cf", "Cc")
    ]


def quote(value: object, limit: int = 60) -> str:
    """A value as shown in messages: strings in single quotes, control characters
    escaped; other values as Python writes them, cut at about ``limit`` characters.

    Iterative on purpose: a value from the file may be nested 1,000 levels deep
    (``repr`` would recurse) or hold a million items (the message stays short).
    """
    if isinstance(value, str):
        if len(value) > 4 * limit:  # the message shows the start; escape no more
            return _quote_str(value[: 4 * limit])[:-1] + "...'"
        return _quote_str(value)
    parts: list[str] = []
    size = 0
    stack: list[object] = [value]
    while stack and size <= limit:
        item = stack.pop()
        if isinstance(item, _Text):
            piece = item.text
        elif type(item) is list:
            stack.append(_Text("]"))
            stack.extend(_separated(item[: limit + 1]))  # each item shows 1+ characters
            piece = "["
        elif type(item) is dict:
            stack.append(_Text("}"))
            stack.extend(_separated(list(islice(item.items(), limit + 1))))
            piece = "{"
        elif type(item) is tuple:  # a dict member: key, then value
            stack.extend((item[1], _Text(": "), item[0]))
            continue
        elif isinstance(item, str):
            piece = _quote_str(item[: limit + 1])
        else:
            # As the file spells them: null, true, false; numbers as Python writes them.
            piece = _JSON_CONSTANTS[item] if item is None or type(item) is bool else repr(item)
        parts.append(piece)
        size += len(piece)
    shown = "".join(parts)
    return shown if not stack and size <= limit else shown[:limit] + "..."


_JSON_CONSTANTS: dict[bool | None, str] = {None: "null", True: "true", False: "false"}


class _Text:
    """Punctuation on ``quote``'s stack, told apart from string values."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _separated(items: Sequence[object]) -> list[object]:
    """``items`` with ', ' between them, reversed for a stack."""
    out: list[object] = []
    for i, item in enumerate(reversed(items)):
        if i:
            out.append(_Text(", "))
        out.append(item)
    return out


def _quote_str(value: str) -> str:
    shown = value if value.isprintable() else value.encode("unicode_escape").decode("ascii")
    return f"'{shown}'"


def suggestion(name: str, registered: Iterable[str]) -> str:
    """'; did you mean 'car'?' (plus the look-alike code points), or ''."""
    candidates = list(registered)
    if not candidates:
        return ""
    skeleton = _skeleton(name)
    for cand in candidates:
        if _skeleton(cand) == skeleton:
            odd = [c for c in _odd_code_points(name) if c not in _odd_code_points(cand)]
            detail = f" (it differs by look-alike or invisible characters: {', '.join(odd)})"
            return f"; did you mean {quote(cand)}?" + (detail if odd else "")
    folded = {c.casefold(): c for c in candidates}
    # The name's own case-fold first: a letter with a look-alike (Greek alpha) folds to
    # another script in the skeleton, which its capital's case-fold never equals.
    for key in (name.casefold(), skeleton.casefold()):
        if key in folded:
            return f"; did you mean {quote(folded[key])}? (names are case-sensitive)"
    import difflib  # only for a name that does not match

    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {quote(close[0])}?"
    return ""


def expected(names: Iterable[str], limit: int = 8) -> str:
    """' (expected one of: 'a', 'b', ...)'."""
    listed = list(names)
    shown = ", ".join(quote(n) for n in listed[:limit])
    more = f", ... ({len(listed) - limit} more)" if len(listed) > limit else ""
    return f" (expected one of: {shown}{more})" if listed else " (none are registered)"
