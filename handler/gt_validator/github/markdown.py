"""Markdown pieces for the job summary and the pull-request comment: escaping, links.

File names, pointers, labels and messages come from the pull request's author,
so every piece of them goes through :func:`text`: no ``@`` mention can ping, no
HTML or link can be injected, no table can be broken. (Code spans would keep
HTML inert too, but plain escaped text keeps one simple invariant: no raw
``<`` from data in the output, only the Action's own tags.) :func:`code` is for
the Action's own words (rule codes). :class:`Links` builds the only links, from
validated parts and a percent-encoded path. The layout is in ``review``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

MARKER = "<!-- gt-validator -->"
ZWSP = "\u200b"
NONE = "\u2013"  # an en dash in an empty cell
COMMENT_LIMIT = 65_536  # characters, GitHub's limit for a comment body
COMMENT_BUDGET = 60_000  # what we aim for, leaving room for the closing note
SUMMARY_LIMIT = 1024 * 1024  # bytes, GitHub's limit for one step's summary
SUMMARY_BUDGET = 1_000_000
ANNOTATIONS_SHOWN = 10  # per level per step, what GitHub displays

# Controls, line separators, and lone surrogates (a file name that is not valid
# UTF-8, as the OS hands it over), all shown as escapes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]")
_PUNCT = re.compile(r"([\\`*_{}\[\]()!|~#+\-.:])")
_BACKTICKS = re.compile(r"`+")


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return named.get(char, f"\\u{ord(char):04x}")


def _defuse(value: str) -> str:
    """No mention (``@name``), issue reference (``#1``) or autolinked URL."""
    value = value.replace("@", "@" + ZWSP).replace("#", "#" + ZWSP)
    value = value.replace("://", ":" + ZWSP + "//")
    return re.sub(r"(?i)www\.", lambda m: m.group(0)[:3] + ZWSP + ".", value)


def text(value: str) -> str:
    """Untrusted text as inert inline Markdown, on one line, safe in a table cell."""
    value = _CONTROL.sub(_visible, value)
    value = _PUNCT.sub(r"\\\1", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _defuse(value)


def code(value: str, *, table: bool = False) -> str:
    """Untrusted text as a code span (fenced longer than any backtick run in it)."""
    if not value:
        return "*(empty)*"
    value = _defuse(_CONTROL.sub(_visible, value))
    if table:
        value = value.replace("|", "\\|")
    longest = max((len(m) for m in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    # One space each side is stripped by the renderer, so a leading or
    # trailing backtick cannot join the fence.
    return f"{fence} {value} {fence}"


_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_SERVER = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~-]+)*")
_REPOSITORY = re.compile(r"[\w.-]+/[\w.-]+")


def valid_sha(value: object) -> str | None:
    """A commit id as the event gives it, or None when it is not one."""
    return value if isinstance(value, str) and _SHA.fullmatch(value) else None


@dataclass(frozen=True)
class Links:
    """Where the review's links point: ``SERVER/OWNER/REPO/blob/SHA/PATH#L<line>``."""

    server: str
    repository: str
    sha: str

    @classmethod
    def make(cls, server: str, repository: str, sha: str | None) -> Links | None:
        server, sha = server.rstrip("/"), valid_sha(sha)
        if not (sha and _SERVER.fullmatch(server) and _REPOSITORY.fullmatch(repository)):
            return None
        return cls(server, repository, sha)

    def commit(self) -> str:
        return f"{self.server}/{self.repository}/commit/{self.sha}"

    def blob(self, path: str, line: int | None = None) -> str:
        # Every byte outside the unreserved set is percent-encoded, so no path
        # can end the link or add to it; a non-UTF-8 name keeps its own bytes.
        quoted = quote(path.encode("utf-8", "surrogateescape"), safe="/")
        anchor = f"#L{line}" if line is not None else ""
        return f"{self.server}/{self.repository}/blob/{self.sha}/{quoted}{anchor}"
