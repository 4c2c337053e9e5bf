"""Reporting a Report the Action's ways: annotations, files, summary, outputs, comment."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from gt_validator.github.api import GitHubAPI
from gt_validator.github.comment import CommentResult, upsert_comment
from gt_validator.github.markdown import ANNOTATIONS_SHOWN, Links
from gt_validator.github.outputs import append, format_outputs, report_outputs, unique_path
from gt_validator.github.review import Context, all_valid_note, comment_body, summary_body
from gt_validator.github.settings import Settings
from gt_validator.report import SEVERITY_ORDER, Finding, Report

MAX_ANNOTATION_LINES = 1000  # beyond GitHub's display limit, they only lengthen the log


def command(name: str, message: str, **props: str) -> str:
    """One workflow command line, data and properties escaped (reporters.github)."""
    from gt_validator.reporters.github import workflow_command

    line: str = workflow_command(name, props, message)
    return line.rstrip("\n") + "\n"


def ordered_findings(report: Report) -> list[tuple[str, Finding]]:
    """Breadth-first: each file's first error before any file's second, then warnings.

    GitHub shows the first 10 annotations of each level, so one noisy file
    cannot hide the others: every broken file gets its most severe finding in
    first. Within a file, document order is kept.
    """
    keyed: list[tuple[int, int, int, str, Finding]] = []
    for index, fr in enumerate(report.files):
        rank = {"error": 0, "warning": 0}
        for f in fr.findings:
            keyed.append(
                (SEVERITY_ORDER.get(f.severity, 2), rank.get(f.severity, 0), index, fr.path, f)
            )
            rank[f.severity] = rank.get(f.severity, 0) + 1
    keyed.sort(key=lambda item: item[:3])
    return [(path, f) for *_, path, f in keyed]


def hidden_annotations(report: Report) -> int:
    s = report.summary
    return max(0, s.errors - ANNOTATIONS_SHOWN) + max(0, s.warnings - ANNOTATIONS_SHOWN)


def emit_annotations(report: Report, out: TextIO) -> None:
    from gt_validator.reporters.github import annotation

    pairs = ordered_findings(report)
    for path, finding in pairs[:MAX_ANNOTATION_LINES]:
        out.write(annotation(finding, path).rstrip("\n") + "\n")
    if len(pairs) > MAX_ANNOTATION_LINES:
        out.write(
            f"{len(pairs) - MAX_ANNOTATION_LINES:,} more findings are in the report "
            "output and the job summary.\n"
        )


def write_reports(settings: Settings, report: Report) -> tuple[Path, Path | None]:
    """The JSON report under RUNNER_TEMP (else the workspace), and SARIF when asked."""
    from gt_validator.reporters import REPORTERS

    report_path = unique_path(settings.report_dir, "gt-validator-report", ".json")
    with report_path.open("w", encoding="utf-8") as stream:
        REPORTERS["json"](report, stream)
    sarif_path = None
    if settings.sarif:
        sarif_path = settings.workspace / settings.sarif
        sarif_path.parent.mkdir(parents=True, exist_ok=True)
        with sarif_path.open("w", encoding="utf-8") as stream:
            REPORTERS["sarif"](report, stream)
    return report_path, sarif_path


def failed(settings: Settings, report: Report) -> bool:
    """The step's exit status by ``fail-on``; nothing else depends on it."""
    if settings.fail_on == "never":
        return False
    if settings.fail_on == "warning" and report.summary.warnings:
        return True
    return not report.valid


def comment(
    settings: Settings,
    api: GitHubAPI,
    number: int | None,
    report: Report,
    ctx: Context,
    out: TextIO,
) -> CommentResult | None:
    if not (settings.comment and settings.is_pull_request and number and settings.repository):
        return None
    result = upsert_comment(
        api,
        settings.repository,
        number,
        full=comment_body(report, ctx),
        note=all_valid_note(report, ctx),
        findings=bool(report.summary.errors or report.summary.warnings),
    )
    if result.outcome == "forbidden":
        out.write(
            command(
                "notice",
                "gt-validator could not comment on the pull request: the token may not write "
                "(a pull request from a fork, or no 'pull-requests: write' permission). The "
                f"annotations and the job summary carry the results. ({result.detail})",
                title="gt-validator: no pull-request comment",
            )
        )
    elif result.outcome == "failed":
        out.write(
            command(
                "warning",
                f"gt-validator could not comment: {result.detail}",
                title="gt-validator: no pull-request comment",
            )
        )
    return result


def publish(
    settings: Settings,
    api: GitHubAPI,
    number: int | None,
    report: Report,
    notes: tuple[str, ...],
    out: TextIO,
    head_sha: str | None = None,
) -> int:
    """Every channel, then the exit status by ``fail-on``."""
    if settings.annotations:
        emit_annotations(report, out)
    report_path, _ = write_reports(settings, report)
    ctx = Context(
        hidden_annotations=hidden_annotations(report) if settings.annotations else 0,
        run_url=settings.run_url,
        notes=notes,
        links=Links.make(settings.server_url, settings.repository, head_sha),
    )
    append(settings.summary_file, summary_body(report, ctx) + "\n")
    append(settings.output_file, format_outputs(report_outputs(report, report_path)))
    comment(settings, api, number, report, ctx, out)
    is_failed = failed(settings, report)
    s = report.summary
    out.write(
        f"gt-validator: {s.files:,} files, {s.invalid:,} invalid, {s.errors:,} errors, "
        f"{s.warnings:,} warnings (fail-on: {settings.fail_on}); report: "
        f"{report_path.name}\n"
    )
    return 1 if is_failed else 0
