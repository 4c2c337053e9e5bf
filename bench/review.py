"""What a reviewer sees of a pull request with one noisy file and ten broken ones.

Runs ``gt-validate github`` against the loopback GitHub API (tests/e2e/fake_github.py)
on a pull request that adds one file with ``--noisy`` findings (default 300) and
``--others`` files (default 10) with one finding each, then reports:

- the comment's length in characters and its rendered height in px (GitHub's
  renderer, cmark-gfm, in a GitHub-like page, measured by headless Chromium);
- how many of the invalid files the comment names;
- the annotations GitHub displays (the first 10 errors): how many files they cover.

``--screenshot PNG`` also saves a picture of the comment (``--small`` for a
pull request of two broken files). Usage:
``python bench/review.py [--noisy 300] [--others 10] [--screenshot docs/img/x.png]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import review_render
from tests.e2e.action_project import CONFIG, MARKER, TOKEN, Project, commands, doc
from tests.e2e.fake_github import FakeGitHub, commit, init_repo

SHOWN_PER_LEVEL = 10  # annotations GitHub displays per level and step


def scenario(noisy: int, others: int, small: bool) -> dict[str, bytes]:
    if small:
        extra = json.loads(doc("b/warn.json"))
        extra["colour"] = "red"
        return {
            "gt/a/frame_0001.json": doc("a/frame_0001.json", label="Car", n=2, extra=True),
            "gt/b/warn.json": json.dumps(extra, indent=1).encode(),
            "gt/b/frame_0002.json": doc("b/frame_0002.json", label="truck"),
        }
    files = {"gt/a/frame_0000.json": doc("a/frame_0000.json", label="Car", n=noisy)}
    for i in range(others):
        rel = f"b/frame_{i + 1:04d}.json"
        files[f"gt/{rel}"] = doc(rel, label="Truck")
    return files


def measure(args: argparse.Namespace) -> dict[str, object]:
    fake = FakeGitHub().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "ws"
            init_repo(root)
            project = Project(root, Path(tmp), fake)
            project.base = commit(root, {"gt-project.json": json.dumps(CONFIG).encode()}, "base")
            files = scenario(args.noisy, args.others, args.small)
            head = project.push(files)
            run = project.run(head, {"github-token": TOKEN})
            body = next(c["body"] for c in fake.comments.get(7, []) if MARKER in c["body"])
            report = json.loads(Path(run.outputs["report"]).read_text(encoding="utf-8"))
    finally:
        fake.stop()
    report_files = [f["path"] for f in report["files"] if not f["valid"]]
    text = "".join(review_render.structure(body).text)
    errors = [c for c in commands(run.stdout) if c.startswith("::error ")]
    displayed = Counter(c.split("file=", 1)[1].split(",", 1)[0] for c in errors[:SHOWN_PER_LEVEL])
    per_file = Counter(c.split("file=", 1)[1].split(",", 1)[0] for c in errors)
    result: dict[str, object] = {
        "comment_chars": len(body),
        "invalid_files": len(report_files),
        "files_named_in_comment": sum(1 for p in report_files if p in text),
        "annotation_lines": len(errors),
        "files_in_displayed_annotations": len(displayed),
        "annotations_per_file_max": max(per_file.values(), default=0),
        "annotations_per_file_min": min(per_file.values(), default=0),
    }
    if review_render.chromium():
        page = review_render.page(body)
        if args.screenshot:
            result["rendered_px"] = review_render.screenshot(page, Path(args.screenshot))
        else:
            result["rendered_px"] = review_render.height(page)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--noisy", type=int, default=300)
    parser.add_argument("--others", type=int, default=10)
    parser.add_argument("--small", action="store_true", help="two broken files, few findings")
    parser.add_argument("--screenshot", help="save a PNG of the comment here")
    print(json.dumps(measure(parser.parse_args()), indent=1))


if __name__ == "__main__":
    main()
