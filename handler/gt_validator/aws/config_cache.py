"""The project config for a warm container: loaded once, revalidated by ETag, pinnable.

Unpinned (uploads): at most every ``ttl`` seconds a HEAD of the config (and of its
manifest) tells whether either changed; only then is the validator rebuilt, from
exactly the version that HEAD saw. Pinned (a re-validation run): the config is read
at the version (or ETag) the run started with; an object version never changes, so
that entry is only revalidated for its manifest. A config that fails to load is
cached the same way, so a batch of ten records does not load it ten times, and the
failure is raised for each record (retried, then dead-lettered).
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
from ..config.load import load_config
from ..validator import Validator
from . import s3


class ConfigUnavailable(Exception):
    """The config (or its manifest) could not be read or is invalid."""


@dataclass(frozen=True, slots=True)
class Pin:
    """Which config object judges: its S3 VersionId and/or ETag (None: the current one)."""

    version: str | None = None
    etag: str | None = None

    @property
    def pinned(self) -> bool:
        return bool(self.version or self.etag)


CURRENT = Pin()  # no pin: the config object as it is now


@dataclass(frozen=True, slots=True)
class Loaded:
    """A built validator and the config object it was built from."""

    uri: str
    validator: Validator
    etag: str | None  # None for a local config
    version: str | None  # None when the bucket is not versioned


@dataclass(slots=True)
class _Entry:
    tags: tuple[str, ...]  # ETags (or local stat tags) of what the validator was built from
    watched: tuple[str, ...]  # URIs behind those tags: the config, then its manifest
    checked: float
    loaded: Loaded | None
    error: str | None


def pinned_client(client: Any, uri: str, pin: Pin) -> Any:
    """``client`` for load_config: GETs of the config object carry the pin."""
    return _PinnedS3(client, *s3.split_uri(uri), pin) if pin.pinned else client


class _PinnedS3:
    def __init__(self, client: Any, bucket: str, key: str, pin: Pin) -> None:
        self._client, self._bucket, self._key, self._pin = client, bucket, key, pin

    def get_object(self, **kwargs: Any) -> Any:
        if (kwargs.get("Bucket"), kwargs.get("Key")) == (self._bucket, self._key):
            kwargs.update(self._pin_kwargs())
        return self._client.get_object(**kwargs)

    def head_object(self, **kwargs: Any) -> Any:
        if (kwargs.get("Bucket"), kwargs.get("Key")) == (self._bucket, self._key):
            kwargs.update(self._pin_kwargs())
        return self._client.head_object(**kwargs)

    def _pin_kwargs(self) -> dict[str, str]:
        if self._pin.version:
            return {"VersionId": self._pin.version}
        return {"IfMatch": f'"{self._pin.etag}"'} if self._pin.etag else {}

    def __getattr__(self, name: str) -> Any:  # listing (resources root): the real client
        return getattr(self._client, name)


def _build(uri: str, client: Any) -> Validator:
    return Validator(load_config(uri, s3_client=client))


class ConfigCache:
    def __init__(
        self,
        client: Callable[[], Any],
        build: Callable[[str, Any], Validator] = _build,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._s3 = client
        self._build = build
        self._clock = clock
        self._entries: dict[tuple[str, Pin], _Entry] = {}

    def get(self, uri: str, ttl: float, pin: Pin = CURRENT) -> Loaded:
        """The validator for ``uri`` (at ``pin``); raises ConfigUnavailable (the record fails)."""
        entry = self._entries.get((uri, pin))
        now = self._clock()
        stale = entry is not None and now - entry.checked >= ttl
        # A cached failure is retried after the TTL even with unchanged tags (it may be transient).
        if entry is None or (
            stale and (entry.loaded is None or self._tags(entry.watched, pin) != entry.tags)
        ):
            entry = self._load(uri, pin, now)
            self._entries[(uri, pin)] = entry
        elif stale:
            entry.checked = now
        if entry.loaded is None:
            raise ConfigUnavailable(entry.error or "config unavailable")
        return entry.loaded

    def watched(self, uri: str) -> tuple[str, ...]:
        """URIs of the config and its manifest, as of the last load (skipped as GT)."""
        for (entry_uri, _), entry in self._entries.items():
            if entry_uri == uri:
                return entry.watched
        return (uri,)

    def _load(self, uri: str, pin: Pin, now: float) -> _Entry:
        # Tags first: a change between this and the build shows up at the next check.
        head = self._head(uri, pin)
        # Build from exactly the version HEAD saw (when the bucket keeps versions).
        build_pin = Pin(head.get("VersionId"), _etag(head)) if head else pin
        watched = (uri, *self._manifest_uris(uri, build_pin))
        tags = (_etag(head) or _stat_tag(uri), *self._tags(watched[1:], CURRENT))
        try:
            validator = self._build(uri, pinned_client(self._s3(), uri, build_pin))
        except ConfigError as exc:
            error = f"invalid config {exc.config}: {exc.message} (at {exc.pointer!r})"
            return _Entry(tags, watched, now, None, error)
        except Exception as exc:  # botocore errors, OSError: unreadable, retried later
            raise ConfigUnavailable(f"config {uri} unreadable: {exc}") from exc
        loaded = Loaded(uri, validator, _etag(head), head.get("VersionId"))
        return _Entry(tags, watched, now, loaded, None)

    def _head(self, uri: str, pin: Pin) -> dict[str, Any]:
        """HeadObject of the config at ``pin`` ({} for a local file)."""
        if not s3.is_s3(uri):
            return {}
        try:
            head: dict[str, Any] = pinned_client(self._s3(), uri, pin).head_object(
                **s3.get_kwargs(*s3.split_uri(uri))
            )
        except Exception as exc:
            what = f" at {pin.version or pin.etag}" if pin.pinned else ""
            raise ConfigUnavailable(f"config {uri}{what} unreadable: {exc}") from exc
        return head

    def _manifest_uris(self, uri: str, pin: Pin) -> list[str]:
        """The manifest named by the config, resolved against the config's location."""
        try:
            doc = orjson.loads(self._read(uri, pin))
        except orjson.JSONDecodeError:
            return []  # the build reports what is wrong with it
        resources = doc.get("resources") if isinstance(doc, dict) else None
        manifest = resources.get("manifest") if isinstance(resources, dict) else None
        if not isinstance(manifest, str) or not manifest:
            return []
        if s3.is_s3(manifest) or not s3.is_s3(uri):
            return [
                manifest
                if s3.is_s3(manifest) or os.path.isabs(manifest)
                else os.path.join(os.path.dirname(uri), manifest)
            ]
        bucket, key = s3.split_uri(uri)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(key), manifest))
        return [s3.object_uri(bucket, resolved)]

    def _read(self, uri: str, pin: Pin) -> bytes:
        try:
            if s3.is_s3(uri):
                return s3.read_bytes(pinned_client(self._s3(), uri, pin), *s3.split_uri(uri))
            with open(uri, "rb") as fh:
                return fh.read()
        except Exception as exc:
            raise ConfigUnavailable(f"config {uri} unreadable: {exc}") from exc

    def _tags(self, uris: tuple[str, ...], pin: Pin) -> tuple[str, ...]:
        try:
            return tuple(self._tag(u, pin if i == 0 else CURRENT) for i, u in enumerate(uris))
        except ConfigUnavailable:
            raise
        except Exception as exc:
            raise ConfigUnavailable(f"config or manifest unreadable: {exc}") from exc

    def _tag(self, uri: str, pin: Pin) -> str:
        return _etag(self._head(uri, pin)) or _stat_tag(uri)


def _etag(head: dict[str, Any]) -> str | None:
    etag = head.get("ETag")
    return str(etag).strip('"') if etag else None


def _stat_tag(uri: str) -> str:
    try:
        st = os.stat(uri)
    except OSError as exc:
        raise ConfigUnavailable(f"config {uri} unreadable: {exc}") from exc
    return f"{st.st_mtime_ns}:{st.st_size}"
