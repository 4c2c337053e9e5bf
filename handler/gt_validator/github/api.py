"""A small, typed client for the few GitHub REST endpoints the Action uses.

Standard library only (``urllib.request``) so the Action installs fast and adds
no runtime dependency. Honours ``GITHUB_API_URL`` (GitHub Enterprise Server) by
taking the base URL as given. Pagination follows the ``Link: rel="next"``
header, as GitHub documents; never builds page URLs itself.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from gt_validator import __version__

_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
TIMEOUT_SECONDS = 30.0


class GitHubError(Exception):
    """A non-2xx answer (``status`` set) or no answer at all (``status`` 0)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"GitHub API {status or 'unreachable'}: {message}")
        self.status = status
        self.message = message


# The default GITHUB_TOKEN is an installation token of the GitHub Actions app:
# its comments are written by this login, and GET /user answers it 403.
ACTIONS_BOT = "github-actions[bot]"


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: str = ""  # the login that wrote it


@dataclass(frozen=True)
class PullFile:
    filename: str
    status: str  # added, removed, modified, renamed, copied, changed, unchanged
    previous_filename: str | None = None


class GitHubAPI(Protocol):
    """What :func:`gt_validator.github.main.action` needs from GitHub."""

    def list_comments(self, repo: str, number: int) -> Iterator[Comment]: ...
    def create_comment(self, repo: str, number: int, body: str) -> Comment: ...
    def update_comment(self, repo: str, comment_id: int, body: str) -> Comment: ...
    def list_pull_files(self, repo: str, number: int) -> Iterator[PullFile]: ...
    def current_login(self) -> str: ...


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a Link header, or None on the last page."""
    if not header:
        return None
    for part in header.split(","):
        match = _NEXT.search(part)
        if match:
            return match.group(1)
    return None


@dataclass
class RestClient:
    """GitHubAPI over HTTPS with a token (or anonymously, for public repositories)."""

    base_url: str
    token: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_SECONDS

    def _url(self, path: str, query: dict[str, str] | None = None) -> str:
        url = self.base_url.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return url

    def request(self, method: str, url: str, body: object = None) -> tuple[Any, str | None]:
        """Send one request; return the decoded JSON and the Link header."""
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": f"gt-validator/{__version__}",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                link = resp.headers.get("Link")
        except urllib.error.HTTPError as exc:
            raise GitHubError(exc.code, _error_message(exc)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GitHubError(0, str(getattr(exc, "reason", exc))) from None
        return (json.loads(raw) if raw.strip() else None), link

    def paginate(self, path: str, query: dict[str, str] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, page after page (per_page=100)."""
        url: str | None = self._url(path, {"per_page": "100", **(query or {})})
        while url:
            items, link = self.request("GET", url)
            if not isinstance(items, list):
                raise GitHubError(200, f"expected a list from {path}")
            yield from items
            url = next_link(link)

    def list_comments(self, repo: str, number: int) -> Iterator[Comment]:
        for item in self.paginate(f"/repos/{repo}/issues/{number}/comments"):
            yield _comment(item)

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        item, _ = self.request(
            "POST", self._url(f"/repos/{repo}/issues/{number}/comments"), {"body": body}
        )
        return _comment(item)

    def update_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        item, _ = self.request(
            "PATCH", self._url(f"/repos/{repo}/issues/comments/{comment_id}"), {"body": body}
        )
        return _comment(item)

    def current_login(self) -> str:
        """The token's own login: GET /user, or the Actions bot for an installation token.

        Installation tokens (the default GITHUB_TOKEN) may not call GET /user
        (403, or 404 on some servers); their comments are the Actions bot's.
        """
        try:
            item, _ = self.request("GET", self._url("/user"))
        except GitHubError as exc:
            if exc.status in (401, 403, 404):
                return ACTIONS_BOT
            raise
        login = item.get("login") if isinstance(item, dict) else None
        return str(login) if login else ACTIONS_BOT

    def list_pull_files(self, repo: str, number: int) -> Iterator[PullFile]:
        for item in self.paginate(f"/repos/{repo}/pulls/{number}/files"):
            previous = item.get("previous_filename")
            yield PullFile(
                str(item["filename"]),
                str(item.get("status", "")),
                str(previous) if previous else None,
            )


def _comment(item: Any) -> Comment:
    user = item.get("user") if isinstance(item.get("user"), dict) else {}
    return Comment(int(item["id"]), str(item.get("body") or ""), str(user.get("login") or ""))


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        payload = json.loads(exc.read() or b"null")
    except (ValueError, OSError):
        payload = None
    if isinstance(payload, dict) and isinstance(payload.get("message"), str):
        return str(payload["message"])[:200]
    return str(exc.reason)[:200]
