"""A loopback stand-in for the GitHub REST API, and a runner's side, for the Action's tests.

Serves the endpoints the Action uses (issue comments: list with Link-header
pagination, create, update; a pull request's files, paginated and capped at
3,000 like GitHub; GET /user, 403 for an installation token), can be told to
answer 403 to writes, and records every request. Runs a ThreadingHTTPServer on
127.0.0.1 at a free port.

Below it, what a runner provides: a git repository with base and head commits,
a pull_request event payload, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and
the entry run as ``python -m gt_validator github``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

PULL_FILES_CAP = 3000
_COMMENTS = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
_COMMENT = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")
_FILES = re.compile(r"^/repos/([^/]+/[^/]+)/pulls/(\d+)/files$")


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names in lower case
    body: Any


@dataclass
class FakeGitHub:
    """State and switches; ``url`` is the API base to put in GITHUB_API_URL."""

    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    pull_files: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    forbid_writes: bool = False
    fail_reads: int | None = None  # an HTTP status for every GET, when set
    # GET /user: a personal token's login; None answers 403 as GitHub does for the
    # default GITHUB_TOKEN (an installation token, whose comments are the bot's).
    user_login: str | None = None
    next_id: int = 1000
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_PATCH(self) -> None:
                fake._handle(self, "PATCH")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/api/v3"
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- helpers for tests ------------------------------------------------
    def add_comment(self, number: int, body: str, login: str = "someone") -> int:
        with self.lock:
            self.next_id += 1
            self.comments.setdefault(number, []).append(
                {"id": self.next_id, "body": body, "user": {"login": login, "type": "User"}}
            )
            return self.next_id

    def calls(self, method: str, pattern: str = "") -> list[Recorded]:
        return [r for r in self.requests if r.method == method and pattern in r.path]

    # -- the server -------------------------------------------------------
    def _handle(self, req: BaseHTTPRequestHandler, method: str) -> None:
        split = urlsplit(req.path)
        path = split.path.removeprefix("/api/v3")
        query = parse_qs(split.query)
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        with self.lock:
            self.requests.append(
                Recorded(method, path, query, {k.lower(): v for k, v in req.headers.items()}, body)
            )
        status, payload, headers = self._route(method, path, query, body, req)
        data = json.dumps(payload).encode("utf-8")
        req.send_response(status)
        req.send_header("Content-Type", "application/json; charset=utf-8")
        req.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            req.send_header(name, value)
        req.end_headers()
        req.wfile.write(data)

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Any,
        req: BaseHTTPRequestHandler,
    ) -> tuple[int, Any, dict[str, str]]:
        if method == "GET" and self.fail_reads:
            return self.fail_reads, {"message": "Server Error"}, {}
        if method != "GET" and self.forbid_writes:
            return 403, {"message": "Resource not accessible by integration"}, {}
        if path == "/user" and method == "GET":
            if self.user_login is None:
                return 403, {"message": "Resource not accessible by integration"}, {}
            return 200, {"login": self.user_login, "type": "User"}, {}
        if m := _COMMENTS.match(path):
            number = int(m.group(2))
            if method == "GET":
                return self._page(self.comments.get(number, []), query, path, req)
            with self.lock:
                self.next_id += 1
                comment = {
                    "id": self.next_id,
                    "body": body["body"],
                    "user": (
                        {"login": self.user_login, "type": "User"}
                        if self.user_login
                        else {"login": "github-actions[bot]", "type": "Bot"}
                    ),
                }
                self.comments.setdefault(number, []).append(comment)
            return 201, comment, {}
        if (m := _COMMENT.match(path)) and method == "PATCH":
            wanted = int(m.group(2))
            for items in self.comments.values():
                for comment in items:
                    if comment["id"] == wanted:
                        comment["body"] = body["body"]
                        return 200, comment, {}
            return 404, {"message": "Not Found"}, {}
        if (m := _FILES.match(path)) and method == "GET":
            files = self.pull_files.get(int(m.group(2)), [])[:PULL_FILES_CAP]
            return self._page(files, query, path, req)
        return 404, {"message": "Not Found"}, {}

    def _page(
        self,
        items: list[dict[str, Any]],
        query: dict[str, list[str]],
        path: str,
        req: BaseHTTPRequestHandler,
    ) -> tuple[int, Any, dict[str, str]]:
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page : page * per_page]
        last = max(1, -(-len(items) // per_page))
        links = []
        base = f"http://{req.headers['Host']}/api/v3{path}"
        if page < last:
            links.append(
                f'<{base}?{urlencode({"per_page": per_page, "page": page + 1})}>; rel="next"'
            )
            links.append(f'<{base}?{urlencode({"per_page": per_page, "page": last})}>; rel="last"')
        return 200, chunk, ({"Link": ", ".join(links)} if links else {})


# -- a runner's side: a git repository, an event payload, the entry ---------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace").strip()


def commit(repo: Path, files: dict[str, bytes | None], message: str) -> str:
    """Write (bytes) or delete (None) files, commit them all; the new commit's sha."""
    for name, data in files.items():
        path = repo / name
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def init_repo(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")


def pull_request_event(
    path: Path,
    *,
    number: int,
    base: str,
    head: str,
    repo: str = "acme/gt-data",
    changed_files: int | None = None,
) -> Path:
    """A pull_request event payload shaped like GitHub's (the fields the Action reads)."""
    owner = repo.split("/")[0]
    payload = {
        "action": "synchronize",
        "number": number,
        "pull_request": {
            "number": number,
            "state": "open",
            "title": "Add GT",
            "base": {"ref": "main", "sha": base, "repo": {"full_name": repo}},
            "head": {"ref": "feature", "sha": head, "repo": {"full_name": f"fork/{repo}"}},
            "changed_files": changed_files,
            "user": {"login": "contributor"},
        },
        "repository": {"full_name": repo, "owner": {"login": owner}},
        "sender": {"login": "contributor"},
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


@dataclass
class ActionRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def parse_outputs(content: str) -> dict[str, str]:
    """GITHUB_OUTPUT as the runner reads it: ``name<<DELIM`` ... ``DELIM``, or ``name=value``."""
    out: dict[str, str] = {}
    lines = content.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line:
            name, delim = line.split("<<", 1)
            end = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
            i += 1
        else:
            i += 1
    return out


def run_action(
    workspace: Path,
    runner: Path,
    *,
    api_url: str,
    event: Path | None,
    inputs: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    event_name: str = "pull_request",
) -> ActionRun:
    """``gt-validate github`` in a subprocess with a runner's environment."""
    runner.mkdir(parents=True, exist_ok=True)
    output, summary, temp = runner / "output", runner / "summary", runner / "temp"
    temp.mkdir(exist_ok=True)
    for f in (output, summary):
        f.write_text("", encoding="utf-8")
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(runner),
        **GIT_ENV,
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_REPOSITORY": "acme/gt-data",
        "GITHUB_API_URL": api_url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(temp),
        "PYTHONIOENCODING": "utf-8",
    }
    if event is not None:
        environ["GITHUB_EVENT_PATH"] = str(event)
    environ.update({f"INPUT_{k.upper()}": v for k, v in (inputs or {}).items()})
    environ.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "gt_validator", "github"],
        cwd=workspace,
        env=environ,
        capture_output=True,
        check=False,
    )
    return ActionRun(
        done.returncode,
        done.stdout.decode("utf-8"),
        done.stderr.decode("utf-8", "replace"),
        parse_outputs(output.read_text(encoding="utf-8")),
        summary.read_text(encoding="utf-8"),
    )
