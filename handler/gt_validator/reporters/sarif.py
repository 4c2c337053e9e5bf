"""SARIF 2.1.0 (OASIS) for code scanning: one run, every rule, one result per finding.

- ``tool.driver.rules`` lists every code of the registry, so a viewer can show
  a rule's help even for codes this run did not report; ``ruleIndex`` points
  into it.
- A result's location is the report path as a relative URI reference
  (percent-escaped) with ``startLine``/``startColumn`` when known;
  ``columnKind`` says columns count code points, as SPEC section 3 does.
- The JSON Pointer goes into ``properties.pointer`` (always, ``""`` for the
  whole file) and into a logical location (when not the root).
- ``partialFingerprints`` (code, path, pointer) let code scanning track an
  alert across runs even when its line moves.
- The report's notes become notifications of the invocation; config and
  summary go into the run's properties.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..report import Finding, Report
from ..rules.registry import RULES, Rule
from .json_report import dumps

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "gt-validator"
# Absolute URIs are required by the schema (format "uri").
INFORMATION_URI = "https://github.com/gt-validator/gt-validator"
RULES_DOC_URI = f"{INFORMATION_URI}/blob/main/docs/rules.md"

_RULE_INDEX = {code: i for i, code in enumerate(RULES)}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
# Characters a URI path may hold unescaped (RFC 3986 pchar, less ':' which
# would read as a scheme in a first segment, plus '/').
_SAFE = "/-._~!$&'()*+;=@"


def artifact_uri(path: str) -> str:
    """The report path as a URI reference: ``gt/a b#1.json`` -> ``gt/a%20b%231.json``.

    A path that already has a scheme (``s3://bucket/key``) keeps it.
    """
    match = _SCHEME.match(path)
    head = match.group() if match else ""
    # quote() encodes lone surrogates as errors; "replace" turns them into '?'
    # first, which is then escaped like any other character.
    rest = path[len(head) :].encode("utf-8", "replace").decode("utf-8")
    return head + quote(rest, safe=_SAFE)


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_uri = f"{RULES_DOC_URI}#{rule.code}"
    config: dict[str, Any] = (
        {"enabled": False} if rule.default == "off" else {"level": rule.default}
    )
    return {
        "id": rule.code,
        "name": rule.code,
        "shortDescription": {"text": _first_sentence(rule.checks)},
        "fullDescription": {"text": rule.checks},
        "help": {
            "text": f"{rule.checks}\n\nWhy: {rule.why}\n\nSee {help_uri}",
            "markdown": f"{rule.checks}\n\n**Why:** {rule.why}\n\n[Rule documentation]({help_uri})",
        },
        "helpUri": help_uri,
        "defaultConfiguration": config,
        "properties": {"tags": [rule.family]},
    }


def _fingerprint(finding: Finding, path: str) -> str:
    key = "\0".join((finding.code, path, finding.pointer))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _result(finding: Finding, path: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
    if finding.line is not None:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer}]
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in _RULE_INDEX:
        result["ruleIndex"] = _RULE_INDEX[finding.code]
    result.update(
        level="error" if finding.severity == "error" else "warning",
        message={"text": finding.message},
        locations=[location],
        partialFingerprints={"gtValidatorFinding/v1": _fingerprint(finding, path)},
        properties={"pointer": finding.pointer},
    )
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of ``report`` as a JSON-ready dict."""
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule) for rule in RULES.values()],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": note}} for note in report.notes
                ],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, fr.path) for fr in report.files for f in fr.findings],
        "properties": {"config": report.config, "summary": report.summary.to_dict()},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, stream: TextIO) -> None:
    stream.write(dumps(sarif_log(report)))
