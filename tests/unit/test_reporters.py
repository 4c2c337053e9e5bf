"""Reporters: golden files per case x format, plus exact-string and schema tests.

Regenerate the golden files after an intended change with
``GT_UPDATE_GOLDEN=1 pytest tests/unit/test_reporters.py`` and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from gt_validator.report import FileReport, Finding, Omitted, Report
from gt_validator.reporters import FORMATS, REPORTERS, render
from gt_validator.reporters import text as text_reporter
from gt_validator.reporters._text import printable
from gt_validator.reporters.github import (
    annotation,
    escape_data,
    escape_property,
    workflow_command,
)
from gt_validator.reporters.junit import junit_xml
from gt_validator.reporters.sarif import artifact_uri, sarif_log
from gt_validator.rules.registry import RULES

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "golden" / "reporters"
SARIF_SCHEMA = TESTS / "fixtures" / "schemas" / "sarif-2.1.0.json"
UPDATE = os.environ.get("GT_UPDATE_GOLDEN") == "1"
NOTE = "no resources configured: resource_not_found, task_started and id_mismatch not checked"

# --- the reports -------------------------------------------------------------

EMPTY = Report(config="gt-project.json")

MIXED = Report(
    config="gt-project.json",
    files=(
        FileReport("gt/a/ok.json"),
        FileReport(
            "gt/a/x.json",
            (
                Finding(
                    "unknown_class",
                    "error",
                    "class 'Car' is not registered; did you mean 'car'?",
                    "/annotations/0/label",
                    7,
                    16,
                ),
                Finding("path_mismatch", "error", "GT file is not at parent_path/filename"),
                Finding("unknown_field", "warning", "unknown field 'lable'", "/lable", 3, 3),
                Finding(
                    "out_of_range",
                    "error",
                    "x 1921 is outside 0..1920",
                    "/annotations/0/points/1/0",
                    12,
                ),
            ),
        ),
        FileReport(
            "gt/b/warn.json",
            (Finding("unknown_field", "warning", "unknown field 'colour'", "/colour", 2, 3),),
        ),
    ),
    notes=(NOTE,),
)

HOSTILE = Report(
    config="conf/gt-project %,:.json",
    files=(
        FileReport(
            "gt/new\nline::error::x.json",
            (
                Finding(
                    "unknown_class",
                    "error",
                    "class '\u0441' <&> \"]]>\" 100% is not 'c' (U+0441)"
                    "\r\n::error file=evil.json::pwned",
                    "/annotations/0/la~1bel",
                    1,
                    2,
                ),
            ),
        ),
        FileReport(
            "gt/100%,a:b 車\u202e.json",
            (Finding("invalid_type", "warning", "tab\there\x00nul\x1b[31mred\x7f\x85", ""),),
        ),
        FileReport(
            "gt/bad\udcff\x0c.json",
            (Finding("invalid_json", "error", "bad byte \udcff at ☃", "", 1, 1),),
        ),
    ),
    notes=("note with\nnewline and ::warning::",),
)

CASES = {"empty": EMPTY, "mixed": MIXED, "hostile": HOSTILE}


def _color_text(report: Report, stream: io.StringIO) -> None:
    text_reporter.render(report, stream, color=True)


# Golden "formats": every --format, plus the coloured text.
GOLDEN_FORMATS: dict[str, Callable[[Report, io.StringIO], None]] = {
    **REPORTERS,
    "text-color": _color_text,
}


def _render(fmt: str, report: Report) -> str:
    out = io.StringIO()
    GOLDEN_FORMATS[fmt](report, out)
    return out.getvalue()


# --- golden files ------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_render__golden(case: str, fmt: str) -> None:
    actual = _render(fmt, CASES[case])
    path = GOLDEN / f"{case}.{fmt}"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"missing {path}; run with GT_UPDATE_GOLDEN=1"
    with path.open(encoding="utf-8", newline="") as f:  # keep CR bytes as they are
        assert actual == f.read()


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_render__deterministic_utf8_one_trailing_newline(case: str, fmt: str) -> None:
    first = _render(fmt, CASES[case])
    assert first == _render(fmt, CASES[case])
    first.encode("utf-8")  # no lone surrogate survives
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_registry__formats() -> None:
    assert FORMATS == ("text", "json", "github", "sarif", "junit", "html")


def test_render__color_only_when_asked() -> None:
    plain, coloured = io.StringIO(), io.StringIO()
    render("text", MIXED, plain)
    render("text", MIXED, coloured, color=True)
    assert "\x1b" not in plain.getvalue()
    assert "\x1b[1;31merror" in coloured.getvalue()


def test_render__unknown_format() -> None:
    with pytest.raises(KeyError):
        render("yaml", EMPTY, io.StringIO())


# --- text ----------------------------------------------------------------------


def test_text__lists_only_files_with_findings() -> None:
    out = _render("text", MIXED)
    assert "gt/a/ok.json" not in out
    assert (
        "gt/b/warn.json\n  2:3  warning  unknown_field  unknown field 'colour'  (/colour)\n" in out
    )


def test_text__whole_file_findings_first_without_pointer() -> None:
    lines = _render("text", MIXED).splitlines()
    start = lines.index("gt/a/x.json")
    assert lines[start + 1] == (
        "  -     error    path_mismatch  GT file is not at parent_path/filename"
    )
    assert lines[start + 2].startswith("  3:3   warning  unknown_field")
    assert lines[start + 4].startswith("  12    error    out_of_range")


def test_text__summary_and_notes() -> None:
    lines = _render("text", MIXED).splitlines()
    assert lines[-2:] == [
        "3 files: 2 valid, 1 invalid (3 errors, 2 warnings)",
        f"note: {NOTE}",
    ]
    assert _render("text", EMPTY) == "0 files: 0 valid, 0 invalid (0 errors, 0 warnings)\n"


def test_text__hostile_text_cannot_break_lines_or_escape() -> None:
    out = _render("text", HOSTILE)
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    assert "gt/new\\nline::error::x.json\n" in out
    assert "gt/bad\\udcff\\x0c.json\n" in out


def test_printable__escapes() -> None:
    assert printable("a\nb\tc\x1b\x00\u202e\udcff\uffff ok é") == (
        "a\\nb\\tc\\x1b\\x00\\u202e\\udcff\\uffff ok é"
    )
    assert printable("a\r\nb\x07", keep="\r\n") == "a\r\nb\\x07"


# --- json ----------------------------------------------------------------------


@pytest.mark.parametrize("case", ["empty", "mixed"])
def test_json__is_report_to_dict(case: str) -> None:
    out = _render("json", CASES[case])
    assert json.loads(out) == CASES[case].to_dict()
    assert out.startswith('{\n  "version": 1,\n  "config": ')


def test_json__unicode_unescaped_and_surrogates_replaced() -> None:
    out = _render("json", HOSTILE)
    assert "車" in out and "\\u8eca" not in out
    data = json.loads(out)
    assert data["files"][2]["path"] == "gt/bad\ufffd\x0c.json"
    assert data["files"][0]["path"] == "gt/new\nline::error::x.json"


# --- github --------------------------------------------------------------------


def test_escape_data__percent_cr_lf() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_data("%0A") == "%250A"
    assert escape_data("a:b,c") == "a:b,c"


def test_escape_property__also_colon_and_comma() -> None:
    assert escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert escape_property("::error::") == "%3A%3Aerror%3A%3A"


def test_workflow_command__properties_and_none() -> None:
    assert workflow_command("notice", {}, "hi") == "::notice::hi"
    assert workflow_command("error", {"file": "a,b", "line": 3, "col": None}, "m:%") == (
        "::error file=a%2Cb,line=3::m:%25"
    )


def test_annotation__error_with_position() -> None:
    finding = Finding(
        "unknown_class",
        "error",
        "class 'Car' is not registered; did you mean 'car'?",
        "/annotations/0/label",
        7,
        16,
    )
    assert annotation(finding, "gt/a/x.json") == (
        "::error file=gt/a/x.json,line=7,col=16,title=gt-validator%3A unknown_class"
        "::class 'Car' is not registered; did you mean 'car'? (/annotations/0/label)"
    )


def test_annotation__warning_without_position_or_pointer() -> None:
    finding = Finding("unknown_field", "warning", "unknown field")
    assert annotation(finding, "a.json") == (
        "::warning file=a.json,title=gt-validator%3A unknown_field::unknown field"
    )


def test_annotation__line_without_column() -> None:
    finding = Finding("out_of_range", "error", "x", "/p", 12)
    assert annotation(finding, "a.json") == (
        "::error file=a.json,line=12,title=gt-validator%3A out_of_range::x (/p)"
    )


def test_annotation__hostile_file_name() -> None:
    finding = Finding("invalid_json", "error", "bad", "", 1, 1)
    assert annotation(finding, "gt/a\n::error::b%,c:d.json") == (
        "::error file=gt/a%0A%3A%3Aerror%3A%3Ab%25%2Cc%3Ad.json,line=1,col=1,"
        "title=gt-validator%3A invalid_json::bad"
    )


def test_annotation__hostile_message_stays_one_command() -> None:
    finding = Finding("unknown_class", "error", "x\r\n::error file=evil.json::pwned\x1b[0m %")
    assert annotation(finding, "a.json") == (
        "::error file=a.json,title=gt-validator%3A unknown_class"
        "::x%0D%0A::error file=evil.json::pwned\\x1b[0m %25"
    )


def test_annotation__unicode_and_surrogate() -> None:
    finding = Finding("unknown_class", "error", "'\u0441' is not 'c' (U+0441)")
    assert annotation(finding, "gt/車\udcff.json") == (
        "::error file=gt/車\ufffd.json,title=gt-validator%3A unknown_class"
        "::'\u0441' is not 'c' (U+0441)"
    )


def test_render_github__errors_first_then_summary_notice() -> None:
    lines = _render("github", MIXED).splitlines()
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == ["::error"] * 3 + ["::warning"] * 2 + ["::notice"]
    assert lines[-1] == (
        "::notice title=gt-validator::3 files: 2 valid, 1 invalid (3 errors, 2 warnings)"
        f"%0Anote: {NOTE}"
    )


# --- sarif ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    # FormatChecker() knows uri / uri-reference (via rfc3986-validator).
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("case", sorted(CASES))
def test_sarif__valid_against_official_schema(
    case: str, sarif_validator: jsonschema.Draft4Validator
) -> None:
    log = json.loads(_render("sarif", CASES[case]))
    errors = [e.message for e in sarif_validator.iter_errors(log)]
    assert errors == []


def test_sarif__schema_catches_a_broken_log(sarif_validator: jsonschema.Draft4Validator) -> None:
    log = sarif_log(MIXED)
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "docs/rules.md#x"
    assert len(list(sarif_validator.iter_errors(log))) == 2


def test_sarif__rules_are_the_registry() -> None:
    rules = sarif_log(EMPTY)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    first = rules[0]
    assert first["defaultConfiguration"] == {"level": "error"}
    assert first["helpUri"].endswith("/docs/rules.md#invalid_json")
    assert RULES["invalid_json"].why in first["help"]["text"]
    warning = next(r for r in rules if r["id"] == "unknown_field")
    assert warning["defaultConfiguration"] == {"level": "warning"}


def test_sarif__result_fields() -> None:
    run = sarif_log(MIXED)["runs"][0]
    results = run["results"]
    assert len(results) == 5
    first = results[0]
    assert first["ruleId"] == "unknown_class"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "unknown_class"
    assert first["level"] == "error"
    assert first["properties"] == {"pointer": "/annotations/0/label"}
    loc = first["locations"][0]
    assert loc["physicalLocation"] == {
        "artifactLocation": {"uri": "gt/a/x.json"},
        "region": {"startLine": 7, "startColumn": 16},
    }
    assert loc["logicalLocations"] == [{"fullyQualifiedName": "/annotations/0/label"}]
    whole_file = results[1]["locations"][0]
    assert "region" not in whole_file["physicalLocation"]
    assert "logicalLocations" not in whole_file
    assert results[3]["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}
    assert run["invocations"][0]["toolExecutionNotifications"] == [
        {"level": "note", "message": {"text": NOTE}}
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("gt/a/x.json", "gt/a/x.json"),
        ("gt/a b#1?.json", "gt/a%20b%231%3F.json"),
        ("c:/x.json", "c%3A/x.json"),
        ("gt/車.json", "gt/%E8%BB%8A.json"),
        ("gt/new\nline%.json", "gt/new%0Aline%25.json"),
        ("s3://bucket/gt/a b.json", "s3://bucket/gt/a%20b.json"),
        ("/abs/x.json", "/abs/x.json"),
        ("gt/bad\udcff.json", "gt/bad%3F.json"),
    ],
)
def test_artifact_uri__escapes(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


# --- junit ---------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_junit__parses_back(case: str) -> None:
    report = CASES[case]
    root = ET.fromstring(junit_xml(report).encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(report.files) == int(suite.get("tests", "-1"))
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == report.summary.invalid == int(suite.get("failures", "-1"))


def test_junit__failure_lists_errors_and_warnings_go_to_system_out() -> None:
    root = ET.fromstring(junit_xml(MIXED))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert list(cases["gt/a/ok.json"]) == []
    failure = cases["gt/a/x.json"].find("failure")
    assert failure is not None
    assert failure.get("message") == "3 errors: path_mismatch, unknown_class, out_of_range"
    assert failure.text == (
        "-  error  path_mismatch  GT file is not at parent_path/filename\n"
        "7:16  error  unknown_class  class 'Car' is not registered; did you mean 'car'?"
        "  (/annotations/0/label)\n"
        "12  error  out_of_range  x 1921 is outside 0..1920  (/annotations/0/points/1/0)"
    )
    assert cases["gt/a/x.json"].findtext("system-out") == (
        "3:3  warning  unknown_field  unknown field 'lable'  (/lable)"
    )
    assert cases["gt/b/warn.json"].find("failure") is None
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props == {"config": "gt-project.json", "note": NOTE}


def test_junit__hostile_text_round_trips_escaped() -> None:
    root = ET.fromstring(junit_xml(HOSTILE))
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == [
        "gt/new\\nline::error::x.json",
        "gt/100%,a:b 車\\u202e.json",
        "gt/bad\\udcff\\x0c.json",
    ]
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert '<&> "]]>" 100%' in failure.text and "\\r\\n::error" in failure.text
    out = root.find("testsuite/testcase[2]/system-out")
    assert out is not None and out.text == (
        "-  warning  invalid_type  tab\\there\\x00nul\\x1b[31mred\\x7f\\x85"
    )


def _capped_report() -> Report:
    listed = (Finding("unknown_class", "error", "class 'Car' is not registered", "/a", 3, 7),)
    omitted = (Omitted("unknown_class", "error", 1200), Omitted("unknown_field", "warning", 3))
    return Report("gt-project.json", (FileReport("gt/x.json", listed, omitted),))


def test_text__omitted_findings_are_counted_under_the_file() -> None:
    out = io.StringIO()
    render("text", _capped_report(), out)
    lines = out.getvalue().splitlines()
    assert lines[2] == (
        "  ... 1,203 more not listed (limits.max_findings_per_file): "
        "unknown_class x1,200, unknown_field x3"
    )
    assert lines[4] == "1 file: 0 valid, 1 invalid (1201 errors, 3 warnings)"


def test_render_github__omitted_findings_get_a_notice_on_the_file() -> None:
    out = io.StringIO()
    render("github", _capped_report(), out)
    notices = [line for line in out.getvalue().splitlines() if "more findings" in line]
    assert len(notices) == 1
    assert notices[0].startswith("::notice file=gt/x.json,")
    assert notices[0].endswith(
        "1203 more findings not listed (limits.max_findings_per_file): "
        "unknown_class x1200, unknown_field x3"
    )
