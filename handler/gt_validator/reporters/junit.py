"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One ``<testsuite>`` for the run inside ``<testsuites>``; one ``<testcase>`` per
file (name and ``file`` = the report path, classname = ``gt-validator``).
A file with errors gets one ``<failure>`` whose body lists its errors, one a
line; warnings go to the testcase's ``<system-out>``, so a valid file with
warnings still passes. Config and notes are suite ``<properties>``.

Every string passes through :func:`printable`, which writes control
characters (which XML 1.0 forbids or parsers normalise away) as visible
backslash escapes; ElementTree escapes ``& < > "``. No timestamps or
durations: the output is deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from ..report import FileReport, Report
from ._text import by_position, finding_line, plural, printable

SUITE_NAME = "gt-validator"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _counts(report: Report) -> dict[str, str]:
    s = report.summary
    return {"tests": str(s.files), "failures": str(s.invalid), "errors": "0", "skipped": "0"}


def _testcase(fr: FileReport) -> ET.Element:
    path = printable(fr.path)
    case = ET.Element("testcase", {"name": path, "classname": SUITE_NAME, "file": path})
    findings = by_position(fr.findings)
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    if errors:
        codes = ", ".join(dict.fromkeys(printable(f.code) for f in errors))
        failure = ET.SubElement(
            case,
            "failure",
            {"message": f"{plural(len(errors), 'error')}: {codes}", "type": "gt-validator"},
        )
        failure.text = "\n".join(finding_line(f) for f in errors)
    if warnings:
        ET.SubElement(case, "system-out").text = "\n".join(finding_line(f) for f in warnings)
    return case


def junit_xml(report: Report) -> str:
    """The JUnit XML document of ``report``, declaration included."""
    root = ET.Element("testsuites", {"name": SUITE_NAME, **_counts(report)})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **_counts(report)})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "config", "value": printable(report.config or "")})
    for note in report.notes:
        ET.SubElement(props, "property", {"name": "note", "value": printable(note)})
    suite.extend(_testcase(fr) for fr in report.files)
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def render(report: Report, stream: TextIO) -> None:
    stream.write(junit_xml(report))
