"""One GT frame as an inline SVG: every annotation drawn, the offending ones marked.

A shape with findings carries ``data-code`` (its codes, space-separated) and is
drawn in red; an out-of-range point gets its own marker. Every text from the file
is escaped. Only image and sequence_image frames are drawn (their metadata gives
width and height).
"""

from __future__ import annotations

import base64
import math
import os
import re
from collections.abc import Sequence
from html import escape
from typing import Any

from gt_validator.config.model import ProjectConfig
from gt_validator.gt_format import IMAGE_RESOURCES
from gt_validator.report import Finding
from gt_validator.reporters._text import printable

DRAWN_RESOURCES = IMAGE_RESOURCES  # the frame has a width and a height
MAX_IMAGE_BYTES = 8 * 1024 * 1024  # larger resources are not embedded
_MIME = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
_ANNOTATION = re.compile(r"^/annotations/(\d+)(/|$)")
_POINT = re.compile(r"^/annotations/(\d+)/points/(\d+)(/|$)")


def esc(text: str) -> str:
    """Text from files, safe in HTML and SVG: control characters and lone surrogates
    shown as escapes, markup characters as entities."""
    return escape(printable(text), quote=True)


def _num(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _xy(points: object) -> list[tuple[float, float]] | None:
    if not isinstance(points, list):
        return None
    out = []
    for p in points:
        if not (isinstance(p, list) and len(p) >= 2 and _num(p[0]) and _num(p[1])):
            return None
        out.append((float(p[0]), float(p[1])))
    return out


def local_image(config: ProjectConfig, doc: dict[str, Any]) -> str | None:
    """The resource as a data: URI when ``resources.root`` is a local folder holding it."""
    root: Any = getattr(config.resources, "root", None)
    if not isinstance(root, os.PathLike):  # a manifest and a root: the root's own index
        root = getattr(root, "root", None)
    parent, name = doc.get("parent_path"), doc.get("filename")
    if (
        not isinstance(root, os.PathLike)
        or not isinstance(parent, str)
        or not isinstance(name, str)
    ):
        return None
    mime = _MIME.get(os.path.splitext(name)[1].lower())
    base = os.path.realpath(root)
    path = os.path.realpath(os.path.join(base, parent.lstrip("/"), name))
    if mime is None or not path.startswith(base + os.sep) or not os.path.isfile(path):
        return None  # not an image type we embed, outside the root, or absent
    if os.path.getsize(path) > MAX_IMAGE_BYTES:
        return None
    with open(path, "rb") as fh:
        return f"data:{mime};base64," + base64.b64encode(fh.read()).decode("ascii")


def _codes(findings: Sequence[Finding]) -> tuple[dict[int, list[str]], dict[tuple[int, int], str]]:
    shapes: dict[int, list[str]] = {}
    points: dict[tuple[int, int], str] = {}
    for f in findings:
        if m := _ANNOTATION.match(f.pointer):
            codes = shapes.setdefault(int(m.group(1)), [])
            if f.code not in codes:
                codes.append(f.code)
        if f.code == "out_of_range" and (p := _POINT.match(f.pointer)):
            points[(int(p.group(1)), int(p.group(2)))] = f.code
    return shapes, points


def _shape(kind: str, pts: list[tuple[float, float]], cls: str, r: float) -> str:
    coords = " ".join(f"{x:g},{y:g}" for x, y in pts)
    if kind == "box" and len(pts) == 2:
        (x1, y1), (x2, y2) = pts
        x, y, w, h = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
        return f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"/>'
    if kind in ("polygon", "poly_seg"):
        return f'<polygon class="{cls}" points="{coords}"/>'
    if kind == "polyline":
        return f'<polyline class="{cls}" points="{coords}"/>'
    return "".join(f'<circle class="{cls}" cx="{x:g}" cy="{y:g}" r="{r:g}"/>' for x, y in pts)


def draw(doc: object, findings: Sequence[Finding], image: str | None) -> str | None:
    """The SVG, or None when the frame has no usable width and height."""
    if not isinstance(doc, dict) or not isinstance(doc.get("metadata"), dict):
        return None
    width, height = doc["metadata"].get("width"), doc["metadata"].get("height")
    if not (_num(width) and _num(height) and width > 0 and height > 0):
        return None
    shapes, bad_points = _codes(findings)
    pad = max(width, height) * 0.05  # room for points just outside the frame
    size = max(width, height) / 45  # labels readable at any frame size
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="frame" '
        f'viewBox="{-pad:g} {-pad:g} {width + 2 * pad:g} {height + 2 * pad:g}" '
        f'preserveAspectRatio="xMidYMid meet" role="img">',
        f'<rect class="bg" x="0" y="0" width="{width:g}" height="{height:g}"/>',
    ]
    if image:
        parts.append(
            f'<image href="{escape(image)}" x="0" y="0" width="{width:g}" height="{height:g}"/>'
        )
    anns = doc.get("annotations")
    for i, ann in enumerate(anns if isinstance(anns, list) else []):
        if not isinstance(ann, dict):
            continue
        pts = _xy(ann.get("points"))
        codes = shapes.get(i, [])
        if pts is None or not pts:
            continue
        label = ann.get("label") if isinstance(ann.get("label"), str) else "?"
        kind = ann.get("type") if isinstance(ann.get("type"), str) else "?"
        cls = "shape bad" if codes else "shape ok"
        code_attr = f' data-code="{esc(" ".join(codes))}"' if codes else ""
        title = f"#{i} {label} ({kind})" + (f": {', '.join(codes)}" if codes else "")
        parts.append(f'<g class="ann" data-index="{i}"{code_attr}><title>{esc(title)}</title>')
        parts.append(_shape(str(kind), pts, cls, size / 4))
        for (a, j), code in bad_points.items():
            if a == i and j < len(pts):
                x, y = pts[j]
                parts.append(
                    f'<circle class="offpoint" data-code="{code}" cx="{x:g}" cy="{y:g}" '
                    f'r="{size / 1.5:g}"/>'
                )
        x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
        text = f"{label}" + (f" · {' '.join(codes)}" if codes else "")
        parts.append(
            f'<text x="{x0:g}" y="{y0 - size / 3:g}" font-size="{size:g}">{esc(text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
