"""Lambda entry (SAM ``Handler: app.lambda_handler``): event -> objects -> core -> results.

Import does cheap setup only: Powertools objects and a batch processor. boto3
clients, the config and the compiled validator come on first use and stay for
the life of the warm container.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import replace
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from gt_validator.aws.config_cache import ConfigCache, ConfigUnavailable
from gt_validator.aws.events import (
    GT_SUFFIX,
    BadEvent,
    classify,
    pin_from,
    pin_from_eventbridge,
    refs_from_body,
    refs_from_eventbridge,
    refs_from_map_batch,
    refs_from_s3_event,
)
from gt_validator.aws.objects import Unreadable
from gt_validator.aws.prefetch import Prefetched
from gt_validator.aws.results import batch_error
from gt_validator.aws.runner import Runner
from gt_validator.aws.settings import Settings, s3_client, sqs_client
from gt_validator.aws.telemetry import Tally, logger, metrics, tracer
from gt_validator.config.errors import ConfigError

# Whole-batch failure is reported item by item instead of raised: same retry, clearer logs.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
config_cache = ConfigCache(s3_client)


@logger.inject_lambda_context(log_event=False, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    runner = Runner(Settings.from_environ(), config_cache, s3_client, sqs_client, Tally())
    try:
        kind = classify(event)
        logger.append_keys(event_kind=kind)
        if kind == "sqs":
            return _sqs(event, context, runner)
        if kind == "map":
            return _map_batch(event, runner)
        if kind == "direct":
            return _direct(event, runner)
        if kind == "check_config":
            return _check_config(event, runner)
        refs = refs_from_s3_event(event) if kind == "s3" else refs_from_eventbridge(event)
        return _async(refs, runner)
    finally:
        runner.tally.emit()
        _freeze_once()


_frozen = False


def _freeze_once() -> None:
    """After the first invocation has built the clients, the config and the validator,
    move those long-lived objects out of the collector's sight: a full collection
    otherwise walks ~100k boto3/Powertools objects (~45 ms) every few invocations."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


def _sqs(event: dict[str, Any], context: LambdaContext, runner: Runner) -> dict[str, Any]:
    """The deployed path: each record's body is an S3 notification."""
    outbox = runner.outbox()

    def record_handler(record: SQSRecord) -> None:
        logger.set_correlation_id(record.message_id)
        try:
            runner.process(refs_from_body(record.body), record.message_id, outbox)
        except Exception as exc:
            # Logged here with the reason; the processor turns it into an item failure.
            logger.error(
                "record not validated",
                extra={"reason": _reason(exc), "message_id": record.message_id},
            )
            raise

    response = process_partial_response(event, record_handler, processor, context)
    failures = list(response["batchItemFailures"])
    known = {f["itemIdentifier"] for f in failures}
    for message_id, why in outbox.flush().items():
        logger.error("result not sent", extra={"reason": why, "message_id": message_id})
        if message_id not in known:
            failures.append({"itemIdentifier": str(message_id)})
    return {"batchItemFailures": failures}


class BatchIncomplete(Exception):
    """A map batch with items it could not validate, raised after the results it has were
    sent: Step Functions then counts the batch against ToleratedFailurePercentage. The
    message is the batch's answer (JSON), so a run's summary still counts what was judged."""


def _map_batch(event: dict[str, Any], runner: Runner) -> dict[str, Any]:
    """A Step Functions Distributed Map batch, judged against the run's pinned config."""
    refs = refs_from_map_batch(event)
    pin = pin_from(event.get("BatchInput"))
    outbox = runner.outbox()
    # No config, no batch: raised as it is, before anything is read or sent.
    limit = runner.config(pin=pin).validator.config.max_file_bytes
    wanted = [i for i, ref in enumerate(refs) if ref.key.endswith(GT_SUFFIX)]
    prefetched = Prefetched(runner.s3(), [refs[i] for i in wanted], limit)
    runner = replace(runner, s3=lambda: prefetched)
    judged: dict[int, bool] = {}
    codes: dict[int, Counter[str]] = {}
    failed: dict[int, str] = {}
    for i in wanted:
        try:
            done = runner.process([refs[i]], i, outbox, pin)
        except Exception as exc:
            failed[i] = _reason(exc)
            logger.error("item not validated", extra={"reason": failed[i], "key": refs[i].key})
            continue
        if done:
            judged[i] = done[0].report.valid
            codes[i] = Counter(f.code for f in done[0].report.findings)
    for owner, why in outbox.flush().items():
        assert isinstance(owner, int)
        failed[owner] = why
        judged.pop(owner, None)
        codes.pop(owner, None)
    valid = sum(judged.values())
    answer = {
        "files": len(judged),
        "valid": valid,
        "invalid": len(judged) - valid,
        "skipped": len(refs) - len(judged) - len(failed),
        "failed": [{"key": refs[i].key, "error": why} for i, why in sorted(failed.items())],
        "codes": dict(sorted(sum(codes.values(), Counter()).items())),  # for the run's summary
    }
    if failed:
        raise BatchIncomplete(batch_error(answer))
    return answer


def _check_config(event: dict[str, Any], runner: Runner) -> dict[str, Any]:
    """A re-validation run's first step: load the config it pins, or fail the run now."""
    request = event["check_config"]
    pin = pin_from(request)
    if not pin.pinned:
        pin = pin_from_eventbridge(request.get("input"))
    loaded = runner.config(pin=pin)  # raises ConfigUnavailable: the run fails, clearly
    return {
        "config": loaded.uri,
        "config_etag": loaded.etag,
        "config_version": loaded.version,
        "project": loaded.validator.config.project,
    }


def _direct(event: dict[str, Any], runner: Runner) -> dict[str, Any]:
    """The Action's invocation: answered with the report; nothing goes to the queue."""
    try:
        return runner.direct(event)
    except (ConfigUnavailable, ConfigError, Unreadable, BadEvent, ValueError) as exc:
        logger.error("direct invocation failed", extra={"reason": _reason(exc)})
        config = event.get("config") or runner.settings.config_uri
        return {
            "version": 1,
            "error": {
                "message": _reason(exc),
                "config": config,
                "pointer": getattr(exc, "pointer", ""),
            },
        }


def _async(refs: list[Any], runner: Runner) -> dict[str, Any]:
    """Direct S3 or EventBridge invocations: raise so Lambda retries, then dead-letters."""
    outbox = runner.outbox()
    failed: dict[Any, str] = {}
    for i, ref in enumerate(refs):
        try:
            runner.process([ref], i, outbox)
        except Exception as exc:
            failed[i] = _reason(exc)
    failed.update(outbox.flush())
    if failed:
        keys = ", ".join(refs[i].key for i in sorted(failed))
        raise RuntimeError(f"{len(failed)} object(s) not validated: {keys}")
    return {"files": len(refs), "failed": []}


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
