"""Powertools Logger, Metrics and Tracer, shared by app.py and this package.

Built once at import: cheap objects, no network. Tracer is a no-op outside
Lambda or when X-Ray is off.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from ..report import FileReport

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "gt-validator")
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "GtValidator")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
tracer = Tracer(service=SERVICE)


def subsegment(name: str) -> AbstractContextManager[Any]:
    """An X-Ray subsegment, or nothing when tracing is off (the provider's placeholder
    segments cost ~10 us each, per object, for nothing)."""
    if tracer.disabled:
        return nullcontext()
    return tracer.provider.in_subsegment(name)


@contextmanager
def object_keys(bucket: str, key: str, version: str | None) -> Iterator[None]:
    """Put bucket/key/version on every log line written inside the block."""
    logger.append_keys(bucket=bucket, key=key, version=version)
    try:
        yield
    finally:
        logger.remove_keys(["bucket", "key", "version"])


class Tally:
    """Per-invocation counters, emitted once as EMF (not one blob per file)."""

    def __init__(self) -> None:
        self.files = 0
        self.valid = 0
        self.codes: Counter[str] = Counter()

    def add(self, report: FileReport, latency_ms: float) -> None:
        self.files += 1
        self.valid += report.valid
        self.codes.update(f.code for f in report.findings)
        metrics.add_metric(name="ValidationLatency", unit=MetricUnit.Milliseconds, value=latency_ms)

    def emit(self) -> None:
        metrics.add_metric(name="Invocations", unit=MetricUnit.Count, value=1)
        if self.files:
            metrics.add_metric(name="FilesValidated", unit=MetricUnit.Count, value=self.files)
            metrics.add_metric(name="FilesValid", unit=MetricUnit.Count, value=self.valid)
            metrics.add_metric(
                name="FilesInvalid", unit=MetricUnit.Count, value=self.files - self.valid
            )
        # One dimension per code needs its own EMF blob: Metrics holds one dimension set.
        for code, count in sorted(self.codes.items()):
            with single_metric(
                name="Findings", unit=MetricUnit.Count, value=count, namespace=NAMESPACE
            ) as metric:
                metric.add_dimension(name="code", value=code)
