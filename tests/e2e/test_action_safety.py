"""What the Action reads and writes, on any runner: the workspace only, the pull
request's own head, its own comment, UTF-8 whatever the locale."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.action_project import MARKER, Project, commands, doc
from tests.e2e.fake_github import FakeGitHub, git, run_action

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"


def _everything(run: object, fake: FakeGitHub) -> str:
    """Every channel a reader could see: log, summary, outputs, report, comments."""
    outputs = getattr(run, "outputs", {})
    parts = [getattr(run, "stdout", ""), getattr(run, "stderr", ""), getattr(run, "summary", "")]
    parts.append(json.dumps(outputs))
    if outputs.get("report"):
        parts.append(Path(outputs["report"]).read_text(encoding="utf-8"))
    parts += [c["body"] for items in fake.comments.values() for c in items]
    return "\n".join(parts)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_action__symlink_out_of_workspace_not_followed(project: Project, fake: FakeGitHub) -> None:
    outside = project.tmp / "home" / ".aws"
    outside.mkdir(parents=True)
    target = outside / "credentials.json"
    target.write_text(
        json.dumps({"aws_secret_access_key": SECRET, "parent_path": "ghp_" + "x" * 36}),
        encoding="utf-8",
    )
    (project.root / "gt/a").mkdir(parents=True, exist_ok=True)
    (project.root / "gt/a/link.json").symlink_to(target)
    (project.root / "assets").mkdir()
    (project.root / "assets/near.json").write_bytes(doc("a/near.json"))
    (project.root / "gt/a/near.json").symlink_to(project.root / "assets/near.json")  # inside
    head = project.push({})
    run = project.run(head)
    assert run.code == 1
    report = json.loads(Path(run.outputs["report"]).read_text(encoding="utf-8"))
    by_path = {f["path"]: f for f in report["files"]}
    assert [f["code"] for f in by_path["gt/a/link.json"]["findings"]] == ["unsupported_file_type"]
    assert by_path["gt/a/near.json"]["valid"] is True
    seen = _everything(run, fake)
    for leak in (SECRET, "aws_secret_access_key", "ghp_x", str(target), "credentials"):
        assert leak not in seen, leak


def test_action__pull_request_target_on_base_checkout_exits_2(
    project: Project, fake: FakeGitHub
) -> None:
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    git(project.root, "checkout", "-q", project.base)  # the event's default checkout
    run = project.run(head, event_name="pull_request_target")
    assert run.code == 2
    errors = [c for c in commands(run.stdout) if c.startswith("::error ")]
    assert errors and "pull_request_target" in errors[0] and head[:12] in errors[0]
    assert not fake.calls("POST") and "valid" not in run.outputs

    git(project.root, "checkout", "-q", head)  # near miss: the head itself
    again = project.run(head, event_name="pull_request_target")
    assert again.code == 1 and again.outputs["invalid-files"] == "1"


def test_action__fail_on_never_comment_tells_the_truth(project: Project, fake: FakeGitHub) -> None:
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    first = project.run(head, {"fail-on": "never"})
    assert first.code == 0 and first.outputs["valid"] == "false"
    ours = [c for c in fake.comments[7] if c["body"].startswith(MARKER)]
    assert len(ours) == 1 and "1 of 1 file invalid" in ours[0]["body"]

    head = project.push({"gt/a/y.json": doc("a/y.json", label="Truck")})
    second = project.run(head, {"fail-on": "never"})
    assert second.code == 0
    body = fake.comments[7][0]["body"]
    assert "fixed" not in body and "2 of 2 files invalid" in body


def test_action__marker_comment_by_someone_else_left_alone(
    project: Project, fake: FakeGitHub
) -> None:
    forged = fake.add_comment(7, MARKER + "\nI wrote this myself", login="contributor")
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    project.run(head)
    mine = next(c for c in fake.comments[7] if c["id"] == forged)
    assert mine["body"] == MARKER + "\nI wrote this myself"
    assert not fake.calls("PATCH")
    bots = [c for c in fake.comments[7] if c["user"]["login"] == "github-actions[bot]"]
    assert len(bots) == 1 and bots[0]["body"].startswith(MARKER)
    assert fake.calls("GET", "/user")  # asked who the token is (403: the default token)


def test_action__personal_token_edits_its_own_comment(project: Project, fake: FakeGitHub) -> None:
    fake.user_login = "dataset-ci"
    own = fake.add_comment(7, MARKER + "\nold", login="dataset-ci")
    head = project.push({"gt/a/x.json": doc("a/x.json", label="Car")})
    project.run(head)
    assert [r.path for r in fake.calls("PATCH")] == [f"/repos/acme/gt-data/issues/comments/{own}"]
    assert not fake.calls("POST")


def test_action__cp1252_stdout_still_utf8(tmp_path: Path, fake: FakeGitHub) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(REPO / "examples", workspace)
    frame = next(workspace.rglob("frame_0011.json"))
    rel = frame.relative_to(workspace).as_posix()
    run = run_action(
        workspace,
        tmp_path / "runner",
        api_url=fake.url,
        event=None,
        event_name="push",
        inputs={"paths": rel, "changed-only": "false"},
        env={"PYTHONIOENCODING": "cp1252"},
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert run.outputs["files"] == "1" and run.outputs["report"]
    assert run.code == 1 and run.summary.startswith("### ")
    annotations = [c for c in commands(run.stdout) if c.startswith("::error ")]
    assert annotations and all(f"file={rel}" in c for c in annotations)
    non_cp1252 = [c for c in run.stdout if not _cp1252(c)]
    assert non_cp1252, "the example should hold text cp1252 cannot encode"


def _cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="byte file names are a POSIX matter")
def test_action__non_utf8_file_name_escaped(project: Project, fake: FakeGitHub) -> None:
    raw = b"caf\xe9.json"
    folder = project.root / "gt" / "a"
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(bytes(folder), raw), "wb") as stream:
        stream.write(doc("a/caf.json", label="Car"))
    head = project.push({})
    run = project.run(head)
    assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
    assert run.outputs["invalid-files"] == "1"
    assert "caf\\udce9.json" in run.stdout  # escaped in the annotation, not a crash
    assert "caf\\\\udce9" in run.summary
    body = fake.comments[7][0]["body"]
    assert f"blob/{head}/gt/a/caf%E9.json" in body
