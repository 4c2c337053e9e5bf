"""Text helpers shared by the reporters: make untrusted strings safe to print.

Paths, labels and messages come from users' files and file names, so any of
them may hold control characters, bidi overrides or (from undecodable file
names, via surrogateescape) lone surrogates that no UTF-8 stream can encode.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..report import SEVERITY_ORDER, FileReport, Finding

# C0/C1 controls and DEL (terminal escapes, line breaks), line/paragraph
# separators, bidi controls (text that displays in another order than it
# reads), lone surrogates, and the two non-characters XML 1.0 forbids.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(s: str, keep: str = "") -> str:
    """``s`` with every unsafe character written as a backslash escape (``\\x1b``).

    ``keep`` lists characters to leave alone (the GitHub reporter keeps CR/LF
    because workflow-command escaping handles them). The result is valid in
    XML 1.0 and cannot move a terminal's cursor or colour.
    """
    if s.isascii() and s.isprintable():  # the common case: nothing to do
        return s
    if keep:
        return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), s)
    return _UNSAFE.sub(_escape, s)


def scrub(s: str) -> str:
    """``s`` with lone surrogates replaced by U+FFFD, so it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", s)


def scrub_tree(value: object) -> object:
    """A JSON-like value with every string (keys too) passed through :func:`scrub`."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub(str(k)): scrub_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_tree(v) for v in value]
    return value


def position(finding: Finding) -> str:
    """``line:col``, ``line`` or ``-`` when the position is unknown."""
    if finding.line is None:
        return "-"
    if finding.column is None:
        return str(finding.line)
    return f"{finding.line}:{finding.column}"


def by_position(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in reading order; those without a position (whole file) first.

    The sort is stable, so findings at one spot keep the validator's order.
    """
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0))


def by_severity(files: Iterable[FileReport]) -> list[tuple[FileReport, Finding]]:
    """(file, finding) pairs, most severe first, otherwise in report order."""
    pairs = [(fr, f) for fr in files for f in fr.findings]
    return sorted(pairs, key=lambda p: SEVERITY_ORDER.get(p[1].severity, len(SEVERITY_ORDER)))


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def finding_line(finding: Finding) -> str:
    """One finding on one line, for listings inside other formats (JUnit bodies)."""
    out = f"{position(finding)}  {finding.severity}  {finding.code}  {printable(finding.message)}"
    if finding.pointer:
        out += f"  ({printable(finding.pointer)})"
    return out
