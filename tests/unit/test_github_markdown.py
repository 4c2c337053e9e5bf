"""Markdown pieces: escaping of untrusted text, the only links the review makes."""

from __future__ import annotations

import re

import pytest

from gt_validator.github.markdown import Links, code, text

pytestmark = pytest.mark.unit

HOSTILE = "gt/a/evil\n::error::pwned `@someone` <img src=x> | [x](https://e.vil) #1 www.e.vil.json"


def test_text__no_mention_html_link_or_table_break() -> None:
    out = text(HOSTILE)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"@\w", out)
    assert "<" not in out and ">" not in out
    assert re.search(r"(?<!\\)\|", out) is None
    assert "](" not in out and "://" not in out and "www." not in out
    assert re.search(r"(?<!\\)`", out) is None
    assert re.search(r"#\d", out) is None


def test_text__ampersand_escaped_first() -> None:
    assert text("a & <b>") == "a &amp; &lt;b&gt;"


def test_code__fence_longer_than_backticks_inside() -> None:
    out = code("a``b`")
    assert out.startswith("``` ") and out.endswith(" ```")
    assert "a``b`" in out


def test_code__table_pipes_and_newlines() -> None:
    out = code("a|b\nc", table=True)
    assert "\\|" in out and "\n" not in out and "\\n" in out


def test_code__empty_value() -> None:
    assert "`" not in code("")


def test_text__non_utf8_name_shown_escaped() -> None:
    name = b"gt/a/caf\xe9.json".decode("utf-8", "surrogateescape")
    out = text(name)
    assert out.encode("utf-8")  # no lone surrogate left: writable as UTF-8
    assert "\\udce9" in out


def test_links__blob_percent_encodes_the_path() -> None:
    links = Links.make("https://github.com/", "o/r", "a" * 40)
    assert links is not None
    url = links.blob("gt/a b/x)](javascript:@y.json", 17)
    assert url == (
        "https://github.com/o/r/blob/" + "a" * 40 + "/gt/a%20b/x%29%5D%28javascript%3A%40y.json#L17"
    )
    raw = b"gt/caf\xe9.json".decode("utf-8", "surrogateescape")
    assert links.blob(raw).endswith("/gt/caf%E9.json")


@pytest.mark.parametrize(
    ("server", "repo", "sha"),
    [
        ("https://github.com", "o/r", "a" * 39),
        ("https://github.com", "o/r", "A" * 40),
        ("javascript:alert(1)//", "o/r", "a" * 40),
        ("https://github.com", "o/r)[x](y", "a" * 40),
        ("https://github.com", "o/r", None),
    ],
)
def test_links__make_refuses_what_is_not_a_link(server: str, repo: str, sha: str | None) -> None:
    assert Links.make(server, repo, sha) is None


def test_links__make_accepts_enterprise_server() -> None:
    links = Links.make("https://ghe.example.com:8443/", "org/data.set", "0" * 40)
    assert links is not None and links.commit().startswith("https://ghe.example.com:8443/org/")
