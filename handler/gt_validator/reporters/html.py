"""``--format html``: one self-contained page (styles and script inline, nothing fetched).

The summary and findings per code come first, then every invalid file with its
findings and, for image and sequence projects, a drawing of its frame, then the
dataset figures of ``gt-validate stats``. The report model holds no documents, so
this reporter re-reads each file by its reported path (local files only) and loads
the config that judged it. Drawings sit in ``<template>`` elements, which browsers
keep inert: a file's drawing (and its embedded image) is built only when its entry
is opened, so pages with thousands of files stay fast.
"""

from __future__ import annotations

import os
from typing import TextIO

from gt_validator.config.load import ConfigError, load_config
from gt_validator.config.model import DEFAULT_MAX_FILE_BYTES, ProjectConfig
from gt_validator.parse import parse
from gt_validator.report import FileReport, Report
from gt_validator.reporters._drawing import DRAWN_RESOURCES, draw, esc, local_image
from gt_validator.reporters._text import position
from gt_validator.stats import Stats

OPEN_FIRST = 3  # invalid files opened (and drawn) when the page loads

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#222}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px}
table{border-collapse:collapse;margin:4px 0}td,th{border:1px solid #ddd;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#f4f4f4}
.num{text-align:right}.error{color:#b00}.warning{color:#a60}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;
padding:8px 14px;min-width:90px}.card b{display:block;font-size:22px}
details.file{border:1px solid #ddd;border-radius:6px;margin:8px 0;padding:6px 10px}
details.file summary{cursor:pointer;font-weight:600}code{font-size:13px}
.grid{display:flex;gap:16px;flex-wrap:wrap}.drawing svg{width:640px;max-width:100%;
height:auto;border:1px solid #ccc;background:#fafafa}
svg .bg{fill:#eef1f4;stroke:#888;stroke-width:2}
svg .shape{fill:rgba(40,160,90,.12);stroke:#28a05a;stroke-width:3;vector-effect:non-scaling-stroke}
svg polyline.shape{fill:none}svg .shape.bad{fill:rgba(220,30,30,.18);stroke:#d21;
stroke-width:4;stroke-dasharray:8 4}svg .offpoint{fill:none;stroke:#d21;stroke-width:3;
vector-effect:non-scaling-stroke}svg text{font-family:sans-serif;font-weight:bold;fill:#111;
paint-order:stroke;stroke:#fff;stroke-width:4px}
"""

# Opening an entry the first time copies its drawing out of the inert template.
_JS = """
function show(d){var t=d.querySelector('template.drawing');if(!t)return;
var box=document.createElement('div');box.className='drawing';
box.appendChild(t.content.cloneNode(true));t.replaceWith(box);}
document.querySelectorAll('details.file').forEach(function(d){
d.addEventListener('toggle',function(){if(d.open)show(d);});if(d.open)show(d);});
"""

# No request of any kind when the page is opened; images only as data: URIs.
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _read(path: str, limit: int) -> object:
    """The document at a reported path; None for anything not a local file within
    the size limit, or not JSON."""
    if "://" in path or path == "-" or not os.path.isfile(path):
        return None
    try:
        if os.path.getsize(path) > limit:
            return None
        with open(path, "rb") as fh:
            parsed = parse(fh.read(limit + 1), check_duplicates=False)
    except OSError:
        return None
    return parsed.document if parsed.ok else None


class _Configs:
    def __init__(self) -> None:
        self._cache: dict[str, ProjectConfig | None] = {}

    def get(self, uri: str | None) -> ProjectConfig | None:
        if uri is None:
            return None
        if uri not in self._cache:
            try:
                self._cache[uri] = load_config(uri)
            except (ConfigError, OSError):
                self._cache[uri] = None
        return self._cache[uri]


def _table(head: list[str], rows: list[list[str]], numeric: int = -1) -> str:
    out = ["<table><tr>", *(f"<th>{esc(h)}</th>" for h in head), "</tr>"]
    for row in rows:
        cells = (
            f'<td class="num">{c}</td>' if i == numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        out += ["<tr>", *cells, "</tr>"]
    out.append("</table>")
    return "".join(out)


def _counts(title: str, counts: dict[str, int]) -> str:
    rows = [[esc(k), str(n)] for k, n in counts.items()]
    return f"<div><h3>{esc(title)}</h3>{_table(['', 'count'], rows, 1)}</div>" if rows else ""


def _stats(stats: Stats) -> str:
    d = stats.to_dict()
    apf = d["annotations_per_file"]
    shapes = [
        [esc(k), f"{s['min']:g}", f"{s['median']:g}", f"{s['max']:g}"]
        for k, s in d["points_per_shape"].items()
    ]
    values = [
        [esc(cls), esc(name), esc(", ".join(f"{v} x{n}" for v, n in list(c.items())[:20]))]
        for cls, attrs in d["attribute_values_per_class"].items()
        for name, c in attrs.items()
    ]
    return (
        f'<section id="stats"><h2>Dataset</h2><p>{d["files"]} files, {d["annotations"]} '
        f"annotations; per file: min {apf['min']:g}, median {apf['median']:g}, "
        f'max {apf["max"]:g}</p><div class="grid">'
        + _counts("annotations per type", d["annotations_per_type"])
        + _counts("annotations per class", d["annotations_per_class"])
        + (
            f"<div><h3>points per shape</h3>{_table(['shape', 'min', 'median', 'max'], shapes)}"
            "</div>"
            if shapes
            else ""
        )
        + "</div>"
        + (
            f"<h3>attribute values per class</h3>{_table(['class', 'attribute', 'values'], values)}"
            if values
            else ""
        )
        + "</section>"
    )


def _file(fr: FileReport, doc: object, config: ProjectConfig | None, opened: bool) -> str:
    rows = [
        [
            position(f) if f.line is not None else "",
            f'<span class="{f.severity}">{f.severity}</span>',
            f"<code>{esc(f.code)}</code>",
            esc(f.message),
            f"<code>{esc(f.pointer)}</code>",
        ]
        for f in fr.findings
    ]
    rows += [
        ["", o.severity, f"<code>{esc(o.code)}</code>", f"{o.count} more", ""] for o in fr.omitted
    ]
    svg = None
    if config is not None and config.resource_type in DRAWN_RESOURCES and isinstance(doc, dict):
        svg = draw(doc, fr.findings, local_image(config, doc))
    drawing = f'<template class="drawing">{svg}</template>' if svg else ""
    return (
        f'<details class="file"{" open" if opened else ""} data-path="{esc(fr.path)}">'
        f"<summary>{esc(fr.path)} — {fr.errors} error(s), {fr.warnings} warning(s)</summary>"
        f"{_table(['line:col', 'severity', 'code', 'message', 'pointer'], rows)}{drawing}"
        "</details>"
    )


def render(report: Report, stream: TextIO) -> None:
    s = report.summary
    configs = _Configs()
    stats = Stats()
    docs: dict[str, object] = {}
    for fr in report.files:
        config = configs.get(fr.config or report.config)
        doc = _read(fr.path, config.max_file_bytes if config else DEFAULT_MAX_FILE_BYTES)
        stats.add(doc)
        if not fr.valid:
            docs[fr.path] = doc
    stats.add_findings(report.files)
    severity = {f.code: f.severity for fr in report.files for f in fr.findings}
    codes = [[f"<code>{esc(c)}</code>", severity.get(c, ""), str(n)] for c, n in s.codes]
    cards = "".join(
        f'<div class="card"><b>{n}</b>{label}</div>'
        for label, n in [
            ("files", s.files),
            ("valid", s.valid),
            ("invalid", s.invalid),
            ("errors", s.errors),
            ("warnings", s.warnings),
        ]
    )
    notes = "".join(f"<li>{esc(n)}</li>" for n in s.notes)
    skipped = "".join(f"<li>{esc(x.path)}: {esc(x.reason)}</li>" for x in report.skipped)
    stream.write(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>GT validation report</title><style>{_CSS}</style></head><body>"
        "<h1>GT validation report</h1>"
        f'<section id="summary"><div class="cards">{cards}</div>'
        + (f"<p>config: <code>{esc(report.config)}</code></p>" if report.config else "")
        + (f"<ul>{notes}</ul>" if notes else "")
        + (f"<p>skipped:</p><ul>{skipped}</ul>" if skipped else "")
        + "</section>"
        + '<section id="codes"><h2>Findings per code</h2>'
        + (_table(["code", "severity", "count"], codes, 2) if codes else "<p>none</p>")
        + "</section>"
        + f'<section id="files"><h2>Invalid files ({s.invalid})</h2>'
    )
    shown = 0
    for fr in report.files:
        if fr.valid:
            continue
        config = configs.get(fr.config or report.config)
        stream.write(_file(fr, docs.get(fr.path), config, shown < OPEN_FIRST))
        shown += 1
    stream.write(f"</section>{_stats(stats)}<script>{_JS}</script></body></html>\n")
