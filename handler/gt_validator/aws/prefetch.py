"""Concurrent GETs for a Distributed Map batch.

A batch names up to hundreds of objects; reading them one after another spends
the invocation waiting on S3. ``Prefetched`` GETs the small ones on a few threads
up front and then stands in for the S3 client in ``objects.judge``: its
``get_object`` answers from memory (or re-raises what that GET raised, so a
failure stays the item's own), and passes anything else to the real client.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .events import ObjectRef
from .s3 import get_kwargs

# Objects above this are read when validated, as before: memory stays bounded.
PREFETCH_MAX_BYTES = 4 * 1024 * 1024
# All of a batch's prefetched objects together: the rest are read when judged. The
# template's MemorySize holds this plus the largest admissible file (docs/deploy.md).
PREFETCH_BUDGET_BYTES = 64 * 1024 * 1024
WORKERS = 16

_Key = tuple[str, str, str | None]


class Prefetched:
    def __init__(
        self,
        s3: Any,
        refs: Sequence[ObjectRef],
        limit: int,
        budget: int = PREFETCH_BUDGET_BYTES,
    ) -> None:
        self._s3 = s3
        self._got: dict[_Key, tuple[dict[str, Any], bytes] | BaseException] = {}
        wanted = []
        for r in refs:
            if r.size is not None and r.size <= min(limit, PREFETCH_MAX_BYTES, budget):
                wanted.append(r)
                budget -= r.size
        if wanted:
            with ThreadPoolExecutor(max_workers=min(WORKERS, len(wanted))) as pool:
                for ref, got in zip(wanted, pool.map(self._fetch, wanted), strict=True):
                    self._got[(ref.bucket, ref.key, ref.version_id)] = got

    def _fetch(self, ref: ObjectRef) -> tuple[dict[str, Any], bytes] | BaseException:
        try:
            response = self._s3.get_object(**get_kwargs(ref.bucket, ref.key, ref.version_id))
            with response["Body"] as body:
                return response, body.read()
        except Exception as exc:  # kept for the item: judged as unreadable then
            return exc

    def get_object(self, **kwargs: Any) -> dict[str, Any]:
        got = self._got.pop((kwargs["Bucket"], kwargs["Key"], kwargs.get("VersionId")), None)
        if got is None:
            return dict(self._s3.get_object(**kwargs))
        if isinstance(got, BaseException):
            raise got
        response, data = got
        return {**response, "Body": io.BytesIO(data)}

    def __getattr__(self, name: str) -> Any:  # tagging, put_object: the real client
        return getattr(self._s3, name)
