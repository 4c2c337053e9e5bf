"""Regenerate docs/img/html-report.png: a demo frame (a drawn road picture, a swapped
box, an unregistered class, a lane point below the frame) rendered by headless chromium.

    python docs/img/html_report_demo.py   # needs gt-validate installed and chromium
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

OUT = Path(__file__).with_name("html-report.png")
W, H = 640, 360
UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def _picture() -> bytes:
    """Sky, verge, and a road with a dashed centre line, as an RGB PNG."""
    rows = []
    for y in range(H):
        row = bytearray([0])
        for x in range(W):
            if y < 150:
                rgb = (150 + y // 3, 190 + y // 5, 235)
            elif y < 170:
                rgb = (90, 120, 80)
            else:
                grey = 70 + (y - 170) // 6
                dash = abs(x - 320) < 4 + (y - 170) // 12 and (y // 14) % 2 == 0
                rgb = (230, 230, 230) if dash else (grey, grey, grey)
            row += bytes(rgb)
        rows.append(bytes(row))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def _project(root: Path) -> None:
    (root / "gt" / "drive").mkdir(parents=True)
    (root / "res" / "drive").mkdir(parents=True)
    (root / "res" / "drive" / "frame_0001.png").write_bytes(_picture())
    config = {
        "project": "drive",
        "resource_type": "image",
        "task_types": ["box", "polygon", "polyline", "keypoint"],
        "classes": [
            {
                "name": "car",
                "types": ["box"],
                "attributes": [{"name": "weather", "type": "select", "values": ["sunny", "rainy"]}],
            },
            {"name": "lane", "types": ["polyline"]},
            {"name": "road", "types": ["polygon"]},
            {"name": "pedestrian", "types": ["keypoint", "box"]},
        ],
        "resources": {"root": "res"},
        "gt_root": "gt",
    }
    (root / "gt-project.json").write_text(json.dumps(config, indent=2), encoding="utf-8")

    def ann(i: int, kind: str, label: str, points: list[list[int]], **attrs: str) -> object:
        return {
            "id": f"{i}-{UUID}",
            "type": kind,
            "attributes": attrs,
            "points": points,
            "label": label,
        }

    doc = {
        "annotations": [
            ann(1, "polygon", "road", [[0, 360], [300, 170], [340, 170], [640, 360]]),
            ann(2, "box", "car", [[470, 300], [380, 210]], weather="sunny"),
            ann(3, "box", "Car", [[120, 220], [220, 290]], weather="sunny"),
            ann(4, "polyline", "lane", [[320, 175], [322, 260], [326, 372]]),
            ann(5, "keypoint", "pedestrian", [[560, 250], [565, 200]]),
        ],
        "attributes": {},
        "filename": "frame_0001.png",
        "parent_path": "/drive",
        "metadata": {"height": H, "width": W},
    }
    (root / "gt" / "drive" / "frame_0001.json").write_text(json.dumps(doc, indent=2))


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.stderr.write("chromium is not installed (apt-get install chromium)\n")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _project(root)
        page = root / "report.html"
        args = ["--config", "gt-project.json", "--format", "html", "--output", str(page), "gt"]
        subprocess.run(["gt-validate", *args], cwd=root, check=False)
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={root / 'profile'}",
            f"--screenshot={OUT}",
            "--window-size=1100,1000",
            "--virtual-time-budget=3000",
        ]
        subprocess.run([chromium, *flags, page.as_uri()], check=True, capture_output=True)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
