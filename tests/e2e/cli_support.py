"""Helpers of the CLI's end-to-end tests: run the console script, build small projects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

VALID = EXAMPLES / "gt" / "0000" / "3576612_0_2023-04-03_17-10-44" / "frame_0001.json"


def console_script() -> str:
    """The installed ``gt-validate`` of this interpreter's environment."""
    beside = Path(sys.executable).parent / "gt-validate"
    return str(beside) if beside.exists() else shutil.which("gt-validate") or "gt-validate"


def gt_validate(
    *args: str,
    cwd: Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """One run of the console script, as a user runs it (no TTY: no colour, no bar).
    An ``env`` value "" removes the variable."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v != ""}
    full_env.pop("NO_COLOR", None)
    run = subprocess.run(
        [console_script(), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=full_env,
        check=False,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        run.args,
        run.returncode,
        run.stdout.decode("utf-8", "replace"),
        run.stderr.decode("utf-8", "replace"),
    )


def project(folder: Path, **overrides: object) -> Path:
    """A copy of the example project in ``folder`` (config, manifest, gt/), with
    top-level config keys replaced by ``overrides``; returns the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    config = json.loads((EXAMPLES / "gt-project.json").read_text(encoding="utf-8"))
    config.update(overrides)
    (folder / "gt-project.json").write_text(json.dumps(config), encoding="utf-8")
    shutil.copy(EXAMPLES / "resources.jsonl", folder / "resources.jsonl")
    shutil.copytree(EXAMPLES / "gt", folder / "gt")
    return folder / "gt-project.json"


def valid_copy(folder: Path, name: str = "frame_0001.json") -> Path:
    """The example's valid file where it belongs below ``folder`` (a project's gt/)."""
    target = folder / "0000" / "3576612_0_2023-04-03_17-10-44" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(VALID, target)
    return target


def report(run: subprocess.CompletedProcess[str]) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(run.stdout)
    return loaded
