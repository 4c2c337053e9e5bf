"""--format html: self-contained, escaped, drawings marked with data-code, images inline."""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gt_validator.reporters import render
from gt_validator.sources.local import collect
from gt_validator.validator import build_validator
from tests.beyond_project import CONFIG, annotation, document, write_project

pytestmark = pytest.mark.unit

HOSTILE = '<img src=x onerror="alert(1)">'


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "xlink:href", "action")]


def _page(
    root: Path, docs: dict[str, object], resources: bool = True, manifest: bool = False
) -> str:
    config = write_project(root, docs)
    if resources:
        where: dict[str, str] = {"root": "res"}
        if manifest:  # a manifest and a root: the image still comes from the root
            where["manifest"] = "resources.jsonl"
            (root / "resources.jsonl").write_text(
                '{"path": "/a/x.png", "status": "not_started"}\n', encoding="utf-8"
            )
        data = {**CONFIG, "resources": where}
        config.write_text(json.dumps(data), encoding="utf-8")
        (root / "res" / "a").mkdir(parents=True)
        (root / "res" / "a" / "x.png").write_bytes(_png())
    validator = build_validator(str(config))
    files = collect([str(root / "a")], validator.config)
    report = validator.report([validator.check(f) for f in files])
    out = io.StringIO()
    render("html", report, out)
    return out.getvalue()


@pytest.mark.parametrize("manifest", [False, True])
def test_render__offending_shapes_carry_data_code_and_image_is_inline(
    tmp_path: Path, manifest: bool
) -> None:
    doc = document(
        annotation(1, "car", points=[[50, 60], [10, 20]]),
        annotation(2, "pedestrian", "keypoint", points=[[5, 5], [250, 5]]),
        annotation(3, "car"),
        filename="x.png",
    )
    page = _page(tmp_path, {"a/x.json": doc}, manifest=manifest)
    assert '<g class="ann" data-index="0" data-code="invalid_points">' in page
    assert '<g class="ann" data-index="1" data-code="out_of_range">' in page
    assert '<circle class="offpoint" data-code="out_of_range" cx="250" cy="5"' in page
    assert '<g class="ann" data-index="2">' in page  # a fine shape: drawn, not marked
    assert 'href="data:image/png;base64,' in page
    assert page.index("<template") < page.index("<svg") < page.index("</template>")


def test_render__no_request_when_opened(tmp_path: Path) -> None:
    page = _page(tmp_path, {"a/x.json": document(annotation(1, "Car"), filename="x.png")})
    links = _Links()
    links.feed(page)
    assert all(u.startswith("data:") for u in links.urls), links.urls
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"url\((?!data:)", page)
    assert "script" in links.tags and "style" in links.tags


def test_render__image_outside_the_root_not_embedded(tmp_path: Path) -> None:
    doc = {**document(annotation(1, "Car"), filename="x.png"), "parent_path": "/../a"}
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(_png())  # beside the root, reached by '..'
    page = _page(tmp_path, {"a/x.json": doc})
    assert "<svg" in page and "data:image/png" not in page


def test_render__text_from_files_is_escaped(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        {"a/x.json": document(annotation(1, HOSTILE), filename="x.png")},
        resources=False,
    )
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    links = _Links()
    links.feed(page)
    assert "img" not in links.tags


def test_render__valid_files_not_listed_and_figures_shown(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        {
            "a/x.json": document(annotation(1, "car"), filename="x.png"),
            "a/y.json": document(annotation(1, "Car"), filename="y.png"),
        },
        resources=False,
    )
    assert 'data-path="' + str(tmp_path / "a") + '/y.json"' in page
    assert 'data-path="' + str(tmp_path / "a") + '/x.json"' not in page
    assert '<section id="stats">' in page and "2 files, 2 annotations" in page


def test_render__no_drawing_for_text_projects(tmp_path: Path) -> None:
    config = write_project(tmp_path, {})
    text_cfg = {**CONFIG, "resource_type": "text"}
    config.write_text(json.dumps(text_cfg), encoding="utf-8")
    doc = {**document(annotation(1, "Car")), "metadata": {}}
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.json").write_text(json.dumps(doc), encoding="utf-8")
    validator = build_validator(str(config))
    files = collect([str(tmp_path / "a")], validator.config)
    out = io.StringIO()
    render("html", validator.report([validator.check(f) for f in files]), out)
    assert "unknown_class" in out.getvalue() and "<svg" not in out.getvalue()
