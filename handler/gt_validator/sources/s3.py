"""``s3://`` PATHs -> GTFile records, read with concurrent GETs.

``collect_s3`` lists each PATH (paginated ListObjectsV2; ``*.json`` keys only)
and returns one GTFile per object, in key order, with the size from the listing
(so ``file_too_large`` costs no GET). Reading is concurrent without the caller
doing anything: the files of one ``collect_s3`` call share a read-ahead window,
so when the CLI reads file *i* the GETs of the next files are already in flight
on a thread pool. Memory stays bounded by the window, never the whole prefix.

boto3 is imported on first use only; it honours ``AWS_ENDPOINT_URL``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from gt_validator.aws import s3
from gt_validator.aws.s3 import split_uri
from gt_validator.config.model import ProjectConfig
from gt_validator.files import GTFile
from gt_validator.sources.local import MissingPath, collect

__all__ = ["DEFAULT_WORKERS", "ReadAhead", "collect_s3", "list_keys", "split_uri"]

DEFAULT_WORKERS = 16
S3 = s3.S3_SCHEME


def _client() -> Any:
    return s3.client(pool=64)  # one connection per concurrent GET, with room


def list_keys(client: Any, bucket: str, prefix: str) -> Iterator[tuple[str, int]]:
    """(key, size) of every object under ``prefix``, in key order, page by page."""
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    for page in pages:
        for obj in page.get("Contents", ()):
            yield obj["Key"], int(obj["Size"])


class ReadAhead:
    """GETs for a fixed list of objects, issued ``window`` ahead of the reader.

    ``read(i)`` returns object *i*'s bytes, first scheduling the GETs of the next
    objects that will be read. Objects in ``skip`` (too large to be parsed) are
    never fetched ahead. A failed GET raises OSError from ``read``.
    """

    def __init__(
        self, client: Any, objects: list[tuple[str, str]], *, workers: int, skip: set[int]
    ) -> None:
        self._client, self._objects = client, objects
        self._workers, self._window = max(1, workers), max(1, workers) * 4
        self._skip = skip
        self._futures: dict[int, Future[bytes]] = {}
        self._next = 0  # first index not yet scheduled
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get(self, i: int) -> bytes:
        bucket, key = self._objects[i]
        try:
            return s3.read_bytes(self._client, bucket, key)
        except OSError as exc:
            raise OSError(f"{s3.object_uri(bucket, key)}: {exc}") from exc

    def read(self, i: int) -> bytes:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="s3-get")
            self._next = max(self._next, i + 1)
            end = min(len(self._objects), i + 1 + self._window)
            for j in range(self._next, end):
                if j not in self._skip:
                    self._futures[j] = self._pool.submit(self._get, j)
            self._next = max(self._next, end)
            future = self._futures.pop(i, None)
        if future is None:  # read out of order, or a skipped object read anyway
            return self._get(i)
        return future.result()

    def close(self) -> None:
        """Cancel pending GETs and stop the threads (reading again restarts them)."""
        with self._lock:
            for future in self._futures.values():
                future.cancel()
            self._futures.clear()
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


def _rel_path(bucket: str, key: str, root: str | None) -> str | None:
    """Key relative to an s3:// gt_root in the same bucket; '../key' outside it; None when
    gt_root is local or another bucket (the location cannot be compared)."""
    if root is None or not root.startswith(S3):
        return None
    root_bucket, root_prefix = split_uri(root)
    if root_bucket != bucket:
        return None
    root_prefix = root_prefix.rstrip("/")
    if not root_prefix:
        return key
    if key.startswith(root_prefix + "/"):
        return key[len(root_prefix) + 1 :]
    return "../" + key  # outside gt_root: can never mirror parent_path/filename


def _objects_for(client: Any, uri: str) -> list[tuple[str, int, str]]:
    """(key, size, shown path) for one s3:// PATH: an object, or every *.json below a prefix."""
    bucket, key = split_uri(uri)
    if not bucket:
        raise MissingPath(f"{uri}: no bucket in the S3 URI")
    if key and not key.endswith("/"):
        for found, size in list_keys(client, bucket, key):
            if found == key:
                return [(key, size, uri)]
            break
        prefix = key + "/"
    else:
        prefix = key
    base = uri.rstrip("/")
    found_any = False
    out = []
    for found, size in list_keys(client, bucket, prefix):
        found_any = True
        if found.lower().endswith(".json"):
            out.append((found, size, base + "/" + found[len(prefix) :]))
    if not found_any:
        raise MissingPath(f"{uri}: no such object or prefix")
    return out


def collect_s3(
    paths: Iterable[str],
    config: ProjectConfig,
    *,
    workers: int = DEFAULT_WORKERS,
    client: Any = None,
) -> list[GTFile]:
    """GTFile records for ``s3://`` PATHs (other PATHs go to the local source).

    Reported path: ``s3://bucket/key``; rel_path: relative to ``config.gt_root``
    when that is an s3:// prefix of the same bucket. The config object itself is
    skipped. ``workers`` GETs run concurrently while the files are read in order.
    """
    client = client or _client()
    out: list[GTFile] = []
    objects: list[tuple[str, str]] = []
    skip: set[int] = set()
    reader = ReadAhead(client, objects, workers=workers, skip=skip)
    for arg in paths:
        if not arg.startswith(S3):
            out.extend(collect([arg], config))
            continue
        bucket, _ = split_uri(arg)
        for key, size, shown in _objects_for(client, arg):
            if f"{S3}{bucket}/{key}" == config.source and arg != config.source:
                continue
            index = len(objects)
            objects.append((bucket, key))
            if size > config.max_file_bytes:
                skip.add(index)  # judged from its size: never fetched
            out.append(
                GTFile(
                    path=shown,
                    rel_path=_rel_path(bucket, key, config.gt_root),
                    size=size,
                    read=_reader(reader, index),
                )
            )
    return out


def _reader(reader: ReadAhead, index: int) -> Callable[[], bytes]:
    def read() -> bytes:
        return reader.read(index)

    return read
