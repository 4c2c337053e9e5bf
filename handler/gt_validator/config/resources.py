"""Where resources are looked up: a manifest, a root folder or S3 prefix, or both.

Every index answers ``lookup("/a/b/x.jpg")`` with a ResourceRecord or None.
Paths are compared exactly as written: no case folding, no Unicode or ``..``
normalisation (the platform does none either). boto3 is imported only when an
``s3://`` URI is used.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from gt_validator.aws import s3
from gt_validator.aws.s3 import client as s3_client
from gt_validator.aws.s3 import is_s3
from gt_validator.aws.s3 import split_uri as split_s3
from gt_validator.config.errors import ConfigError, ConfigUnreadable
from gt_validator.config.model import ResourceIndex, ResourceRecord

__all__ = [
    "CombinedIndex",
    "LocalRootIndex",
    "ManifestIndex",
    "S3RootIndex",
    "build_index",
    "is_s3",
    "read_bytes",
    "root_index",
    "split_s3",
]

NOT_STARTED = "not_started"


def read_bytes(uri: str, client: Any = None) -> bytes:
    """The bytes of a local file or an S3 object; any failure is an OSError."""
    if not is_s3(uri):
        return Path(uri).read_bytes()
    bucket, key = split_s3(uri)
    return s3.read_bytes(client or s3_client(), bucket, key)


class ManifestIndex:
    """Resources listed in a JSON Lines manifest, one object a line."""

    def __init__(self, records: Mapping[str, ResourceRecord]) -> None:
        self._records = dict(records)

    def __len__(self) -> int:
        return len(self._records)

    def lookup(self, path: str) -> ResourceRecord | None:
        return self._records.get(path)

    @classmethod
    def load(cls, uri: str, *, config: str, client: Any = None) -> ManifestIndex:
        try:
            data = read_bytes(uri, client)
        except OSError as exc:
            raise ConfigUnreadable(
                f"cannot read the manifest {uri}: {exc.strerror or exc}",
                config=config,
                pointer="/resources/manifest",
            ) from exc
        return cls.parse(data, uri=uri, config=config)

    @classmethod
    def parse(cls, data: bytes, *, uri: str, config: str) -> ManifestIndex:
        """Parse manifest bytes; a bad line is a ConfigError naming ``uri`` and the line."""
        records: dict[str, ResourceRecord] = {}
        first_line: dict[str, int] = {}
        data = data.removeprefix(b"\xef\xbb\xbf")  # tolerate a BOM from Windows editors
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if not raw.strip():
                continue
            try:
                record = _manifest_record(raw)
            except ValueError as exc:
                raise ConfigError(
                    f"manifest {uri}, line {number}: {exc}",
                    config=config,
                    pointer="/resources/manifest",
                ) from exc
            if record.path in records:
                raise ConfigError(
                    f"manifest {uri}, line {number}: path {record.path!r} is listed again "
                    f"(first on line {first_line[record.path]})",
                    config=config,
                    pointer="/resources/manifest",
                )
            records[record.path] = record
            first_line[record.path] = number
        return cls(records)


def _manifest_record(raw: bytes) -> ResourceRecord:
    try:
        item = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise ValueError("expected a JSON object")
    path, status = item.get("path"), item.get("status")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError("'path' must be a string starting with '/' (\"/a/b/x.jpg\")")
    if not isinstance(status, str) or not status:
        raise ValueError("'status' must be a non-empty string (\"not_started\")")
    ids: dict[str, str | None] = {}
    for key in ("file_id", "scene_id"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{key!r} must be a string or null")
        ids[key] = value
    return ResourceRecord(path, status, ids["file_id"], ids["scene_id"])


def _parts(path: str) -> list[str] | None:
    """``/a/b/x.jpg`` -> ``['a', 'b', 'x.jpg']``; None for what cannot name a file."""
    if not path.startswith("/"):
        return None
    parts = path[1:].split("/")
    return None if any(p in ("", ".", "..") for p in parts) else parts


class LocalRootIndex:
    """A local folder mirroring ``parent_path/filename``.

    Folders are listed (once each, cached) rather than stat-ed, so names match
    exactly even on case-insensitive file systems, and ``..`` cannot escape.
    """

    def __init__(self, root: Path, *, config: str) -> None:
        self.root = root
        self._config = config
        self._listings: dict[Path, tuple[frozenset[str], frozenset[str]]] = {}

    def _listing(self, folder: Path) -> tuple[frozenset[str], frozenset[str]]:
        cached = self._listings.get(folder)
        if cached is None:
            dirs: set[str] = set()
            files: set[str] = set()
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.is_dir():
                            dirs.add(entry.name)
                        elif entry.is_file():
                            files.add(entry.name)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise ConfigUnreadable(
                    f"cannot list {folder}: {exc.strerror or exc}",
                    config=self._config,
                    pointer="/resources/root",
                ) from exc
            cached = self._listings[folder] = (frozenset(dirs), frozenset(files))
        return cached

    def lookup(self, path: str) -> ResourceRecord | None:
        parts = _parts(path)
        if parts is None:
            return None
        folder = self.root
        for part in parts[:-1]:
            if part not in self._listing(folder)[0]:
                return None
            folder = folder / part
        return ResourceRecord(path, NOT_STARTED) if parts[-1] in self._listing(folder)[1] else None


class S3RootIndex:
    """An S3 prefix mirroring ``parent_path/filename``.

    One ListObjectsV2 listing per folder, cached: a batch of frames in one scene
    costs one request, not one HEAD per file.
    """

    def __init__(self, bucket: str, prefix: str, *, config: str, client: Any = None) -> None:
        self.bucket, self.prefix = bucket, prefix
        self._config = config
        self._client = client
        self._listings: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()
        self._folder_locks: dict[str, threading.Lock] = {}

    def _listing(self, folder: str) -> frozenset[str]:
        with self._lock:  # one lister per folder, even with --jobs threads
            if folder in self._listings:
                return self._listings[folder]
            folder_lock = self._folder_locks.setdefault(folder, threading.Lock())
            if self._client is None:
                self._client = s3_client()
        with folder_lock:
            if folder not in self._listings:
                self._listings[folder] = self._list(folder)
            return self._listings[folder]

    def _list(self, folder: str) -> frozenset[str]:
        from botocore.exceptions import BotoCoreError, ClientError

        names: set[str] = set()
        try:
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=folder, Delimiter="/"
            )
            for page in pages:
                names.update(o["Key"][len(folder) :] for o in page.get("Contents", ()))
        except (BotoCoreError, ClientError) as exc:
            raise ConfigUnreadable(
                f"cannot list s3://{self.bucket}/{folder}: {exc}",
                config=self._config,
                pointer="/resources/root",
            ) from exc
        names.discard("")  # the folder's own marker object
        return frozenset(names)

    def lookup(self, path: str) -> ResourceRecord | None:
        if not path.startswith("/"):
            return None
        folder, _, name = (self.prefix + path[1:]).rpartition("/")
        if not name:
            return None
        found = name in self._listing(f"{folder}/" if folder else "")
        return ResourceRecord(path, NOT_STARTED) if found else None


class CombinedIndex:
    """Manifest and root: the manifest's record wins; root-only is not_started, no ids."""

    def __init__(self, manifest: ResourceIndex, root: ResourceIndex) -> None:
        self.manifest, self.root = manifest, root

    def lookup(self, path: str) -> ResourceRecord | None:
        return self.manifest.lookup(path) or self.root.lookup(path)


def root_index(uri: str, *, config: str, client: Any = None) -> LocalRootIndex | S3RootIndex:
    """The index for a resolved ``resources.root``: a local folder or ``s3://`` prefix."""
    if is_s3(uri):
        bucket, prefix = split_s3(uri)
        if prefix and not prefix.endswith("/"):
            prefix += "/"  # a prefix names a folder: "gt" must not match "gtx/..."
        return S3RootIndex(bucket, prefix, config=config, client=client)
    root = Path(uri)
    if not root.is_dir():
        raise ConfigError(
            f"resources root {uri} is not a folder", config=config, pointer="/resources/root"
        )
    return LocalRootIndex(root, config=config)


def build_index(
    manifest: str | None, root: str | None, *, config: str, client: Any = None
) -> ResourceIndex | None:
    """The index for resolved ``resources.manifest`` / ``resources.root`` (None: neither)."""
    by_manifest = ManifestIndex.load(manifest, config=config, client=client) if manifest else None
    by_root = root_index(root, config=config, client=client) if root else None
    if by_manifest is not None and by_root is not None:
        return CombinedIndex(by_manifest, by_root)
    return by_manifest if by_manifest is not None else by_root
