"""fix's atomic write: the original survives a failed write, no temp file is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gt_validator.cli.fix import write_atomically

pytestmark = pytest.mark.unit


def test_write_atomically__replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o604)
    write_atomically(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_write_atomically__failed_rename_keeps_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rename that fails (a full disk, a vanished folder) cannot be made on demand here.
    target = tmp_path / "x.json"
    target.write_bytes(b"old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomically(str(target), b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
