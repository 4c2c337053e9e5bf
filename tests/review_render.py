"""The review as a reviewer sees it: GitHub's renderer (cmark-gfm), a GitHub-like page,
headless Chromium for its height and screenshots.

Used by the review tests (HTML structure) and by ``bench/review.py`` (the numbers
and the screenshots in docs/github-action.md). Chromium is optional: callers skip
or say so when :func:`chromium` finds none.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

# GitHub renders comments with raw HTML allowed (then sanitised), hard line
# breaks, and the table, strikethrough, autolink, tagfilter and tasklist
# extensions; UNSAFE keeps any raw HTML from data visible to the checks.
_CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
# Every tag the review's Markdown may render to; anything else came from data.
REVIEW_TAGS = frozenset(
    {"h3", "h4", "p", "a", "code", "em", "strong", "br", "blockquote", "details", "summary"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
WIDTH = 900  # px, about the width of a pull request's conversation column

STYLE = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  font-size: 14px; line-height: 1.5; color: #1f2328; background: #fff; margin: 0; }
.comment { margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
.comment-head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  color: #59636e; border-radius: 6px 6px 0 0; }
.comment-head b { color: #1f2328; }
.markdown-body { padding: 16px; word-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 16px 0; }
.markdown-body h4 { font-size: 1em; font-weight: 600; margin: 16px 0 8px; }
.markdown-body p, .markdown-body table, .markdown-body details,
.markdown-body blockquote, .markdown-body ul { margin: 0 0 16px; }
.markdown-body ul { padding-left: 2em; }
.markdown-body table { border-spacing: 0; border-collapse: collapse; display: block;
  width: max-content; max-width: 100%; overflow: auto; }
.markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { padding: .2em .4em; font-size: 85%; background: #eff1f3;
  border-radius: 6px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body summary { cursor: pointer; }
.markdown-body details > *:not(summary) { margin-top: 8px; }
"""


def to_html(markdown: str) -> str:
    """The Markdown as GitHub's renderer turns it into HTML (before sanitising)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_HARDBREAKS
    out: str = cmarkgfm.github_flavored_markdown_to_html(markdown, options=options)
    return out


def page(markdown: str, *, author: str = "github-actions", open_details: bool = False) -> str:
    """A standalone page: the rendered comment in a GitHub-like frame."""
    body = to_html(markdown)
    if open_details:
        body = body.replace("<details>", "<details open>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<style>{STYLE}</style></head><body><div class='comment'>"
        f"<div class='comment-head'><b>{html.escape(author)}</b> commented</div>"
        f"<div class='markdown-body'>{body}</div></div>"
        "<script>document.title = 'h=' + document.documentElement.scrollHeight;</script>"
        "</body></html>"
    )


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(args: list[str], html_text: str) -> str:
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "review.html"
        src.write_text(html_text, encoding="utf-8")
        done = subprocess.run(
            [exe, *_CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", *args, src.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    return done.stdout


def height(html_text: str) -> int:
    """The page's rendered height in px at :data:`WIDTH`."""
    dom = _run([f"--window-size={WIDTH},800", "--dump-dom"], html_text)
    match = re.search(r"<title>h=(\d+)</title>", dom)
    if not match:
        raise RuntimeError("chromium did not render the page")
    return int(match.group(1))


def screenshot(html_text: str, out: Path, *, max_height: int = 1400) -> int:
    """A PNG of the page's top ``max_height`` px; the page's full height."""
    full = height(html_text)
    shown = min(full, max_height)
    _run([f"--window-size={WIDTH},{shown}", f"--screenshot={out}"], html_text)
    return full


class Structure(HTMLParser):
    """What the review tests look at: links, tags, headings, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.tags: list[str] = []
        self.text: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._link_text)))
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._href is not None:
            self._link_text.append(data)


def structure(markdown: str) -> Structure:
    parser = Structure()
    parser.feed(to_html(markdown))
    parser.close()
    return parser
