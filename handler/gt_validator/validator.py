"""The one factory every adapter uses: config -> Validator -> FileReport / Report.

Pure: no printing, no exiting. Reading bytes is injected (``files.GTFile.read``), so
the CLI, the Lambda and the Action decide where bytes come from.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from gt_validator.config.load import load_config
from gt_validator.config.model import ProjectConfig
from gt_validator.files import GTFile, TooLarge
from gt_validator.parse import duplicate_keys, parse
from gt_validator.positions import locate
from gt_validator.problems import Problem
from gt_validator.report import FileReport, Finding, Report, Severity
from gt_validator.rules.context import RuleContext
from gt_validator.rules.document import check_document
from gt_validator.rules.fast import Gate
from gt_validator.rules.resources import check_location

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
        """One file: type and size first (no read for those), then its bytes."""
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
        if len(data) > limit:
            return self._too_large(file.path, len(data))
        return self.check_bytes(data, path=file.path, rel_path=file.rel_path)

    def check_bytes(self, data: bytes, *, path: str, rel_path: str | None) -> FileReport:
        parsed = parse(data, check_duplicates=False)
        problems = list(parsed.problems)
        if parsed.ok:
            doc = parsed.document
            counted = None if self._gate is None else self._gate.members(doc)
            problems += duplicate_keys(parsed.data, doc, counted)
            if counted is not None:  # certainly clean: only where the file lives is left
                check_location(doc, self.config, rel_path, problems)  # type: ignore[arg-type]
            else:
                problems += check_document(doc, self._ctx, rel_path)
        return self._finish(path, parsed.data, problems)

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

    def _finish(self, path: str, data: bytes, problems: list[Problem]) -> FileReport:
        """Severities from the config, positions for those without, a stable order."""
        levels = self._levels
        kept = [p for p in problems if levels.get(p.code, "error") != "off"]
        if not kept:
            return FileReport(path)
        wanted = {p.pointer for p in kept if p.line is None} if data else set()
        where = locate(data, wanted) if wanted else {}
        findings = []
        for p in kept:
            line, column = (
                (p.line, p.column) if p.line is not None else where.get(p.pointer, (None, None))
            )
            severity: Severity = "warning" if levels.get(p.code) == "warning" else "error"
            findings.append(Finding(p.code, severity, p.message, p.pointer, line, column))
        # Document order reads best; findings without a position come first.
        findings.sort(key=lambda f: (f.line or 0, f.column or 0))
        return FileReport(path, tuple(findings))


def build_validator(config_uri: str) -> Validator:
    """The factory of every adapter; raises ConfigError for a broken config."""
    return Validator(load_config(config_uri))
