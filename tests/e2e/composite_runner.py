"""action.yml's steps run as a runner runs a composite action, for the tests.

Just enough of GitHub's expression language for this action: ``${{ inputs.x }}``,
``${{ github.action_path }}``, ``${{ runner.temp }}``, ``${{ steps.s.outputs.o }}``,
``a || b``, and ``if:`` conditions of the form ``<expr> == '...'`` / ``!= '...'``.
``uses:`` steps are stood in for: setup-python must not be needed (the test passes
the running Python's version); actions/cache hits when ``saved`` (shared between
runs, as the cache service is) holds the key, and saves the key after a run that
succeeded, as its post step does.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_COND = re.compile(r"^(.*?)\s*(==|!=)\s*'([^']*)'$")


@dataclass
class CompositeRun:
    action: Path
    inputs: dict[str, str]
    env: dict[str, str]
    temp: Path
    saved: set[str] = field(default_factory=set)  # the cache service's keys
    stop_after: str | None = None  # a step id
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""

    def _value(self, ref: str) -> str:
        for alternative in ref.split("||"):
            value = self._one(alternative.strip())
            if value:
                return value
        return ""

    def _one(self, ref: str) -> str:
        if ref.startswith("inputs."):
            return self.inputs.get(ref[7:], "")
        if ref == "github.action_path":
            return str(self.action)
        if ref == "github.token":
            return self.env.get("GITHUB_TOKEN", "")
        if ref == "runner.temp":
            return str(self.temp)
        if m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", ref):
            return self.outputs.get(m.group(1), {}).get(m.group(2), "")
        raise AssertionError(f"expression not understood by the stand-in: {ref}")

    def expand(self, text: str) -> str:
        return _EXPR.sub(lambda m: self._value(m.group(1)), text)

    def _condition(self, condition: str) -> bool:
        m = _COND.match(condition.strip())
        assert m, f"condition not understood by the stand-in: {condition}"
        left = self._value(m.group(1))
        return (left == m.group(3)) == (m.group(2) == "==")

    def _uses(self, step: dict[str, Any], sid: str) -> int:
        uses = str(step["uses"])
        if uses.startswith("actions/setup-python@"):
            raise AssertionError("setup-python ran: the running Python was not found")
        if uses.startswith("actions/cache@"):
            key = self.expand(str(step["with"]["key"]))
            self.outputs[sid] = {"cache-hit": "true" if key in self.saved else "false"}
            self._pending = key
            return 0
        raise AssertionError(f"no stand-in for {uses}")

    _pending: str = ""

    def run(self) -> int:
        doc = YAML(typ="safe", pure=True).load(
            (self.action / "action.yml").read_text(encoding="utf-8")
        )
        defaults = {k: str(v.get("default", "")) for k, v in doc["inputs"].items()}
        self.inputs = {**defaults, **self.inputs}
        for index, step in enumerate(doc["runs"]["steps"]):
            sid = str(step.get("id", f"step{index}"))
            if "if" in step and not self._condition(str(step["if"])):
                continue
            self.ran.append(str(step.get("name", sid)))
            if "uses" in step:
                self._uses(step, sid)
                continue
            out = self.temp / f"output-{sid}"
            out.write_text("", encoding="utf-8")
            env = {**self.env, "GITHUB_OUTPUT": str(out), "RUNNER_TEMP": str(self.temp)}
            env.update({k: self.expand(str(v)) for k, v in step.get("env", {}).items()})
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", str(step["run"])],
                env=env,
                capture_output=True,
                check=False,
            )
            self.outputs[sid] = dict(
                line.split("=", 1)
                for line in out.read_text(encoding="utf-8").splitlines()
                if "=" in line and "<<" not in line
            )
            self.stdout = done.stdout.decode("utf-8", "replace")
            self.stderr = done.stderr.decode("utf-8", "replace")
            if done.returncode != 0:
                return done.returncode
            if sid == self.stop_after:
                return 0
        if self._pending:
            self.saved.add(self._pending)
        return 0


def runner_env(workspace: Path, runner: Path) -> dict[str, str]:
    """A runner's variables for a push event, with files the action may write."""
    runner.mkdir(parents=True, exist_ok=True)
    files = {n: runner / n.lower() for n in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        path.write_text("", encoding="utf-8")
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(runner),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_REPOSITORY": "acme/gt-data",
        **{k: str(v) for k, v in files.items()},
        # How this machine reaches the package index (pip settings, proxies, CAs).
        **{
            k: v
            for k, v in os.environ.items()
            if k.upper().startswith(("PIP_", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_"))
            or k in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
        },
    }
