"""Jobs -> results: the steps every event shape shares.

``Runner`` judges ObjectRefs against the cached config and queues one result
message per object on an ``Outbox``; the event-shape handlers in ``app.py``
decide what a failure means for their caller (batch item failure, raise, or a
``failed`` entry).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..files import GTFile
from ..validator import Validator
from .config_cache import CURRENT, ConfigCache, ConfigUnavailable, Loaded, Pin
from .events import ObjectRef
from .objects import Judged, judge, tag_object
from .results import Outbox, dumps_sqs, fit, message_body, report_key
from .settings import Settings
from .telemetry import Tally, logger, object_keys


@dataclass(slots=True)
class Runner:
    settings: Settings
    cache: ConfigCache
    s3: Callable[[], Any]
    sqs: Callable[[], Any]
    tally: Tally

    def config(self, config_uri: str | None = None, pin: Pin = CURRENT) -> Loaded:
        uri = config_uri or self.settings.config_uri
        if not uri:
            raise ConfigUnavailable("GT_CONFIG_URI is not set")
        return self.cache.get(uri, self.settings.config_ttl, pin)

    def validator(self, config_uri: str | None = None) -> tuple[str, Validator]:
        loaded = self.config(config_uri)
        return loaded.uri, loaded.validator

    def outbox(self) -> Outbox:
        if not self.settings.results_queue_url:
            raise ConfigUnavailable("RESULTS_QUEUE_URL is not set")
        return Outbox(self.sqs(), self.settings.results_queue_url, self.settings.max_message_bytes)

    def skip_reason(self, ref: ObjectRef, config_uri: str) -> str | None:
        """Objects that are not GT files although they sit under the watched prefix."""
        uri = f"s3://{ref.bucket}/{ref.key}"
        if uri in self.cache.watched(config_uri):
            return "the project config or its manifest"
        if self.settings.reports_prefix and ref.key.startswith(self.settings.reports_prefix):
            return "a report written by this function"
        if ref.key.endswith("/"):
            return "a folder marker"
        return None

    def judge(
        self, ref: ObjectRef, config_uri: str | None = None, pin: Pin = CURRENT
    ) -> tuple[Judged, Loaded] | None:
        """Judge one object (None: skipped). Raises when it could not be validated."""
        with object_keys(ref.bucket, ref.key, ref.version_id):
            # Skipping needs no config: the config's own upload must not fail on a bad config.
            reason = self.skip_reason(ref, config_uri or self.settings.config_uri or "")
            if reason:
                logger.info("skipped: not a GT file", extra={"reason": reason})
                return None
            loaded = self.config(config_uri, pin)
            judged = judge(ref, loaded.validator, self.s3())
            self.tally.add(judged.report, judged.latency_ms)
            logger.info(
                "validated",
                extra={
                    "valid": judged.report.valid,
                    "errors": judged.report.errors,
                    "etag": judged.ref.etag,
                },
            )
            if self.settings.tag_objects:
                tag_object(judged.ref, judged.report.valid, self.s3())
            return judged, loaded

    def send(self, judged: Judged, owner: Hashable, outbox: Outbox, loaded: Loaded) -> None:
        body = message_body(judged, loaded)
        text = dumps_sqs(body)
        if len(text.encode()) > outbox.body_limit:
            text = fit(body, outbox.body_limit, self._save_full(judged.ref, text))
        outbox.add(owner, text, judged.report.valid)

    def process(
        self, refs: Sequence[ObjectRef], owner: Hashable, outbox: Outbox, pin: Pin = CURRENT
    ) -> list[Judged]:
        """Judge and queue results for one record's objects; on failure queue nothing."""
        done: list[Judged] = []
        try:
            for ref in refs:
                got = self.judge(ref, pin=pin)
                if got is not None:
                    self.send(got[0], owner, outbox, got[1])
                    done.append(got[0])
        except Exception:
            outbox.discard(owner)
            raise
        return done

    def _save_full(self, ref: ObjectRef, text: str) -> str | None:
        prefix = self.settings.reports_prefix
        if not prefix:
            return None
        key = report_key(prefix, ref)
        self.s3().put_object(
            Bucket=ref.bucket, Key=key, Body=text.encode(), ContentType="application/json"
        )
        return f"s3://{ref.bucket}/{key}"

    def direct(self, event: Mapping[str, Any]) -> dict[str, Any]:
        """The Action's invocation: named objects or inline documents -> section 4 report."""
        config = event.get("config")
        uri, validator = self.validator(config if isinstance(config, str) else None)
        if "documents" in event:
            files = [_document(d) for d in event["documents"]]
            return validator.validate(files).to_dict()
        bucket, keys = event.get("bucket"), event.get("keys")
        if not isinstance(bucket, str) or not isinstance(keys, list):
            raise ValueError("direct invocation needs 'bucket' and a list of 'keys'")
        reports = []
        for key in keys:
            got = self.judge(ObjectRef(bucket=bucket, key=str(key)), uri)
            if got is not None:
                reports.append(got[0].report)
        return validator.report(reports).to_dict()


def _document(doc: Any) -> GTFile:
    if (
        not isinstance(doc, Mapping)
        or not isinstance(doc.get("path"), str)
        or not isinstance(doc.get("content"), str)
    ):
        raise ValueError("each document needs a string 'path' and 'content'")
    data = doc["content"].encode("utf-8", "surrogatepass")
    return GTFile(
        path=doc["path"], rel_path=doc["path"].lstrip("/"), size=len(data), read=lambda: data
    )
