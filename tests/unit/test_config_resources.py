"""Resource indexes: manifest parsing, root folders, an S3 prefix behind a fake client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gt_validator.config.errors import ConfigError
from gt_validator.config.model import ResourceRecord
from gt_validator.config.resources import (
    CombinedIndex,
    LocalRootIndex,
    ManifestIndex,
    S3RootIndex,
    build_index,
    root_index,
    split_s3,
)

pytestmark = pytest.mark.unit

MANIFESTS = Path(__file__).resolve().parents[1] / "fixtures" / "configs" / "manifests"

BAD = {  # manifest -> (line, words)
    "bad_json": (2, "not valid JSON (trailing comma"),
    "not_an_object": (3, "expected a JSON object"),
    "missing_path": (1, "'path' must be a string starting with '/'"),
    "relative_path": (2, "'path' must be a string starting with '/'"),
    "missing_status": (1, "'status' must be a non-empty string"),
    "file_id_not_string": (1, "'file_id' must be a string or null"),
    "duplicate_path": (3, "path '/a/x.jpg' is listed again (first on line 1)"),
    "not_utf8": (2, "not valid JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_manifest_index__malformed_line(name: str) -> None:
    uri = str(MANIFESTS / f"{name}.jsonl")
    line, words = BAD[name]
    with pytest.raises(ConfigError) as caught:
        ManifestIndex.load(uri, config="gt-project.json")
    error = caught.value
    assert (error.config, error.pointer) == ("gt-project.json", "/resources/manifest")
    assert f"manifest {uri}, line {line}: " in error.message
    assert words in error.message


def test_manifest_index__records_with_crlf_bom_blank_lines_and_extra_keys() -> None:
    index = ManifestIndex.load(str(MANIFESTS / "crlf_bom_extra_keys.jsonl"), config="c")
    assert len(index) == 2
    assert index.lookup("/a/x.jpg") == ResourceRecord("/a/x.jpg", "not_started")
    assert index.lookup("/a/X.jpg") == ResourceRecord("/a/X.jpg", "done")


def test_manifest_index__paths_compared_exactly() -> None:
    index = ManifestIndex.parse(
        b'{"path": "/a/caf\\u00e9.jpg", "status": "not_started", "file_id": "f", "scene_id": "s"}',
        uri="m.jsonl",
        config="c",
    )
    assert index.lookup("/a/caf\u00e9.jpg") == ResourceRecord(
        "/a/caf\u00e9.jpg", "not_started", "f", "s"
    )
    assert index.lookup("/a/cafe\u0301.jpg") is None  # NFD spelling: not normalised
    assert index.lookup("/a/CAF\u00c9.jpg") is None
    assert index.lookup("a/caf\u00e9.jpg") is None


def test_build_index__empty_manifest_still_an_index(tmp_path: Path) -> None:
    (tmp_path / "m.jsonl").write_bytes(b"\n\n")
    index = build_index(str(tmp_path / "m.jsonl"), None, config="c")
    assert isinstance(index, ManifestIndex)  # not None: resources are checked, none exist
    assert len(index) == 0 and index.lookup("/a") is None


def _tree(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


def test_local_root_index__lookup(tmp_path: Path) -> None:
    _tree(tmp_path, "a/b/x.jpg", "a/Y.jpg", "top.jpg")
    (tmp_path / "a" / "folder.jpg").mkdir()
    index = LocalRootIndex(tmp_path, config="c")
    assert index.lookup("/a/b/x.jpg") == ResourceRecord("/a/b/x.jpg", "not_started")
    assert index.lookup("/top.jpg") is not None
    assert index.lookup("/a/y.jpg") is None  # exact case, even on case-insensitive disks
    assert index.lookup("/a/folder.jpg") is None  # a folder is not a resource
    assert index.lookup("/a/b/missing.jpg") is None
    assert index.lookup("/nope/x.jpg") is None
    for odd in ("a/b/x.jpg", "/a//b/x.jpg", "/a/./b/x.jpg", "/a/b/../b/x.jpg", "/", ""):
        assert index.lookup(odd) is None, odd


def test_local_root_index__lists_each_folder_once(tmp_path: Path) -> None:
    _tree(tmp_path, "a/x.jpg", "a/y.jpg")
    index = LocalRootIndex(tmp_path, config="c")
    assert index.lookup("/a/x.jpg") is not None
    (tmp_path / "a" / "z.jpg").write_bytes(b"")  # after the listing: not seen
    assert index.lookup("/a/y.jpg") is not None
    assert index.lookup("/a/z.jpg") is None


def test_root_index__local_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        root_index(str(tmp_path / "missing"), config="c")
    assert caught.value.pointer == "/resources/root"
    assert isinstance(root_index(str(tmp_path), config="c"), LocalRootIndex)


class FakeS3:
    """Just enough of an S3 client: list_objects_v2 pages, counted."""

    def __init__(self, keys: list[str], page_size: int = 2) -> None:
        self.keys, self.page_size = sorted(keys), page_size
        self.calls: list[str] = []

    def get_paginator(self, name: str) -> FakeS3:
        assert name == "list_objects_v2"
        return self

    def paginate(self, *, Bucket: str, Prefix: str, Delimiter: str) -> list[dict[str, Any]]:
        self.calls.append(Prefix)
        direct = [k for k in self.keys if k.startswith(Prefix) and "/" not in k[len(Prefix) :]]
        return [
            {"Contents": [{"Key": k} for k in direct[i : i + self.page_size]]}
            for i in range(0, max(len(direct), 1), self.page_size)
        ]


def test_s3_root_index__one_listing_per_folder() -> None:
    client = FakeS3(
        [
            "media/a/x.jpg",
            "media/a/y.jpg",
            "media/a/z.jpg",
            "media/a/",
            "media/a/deeper/w.jpg",
            "media/b.jpg",
            "mediax/a/x.jpg",
        ]
    )
    index = root_index("s3://bkt/media", config="c", client=client)
    assert isinstance(index, S3RootIndex) and index.prefix == "media/"
    for name in ("x", "y", "z"):
        assert index.lookup(f"/a/{name}.jpg") == ResourceRecord(f"/a/{name}.jpg", "not_started")
    assert index.lookup("/a/deeper") is None
    assert index.lookup("/a/") is None
    assert index.lookup("/a/X.jpg") is None
    assert index.lookup("/b.jpg") is not None
    assert client.calls == ["media/a/", "media/"]


def test_s3_root_index__bucket_root() -> None:
    client = FakeS3(["x.jpg", "a/y.jpg"])
    index = root_index("s3://bkt", config="c", client=client)
    assert index.lookup("/x.jpg") is not None and index.lookup("/a/y.jpg") is not None
    assert client.calls == ["", "a/"]


def test_combined_index__manifest_wins_root_fills_in(tmp_path: Path) -> None:
    _tree(tmp_path, "a/x.jpg", "a/y.jpg")
    manifest = ManifestIndex({"/a/x.jpg": ResourceRecord("/a/x.jpg", "done", "f1")})
    index = CombinedIndex(manifest, LocalRootIndex(tmp_path, config="c"))
    assert index.lookup("/a/x.jpg") == ResourceRecord("/a/x.jpg", "done", "f1")
    assert index.lookup("/a/y.jpg") == ResourceRecord("/a/y.jpg", "not_started")
    assert index.lookup("/a/z.jpg") is None


def test_build_index__shapes(tmp_path: Path) -> None:
    manifest = MANIFESTS / "crlf_bom_extra_keys.jsonl"
    assert build_index(None, None, config="c") is None
    assert isinstance(build_index(str(manifest), None, config="c"), ManifestIndex)
    assert isinstance(build_index(None, str(tmp_path), config="c"), LocalRootIndex)
    assert isinstance(build_index(str(manifest), str(tmp_path), config="c"), CombinedIndex)


def test_split_s3__bucket_and_key() -> None:
    assert split_s3("s3://b/a/b.json") == ("b", "a/b.json")
    assert split_s3("s3://b") == ("b", "")
