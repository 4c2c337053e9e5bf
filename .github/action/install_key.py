"""The Action's install: its cache key, its venv folder, its extras (GITHUB_OUTPUT lines).

Run by action.yml with the Python that will host the venv, before anything is
installed (standard library only). The key hashes the Action's own source, so a
moved major tag (``v1``) never reuses the install of an older release, and the
interpreter (version and path: a venv is tied to both), so a cache hit is an
install that works as restored.

Usage: ``python install_key.py ACTION_PATH RUNNER_TEMP`` (``GT_REMOTE`` set adds
the ``[s3]`` extra).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

SOURCE_SUFFIXES = (".py", ".c", ".h", ".json", ".toml", ".cfg", ".typed")
SKIP_DIRS = frozenset({"__pycache__", "build", "dist", ".venv", ".git"})


def source_files(action: Path) -> list[Path]:
    """What the install is built from: the packaging files and the package tree."""
    found = [action / name for name in ("pyproject.toml", "setup.py") if (action / name).is_file()]
    for folder, dirs, files in os.walk(action / "handler"):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        found += [Path(folder) / f for f in sorted(files) if f.endswith(SOURCE_SUFFIXES)]
    return found


def install_outputs(action: Path, temp: Path, remote: bool) -> dict[str, str]:
    extras = "[s3]" if remote else ""
    digest = hashlib.sha256()
    for path in source_files(action):
        digest.update(path.relative_to(action).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    digest.update(f"{sys.version}\0{sys.executable}\0{sys.platform}\0{extras}".encode())
    minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return {
        "key": f"gt-validator-{sys.platform}-py{minor}-{digest.hexdigest()[:32]}",
        "venv": str(temp / "gt-validator-venv"),
        "extras": extras,
    }


def main(argv: list[str]) -> int:
    action, temp = Path(argv[1]), Path(argv[2])
    outputs = install_outputs(action, temp, bool(os.environ.get("GT_REMOTE")))
    sys.stdout.write("".join(f"{name}={value}\n" for name, value in outputs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
