"""The project config for a warm container: loaded once, revalidated by ETag.

At most every ``ttl`` seconds a HEAD of the config (and of its manifest) tells
whether either changed; only then is the validator rebuilt. A config that fails
to load is cached the same way, so a batch of ten records does not load it ten
times, and the failure is raised for each record (retried, then dead-lettered).
"""

from __future__ import annotations

import os
import posixpath
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from ..config.errors import ConfigError
from ..validator import Validator, build_validator


class ConfigUnavailable(Exception):
    """The config (or its manifest) could not be read or is invalid."""


@dataclass(slots=True)
class _Entry:
    tags: tuple[str, ...]  # ETags (or local stat tags) of what the validator was built from
    watched: tuple[str, ...]  # URIs behind those tags: the config, then its manifest
    checked: float
    validator: Validator | None
    error: str | None


def split_s3_uri(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


class ConfigCache:
    def __init__(
        self,
        s3: Callable[[], Any],
        build: Callable[[str], Validator] = build_validator,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._s3 = s3
        self._build = build
        self._clock = clock
        self._entries: dict[str, _Entry] = {}

    def get(self, uri: str, ttl: float) -> Validator:
        """The validator for ``uri``; raises ConfigUnavailable (the record fails)."""
        entry = self._entries.get(uri)
        now = self._clock()
        stale = entry is not None and now - entry.checked >= ttl
        # A cached failure is retried after the TTL even with unchanged tags (it may be transient).
        if entry is None or (
            stale and (entry.validator is None or self._tags(entry.watched) != entry.tags)
        ):
            entry = self._load(uri, now)
            self._entries[uri] = entry
        elif stale:
            entry.checked = now
        if entry.validator is None:
            raise ConfigUnavailable(entry.error or "config unavailable")
        return entry.validator

    def watched(self, uri: str) -> tuple[str, ...]:
        """URIs of the config and its manifest, as of the last load (skipped as GT)."""
        entry = self._entries.get(uri)
        return entry.watched if entry else (uri,)

    def _load(self, uri: str, now: float) -> _Entry:
        # Tags first: a change between this and the build shows up at the next check.
        watched = (uri, *self._manifest_uris(uri))
        tags = self._tags(watched)
        try:
            return _Entry(tags, watched, now, self._build(uri), None)
        except ConfigError as exc:
            return _Entry(
                tags,
                watched,
                now,
                None,
                f"invalid config {exc.config}: {exc.message} (at {exc.pointer!r})",
            )
        except Exception as exc:  # botocore errors, OSError: unreadable, retried later
            raise ConfigUnavailable(f"config {uri} unreadable: {exc}") from exc

    def _manifest_uris(self, uri: str) -> list[str]:
        """The manifest named by the config, resolved against the config's location."""
        try:
            doc = orjson.loads(self._read(uri))
        except orjson.JSONDecodeError:
            return []  # the build reports what is wrong with it
        resources = doc.get("resources") if isinstance(doc, dict) else None
        manifest = resources.get("manifest") if isinstance(resources, dict) else None
        if not isinstance(manifest, str) or not manifest:
            return []
        if manifest.startswith("s3://") or not uri.startswith("s3://"):
            return [
                manifest
                if manifest.startswith("s3://") or os.path.isabs(manifest)
                else os.path.join(os.path.dirname(uri), manifest)
            ]
        bucket, key = split_s3_uri(uri)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(key), manifest))
        return [f"s3://{bucket}/{resolved}"]

    def _read(self, uri: str) -> bytes:
        try:
            if uri.startswith("s3://"):
                bucket, key = split_s3_uri(uri)
                body: bytes = self._s3().get_object(Bucket=bucket, Key=key)["Body"].read()
                return body
            with open(uri, "rb") as fh:
                return fh.read()
        except Exception as exc:
            raise ConfigUnavailable(f"config {uri} unreadable: {exc}") from exc

    def _tags(self, uris: tuple[str, ...]) -> tuple[str, ...]:
        try:
            return tuple(self._tag(u) for u in uris)
        except Exception as exc:
            raise ConfigUnavailable(f"config or manifest unreadable: {exc}") from exc

    def _tag(self, uri: str) -> str:
        if uri.startswith("s3://"):
            bucket, key = split_s3_uri(uri)
            etag: str = self._s3().head_object(Bucket=bucket, Key=key)["ETag"]
            return etag
        st = os.stat(uri)
        return f"{st.st_mtime_ns}:{st.st_size}"
