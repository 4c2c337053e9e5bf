"""``gt-validate rules``: the rule catalog, as text or as docs/rules.md."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gt_validator.rules.registry import RULES

_INTRO = """# Rule catalog

Generated from the rule registry (`handler/gt_validator/rules/registry.py`) by
`gt-validate rules --markdown --examples tests/fixtures/rules > docs/rules.md`; do not
edit by hand. Each rule's examples are real files under `tests/fixtures/rules/<code>/`,
validated against `tests/fixtures/rules/gt-project.json` by the tests: every `fail*`
file raises the code, every `pass*` file (a near miss) does not.

A file is valid when it has no finding of severity `error`. Severities can be
changed per project with the config's `rules` key (`error`, `warning`, `off`).

| code | default | checks |
|---|---|---|
"""


def _example(folder: Path, prefix: str) -> str:
    blocks = []
    for path in sorted(folder.glob(f"{prefix}*")):
        if path.is_symlink():  # the link is the example (a loop cannot be read)
            name = f"tests/fixtures/rules/{folder.name}/{path.name}"
            blocks.append(f"`{name}`: a symbolic link to `{os.readlink(path)}`\n")
            continue
        data = path.read_bytes()
        if len(data) > 1500:
            text = data[:600].decode("utf-8", "replace") + "\n... (truncated; see the file)"
        else:
            text = data.decode("utf-8", "replace")
        lang = "json" if path.suffix == ".json" else "text"
        blocks.append(
            f"`tests/fixtures/rules/{folder.name}/{path.name}`\n\n```{lang}\n{text.rstrip()}\n```\n"
        )
    return "\n".join(blocks) or "No file shows it.\n"


def markdown(examples: Path | None) -> str:
    rows = "".join(
        f"| [`{r.code}`](#{r.code}) | {r.default} | {r.checks.split('. ')[0]} |\n"
        for r in RULES.values()
    )
    parts = [_INTRO + rows]
    for rule in RULES.values():
        parts.append(
            f"\n## {rule.code}\n\nDefault severity: **{rule.default}**. "
            f"Family: {rule.family}.\n\n**What it checks.** {rule.checks}\n\n"
            f"**Why.** {rule.why}\n"
        )
        folder = examples / rule.code if examples else None
        if folder is not None and folder.is_dir():
            parts.append(
                f"\n**Fails:**\n\n{_example(folder, 'fail')}\n"
                f"**Passes:**\n\n{_example(folder, 'pass')}"
            )
    return "".join(parts)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="gt-validate rules", description=__doc__)
    p.add_argument("--markdown", action="store_true", help="the catalog as Markdown")
    p.add_argument("--examples", type=Path, help="folder of <code>/{fail,pass}* examples")
    ns = p.parse_args(argv)
    if ns.markdown:
        sys.stdout.write(markdown(ns.examples))
        return 0
    for rule in RULES.values():
        sys.stdout.write(f"{rule.code:<26} {rule.default:<8} {rule.checks}\n")
    return 0
