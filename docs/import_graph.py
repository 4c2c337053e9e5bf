"""Draw which parts of ``gt_validator`` import which, into docs/architecture.md.

A part is a subpackage (``cli``, ``config``, ``rules``, ...) or a top-level module
(``validator``, ``report``, ...), plus ``app`` (the Lambda entry, handler/app.py).
Imports are read with ``ast`` (nothing is executed): an import at module level is a
solid arrow, one inside a function (a lazy import, paid only when used) a dotted
arrow. The Mermaid block between the ``import-graph`` markers is rewritten.

    python docs/import_graph.py          # rewrite the block
    python docs/import_graph.py --check  # exit 1 when the committed block is stale
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "handler" / "gt_validator"
DOC = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- import-graph:begin -->", "<!-- import-graph:end -->"
SKIP = {"_generated", "__init__", "__main__"}  # generated code; package glue


def _part(module: str) -> str | None:
    """``gt_validator.cli.main`` -> ``cli``; None outside the package."""
    parts = module.split(".")
    if parts[0] == "app" and len(parts) == 1:
        return "app"
    if parts[0] != "gt_validator" or len(parts) < 2 or parts[1] in SKIP:
        return None
    exists = (PACKAGE / parts[1]).is_dir() or any(PACKAGE.glob(f"{parts[1]}.*"))
    return parts[1] if exists else None  # not a module: a name such as __version__


def _module_name(path: Path) -> str:
    if path == ROOT / "handler" / "app.py":
        return "app"
    rel = path.relative_to(ROOT / "handler").with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    for node in tree.body:  # imports under `if TYPE_CHECKING:` cost nothing at run time
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            top_level.update(id(n) for n in ast.walk(node))
    typing_only = {
        id(n)
        for node in tree.body
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out += [(alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base == "gt_validator":  # `from gt_validator import x`: x may be a module
                out += [(f"{base}.{a.name}", id(node) in top_level) for a in node.names]
            else:
                out.append((base, id(node) in top_level))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and re.fullmatch(r"gt_validator(\.\w+)+", node.value)
        ):  # a registry naming a module to import later (importlib): a lazy import
            out.append((node.value, False))
    return out


def edges() -> dict[tuple[str, str], bool]:
    """(importer part, imported part) -> True when some import is at module level."""
    found: dict[tuple[str, str], bool] = {}
    files = [ROOT / "handler" / "app.py", *sorted(PACKAGE.rglob("*.py"))]
    for path in files:
        src = _part(_module_name(path))
        if src is None:
            continue
        for module, eager in _imports(path):
            dst = _part(module)
            if dst is None or dst == src:
                continue
            found[(src, dst)] = found.get((src, dst), False) or eager
    return found


def mermaid() -> str:
    lines = ["```mermaid", "graph LR"]
    for (src, dst), eager in sorted(edges().items()):
        arrow = "-->" if eager else "-.->"
        lines.append(f"  {src} {arrow} {dst}")
    lines.append("```")
    return "\n".join(lines)


def render(text: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.DOTALL)
    block = f"{BEGIN}\n{mermaid()}\n{END}"
    if not pattern.search(text):
        raise SystemExit(f"docs/architecture.md has no {BEGIN} ... {END} block")
    return pattern.sub(lambda _: block, text)


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            sys.stderr.write(
                "docs/architecture.md: the import graph is stale: run python docs/import_graph.py\n"
            )
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
