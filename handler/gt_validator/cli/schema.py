"""``gt-validate schema``: the per-project JSON Schema of GT files, for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from gt_validator.config.gt_schema import gt_schema
from gt_validator.config.load import ConfigError, find_config, load_config


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="gt-validate schema", description=__doc__)
    p.add_argument("--config", help="gt-project.json path or s3:// URI (default: discovered)")
    p.add_argument("--output", metavar="FILE", help="write the schema here")
    ns = p.parse_args(argv)
    uri = ns.config or (str(find_config(Path.cwd()) or ""))
    if not uri:
        sys.stderr.write("gt-validate schema: error: no gt-project.json found; use --config\n")
        return 2
    try:
        config = load_config(uri)
    except ConfigError as exc:
        sys.stderr.write(f"gt-validate schema: error: {exc}\n")
        return 2
    text = orjson.dumps(gt_schema(config), option=orjson.OPT_INDENT_2).decode() + "\n"
    if ns.output:
        Path(ns.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
