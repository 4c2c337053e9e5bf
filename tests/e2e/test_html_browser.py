"""The HTML report in a real browser: Debian's chromium renders it headless."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.beyond_cli import console

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; CI installs it)"
)
WIDTH, HEIGHT = 1280, 1600


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--virtual-time-budget=3000",  # let the page's script run before the capture
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    run = console("--format", "html", "--output", str(out), "examples", cwd=REPO)
    assert run.returncode == 1, run.stderr  # examples hold invalid files
    return out


def test_main__html_to_stdout_without_output() -> None:
    run = console("--format", "html", "examples", cwd=REPO)
    assert run.returncode == 1
    assert run.stdout.startswith("<!doctype html>") and run.stdout.endswith("</html>\n")


@needs_chromium
def test_html__browser_draws_opened_files(page: Path, tmp_path: Path) -> None:
    run = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr
    dom = run.stdout
    # The script copied the first invalid files' drawings out of their templates.
    assert dom.count('<div class="drawing">') == 3
    assert 'data-code="unknown_class"' in dom.split('<div class="drawing">', 1)[1]


@needs_chromium
def test_html__browser_renders_a_screenshot(page: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    run = _chromium(tmp_path / "profile", f"--screenshot={png}", page.as_uri())
    assert run.returncode == 0, run.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)
    assert len(data) > 20_000  # a page with tables and drawings, not a blank frame
