"""The Action's install cache key: the source and the interpreter, nothing else."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.unit

SCRIPT = Path(__file__).resolve().parents[2] / ".github/action/install_key.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_key", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _action(root: Path) -> Path:
    (root / "handler/gt_validator/__pycache__").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nversion = '1.0.0'\n", encoding="utf-8")
    (root / "handler/gt_validator/core.py").write_text("X = 1\n", encoding="utf-8")
    return root


def test_install_outputs__key_follows_the_source(tmp_path: Path) -> None:
    key = _module().install_outputs
    action = _action(tmp_path / "a")
    first = key(action, tmp_path / "temp", False)
    assert first["venv"] == str(tmp_path / "temp" / "gt-validator-venv")
    assert first["key"].startswith(f"gt-validator-{sys.platform}-py3.")
    (action / "handler/gt_validator/__pycache__/core.pyc").write_bytes(b"junk")
    assert key(action, tmp_path / "temp", False) == first  # build leftovers do not count
    (action / "handler/gt_validator/core.py").write_text("X = 2\n", encoding="utf-8")
    assert key(action, tmp_path / "temp", False)["key"] != first["key"]


def test_install_outputs__remote_mode_is_its_own_install(tmp_path: Path) -> None:
    key = _module().install_outputs
    action = _action(tmp_path / "a")
    local, remote = key(action, tmp_path, False), key(action, tmp_path, True)
    assert (local["extras"], remote["extras"]) == ("", "[s3]")
    assert local["key"] != remote["key"]


def test_main__github_output_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GT_REMOTE", raising=False)
    action = _action(tmp_path / "a")
    assert _module().main(["install_key.py", str(action), str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("=", 1)[0] for line in lines] == ["key", "venv", "extras"]
