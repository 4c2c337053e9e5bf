"""The one factory every adapter uses: config -> Validator -> FileReport / Report.

Pure: no printing, no exiting. Reading bytes is injected (``files.GTFile.read``), so
the CLI, the Lambda and the Action decide where bytes come from.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from gt_validator import __version__
from gt_validator.config.load import load_config
from gt_validator.config.model import ProjectConfig
from gt_validator.files import GTFile, NotRegular, TooLarge, read_reason
from gt_validator.parse import may_hold_duplicates, parse
from gt_validator.positions import locate
from gt_validator.problems import Capped, Problem
from gt_validator.report import FileReport, Finding, Omitted, Report, Severity
from gt_validator.rules.context import RuleContext
from gt_validator.rules.document import check_document
from gt_validator.rules.fast import Gate
from gt_validator.rules.resources import check_location

ISSUES_URL = "https://github.com/gt-validator/gt-validator/issues"
NO_RESOURCES_NOTE = (
    "the config has no 'resources': resource_not_found, task_started and id_mismatch "
    "were not checked"
)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while validating: parsing allocates many objects (each
    allocation burst triggers a collection, ~40% of parse time) and the rules build
    no reference cycles, so collecting during a run only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Validator:
    def __init__(self, config: ProjectConfig, *, gate: bool = True) -> None:
        """``gate=False``: every file takes the detailed rules (as without the C build)."""
        self.config = config
        self._ctx = RuleContext.from_config(config)
        self._gate = Gate.build(self._ctx) if gate else None
        self._levels = dict(config.levels)

    def check(self, file: GTFile) -> FileReport:
        """One file: type and size first (no read for those), then its bytes.

        Never raises (``Exception``): a read that fails is that file's
        ``unreadable_file``, anything else that goes wrong its ``internal_error``,
        so one file never stops a run."""
        try:
            return self._check(file)
        except Exception as exc:  # defence in depth: a defect, reported on this file
            return self._internal_error(file.path, exc)

    def _check(self, file: GTFile) -> FileReport:
        name = file.rel_path if file.rel_path is not None else file.path
        if not name.lower().endswith(".json"):
            return self._finish(
                file.path,
                b"",
                [
                    Problem(
                        "unsupported_file_type", f"only .json GT files can be validated: {name!r}"
                    )
                ],
            )
        limit = self.config.max_file_bytes
        if file.size is not None and file.size > limit:
            return self._too_large(file.path, file.size)
        try:
            data = file.read_bytes(limit)
        except TooLarge as exc:
            return self._too_large(file.path, exc.size)
        except NotRegular as exc:
            message = f"{name!r} is {exc.kind}, not a regular file: only regular files are read"
            return self._finish(file.path, b"", [Problem("unsupported_file_type", message)])
        except OSError as exc:
            message = f"the file could not be read: {read_reason(exc)}; it was not checked"
            return self._finish(file.path, b"", [Problem("unreadable_file", message)])
        if len(data) > limit:
            return self._too_large(file.path, len(data))
        return self.check_bytes(data, path=file.path, rel_path=file.rel_path)

    def check_bytes(self, data: bytes, *, path: str, rel_path: str | None) -> FileReport:
        """Judge bytes already read; never raises (see ``check``)."""
        try:
            return self._judge(data, path, rel_path)
        except Exception as exc:  # defence in depth: a defect, reported on this file
            return self._internal_error(path, exc)

    def _judge(self, data: bytes, path: str, rel_path: str | None) -> FileReport:
        parsed = parse(data, check_duplicates=False)
        problems = Capped(self.config.max_findings_per_file)
        problems += parsed.problems
        if parsed.ok:
            doc = parsed.document
            counted = None if self._gate is None else self._gate.members(doc)
            # Repeated keys are found by the same pass as the positions (in _finish).
            suspect = self._levels.get("duplicate_key") != "off" and may_hold_duplicates(
                parsed.data, doc, counted
            )
            if counted is not None:  # certainly clean: only where the file lives is left
                check_location(doc, self.config, rel_path, problems)  # type: ignore[arg-type]
            else:
                check_document(doc, self._ctx, rel_path, problems)
            return self._finish(path, parsed.data, problems, duplicates=suspect)
        return self._finish(path, parsed.data, problems)

    def _internal_error(self, path: str, exc: BaseException) -> FileReport:
        """The one finding of a file the validator failed on: never valid, never off."""
        detail = f"{type(exc).__name__}: {exc}"
        if len(detail) > 200:
            detail = detail[:200] + "..."
        message = (
            f"the validator failed on this file ({detail}); this is a defect of "
            f"gt-validator {__version__}, not a verdict on the file. Please report it at "
            f"{ISSUES_URL} with the file (or a smaller one that fails the same way)"
        )
        return FileReport(path, (Finding("internal_error", "error", message),))

    def validate(self, files: Iterable[GTFile]) -> Report:
        """Every file, in order; one bad file never stops the batch."""
        with gc_paused():
            reports = tuple(self.check(f) for f in files)
        return self.report(reports)

    def report(self, files: Sequence[FileReport]) -> Report:
        notes = (NO_RESOURCES_NOTE,) if self.config.resources is None else ()
        return Report(config=self.config.source, files=tuple(files), notes=notes)

    def _too_large(self, path: str, size: int) -> FileReport:
        limit = self.config.max_file_bytes
        return self._finish(
            path,
            b"",
            [
                Problem(
                    "file_too_large",
                    f"the file is {size:,} bytes, over the limit of {limit:,} "
                    "(limits.max_file_bytes); it was not parsed",
                )
            ],
        )

    def _finish(
        self, path: str, data: bytes, problems: list[Problem], *, duplicates: bool = False
    ) -> FileReport:
        """Severities from the config, positions for those without and, when
        ``duplicates``, the repeated keys (one pass over the bytes for all of them),
        document order, and the per-file cap: the first
        ``limits.max_findings_per_file`` listed, the rest counted in ``omitted``."""
        levels = self._levels
        wanted = (
            {p.pointer for p in problems if p.line is None and levels.get(p.code) != "off"}
            if data
            else set()
        )
        where = (
            locate(data, wanted, problems if duplicates else None) if wanted or duplicates else {}
        )
        kept = [p for p in problems if levels.get(p.code, "error") != "off"]
        if not kept:
            return FileReport(path)
        findings = []
        for p in kept:
            line, column = (
                (p.line, p.column) if p.line is not None else where.get(p.pointer, (None, None))
            )
            findings.append(
                Finding(p.code, self._severity(p.code), p.message, p.pointer, line, column)
            )
        # Document order reads best; findings without a position come first.
        findings.sort(key=lambda f: (f.line or 0, f.column or 0))
        listed = findings[: self.config.max_findings_per_file]
        counts = problems.counts if type(problems) is Capped else Counter(p.code for p in problems)
        shown = Counter(f.code for f in listed)
        omitted = tuple(
            Omitted(code, self._severity(code), n - shown[code])
            for code, n in sorted(counts.items())
            if n > shown[code] and levels.get(code, "error") != "off"
        )
        return FileReport(path, tuple(listed), omitted)

    def _severity(self, code: str) -> Severity:
        return "warning" if self._levels.get(code) == "warning" else "error"


def build_validator(config_uri: str) -> Validator:
    """The factory of every adapter; raises ConfigError for a broken config."""
    return Validator(load_config(config_uri))
