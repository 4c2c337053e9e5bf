"""Run the product on drawn cases, and the checks the fuzz properties share."""

from __future__ import annotations

import atexit
import json
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from gt_validator.config.load import load_config
from gt_validator.report import FileReport
from gt_validator.validator import Validator

# Codes about the whole file: no line or column (the rest always have them).
WHOLE_FILE = frozenset(
    {
        "path_mismatch",
        "resource_not_found",
        "task_started",
        "file_too_large",
        "unsupported_file_type",
        "unreadable_file",
        "internal_error",
    }
)

T = TypeVar("T")
_SHIPPED_LIMIT = 1000  # CPython's default: what the CLI and the Lambda run with

_FOLDER = Path(tempfile.mkdtemp(prefix="gt-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_VALIDATORS: dict[str, Validator] = {}


def config_text(config: dict[str, Any]) -> str:
    return json.dumps(config, ensure_ascii=False, sort_keys=True)


def validator_for(config: dict[str, Any], **options: Any) -> Validator:
    """The product's validator for a drawn config, loaded from a real file as users do."""
    text = config_text(config)
    key = text + repr(sorted(options.items()))
    if key not in _VALIDATORS:
        path = _FOLDER / f"{len(_VALIDATORS)}" / "gt-project.json"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        _VALIDATORS[key] = Validator(load_config(str(path)), **options)
    return _VALIDATORS[key]


def check(config: dict[str, Any], data: bytes, rel_path: str | None, **options: Any) -> FileReport:
    validator = validator_for(config, **options)
    return as_shipped(lambda: validator.check_bytes(data, path="fuzz.json", rel_path=rel_path))


def as_shipped(call: Callable[[], T]) -> T:
    """``call()`` under Python's default recursion limit, on a fresh stack.

    Hypothesis raises the recursion limit by 2,000 while a test runs, which hides
    exactly the RecursionError a deeply nested document causes in the shipped CLI.
    """
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(call())
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_SHIPPED_LIMIT)
    try:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
    finally:
        sys.setrecursionlimit(limit)
    if errors:
        raise errors[0]
    return results[0]


def codes(report: FileReport) -> set[str]:
    return {f.code for f in report.findings}


def described(report: FileReport) -> str:
    """The findings, for an assertion message."""
    return "\n".join(
        f"{f.code} {f.pointer!r} {f.line}:{f.column} {f.message}" for f in report.findings
    )


# Mutations that expose a product bug already filed and being fixed elsewhere: the
# properties skip them (a fuzz run must stay green meanwhile) and their own test is
# an expected failure, until the fix lands and the entry is removed.
KNOWN_BUGS: dict[str, str] = {
    "near miss: track_id an integer beyond 64 bits": (
        "found by the fuzzer: orjson reads an integer beyond 64 bits as a float, so such a "
        "track_id (an integer in JSON) is reported invalid_type"
    ),
}

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz"


def save_case(
    name: str, config: dict[str, Any], data: bytes, rel_path: str, expected: set[str], why: str
) -> Path:
    """Keep a failing draw as a regression case under tests/fixtures/fuzz/<name>/."""
    folder = CORPUS / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gt-project.json").write_text(config_text(config) + "\n", encoding="utf-8")
    (folder / "gt.json").write_bytes(data)
    case = {"rel_path": rel_path, "expected": sorted(expected), "found": why}
    (folder / "case.json").write_text(json.dumps(case, indent=2) + "\n", encoding="utf-8")
    return folder
