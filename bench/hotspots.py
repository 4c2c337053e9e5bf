"""Where gt-validate spends its time, in process, on the valid corpus.

    python bench/hotspots.py                    # cost split + top functions
    python bench/hotspots.py --top 40 --sort cumulative
    python bench/hotspots.py --corpus-name one-finding

1. The cost split per file: ``orjson.loads`` alone, ``parse`` as
   ``check_bytes`` calls it (duplicate keys left to the rules' member count),
   ``parse`` with its own re-serialising duplicate-key check (for comparison),
   ``Validator.check_bytes`` (parse + every rule), with the bytes already in
   memory and the garbage collector off, as ``Validator.validate`` runs them.
   Rules = check_bytes - parse.
2. cProfile of the whole CLI run (``--jobs 1 --format json``) in this process,
   top functions by own time (or ``--sort cumulative``).

Both count CPU time of this process (``time.process_time``), not wall time, so
other load on the machine does not inflate them (``--wall`` to change that).

Not named ``profile.py``: that would shadow the stdlib module cProfile imports.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import orjson

from gt_validator.cli.main import main as cli_main
from gt_validator.parse import parse
from gt_validator.validator import build_validator

CORPUS = Path(__file__).resolve().parent / "corpus"


def load_files(gt: Path) -> list[tuple[str, bytes]]:
    """(path relative to gt_root, bytes) of every *.json, sorted."""
    out: list[tuple[str, bytes]] = []
    for root, dirs, names in os.walk(gt):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".json"):
                path = Path(root, name)
                out.append((path.relative_to(gt).as_posix(), path.read_bytes()))
    return out


CLOCK: Callable[[], float] = time.process_time


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timings of ``fn`` (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        start = CLOCK()
        fn()
        best = min(best, CLOCK() - start)
    return best


def cost_split(project: Path, repeat: int) -> str:
    files = load_files(project / "gt")
    validator = build_validator(str(project / "gt-project.json"))
    datas = [data for _, data in files]

    def loads() -> None:
        for data in datas:
            try:  # noqa: SIM105 (suppress() would add its cost to every file's timing)
                orjson.loads(data)
            except orjson.JSONDecodeError:  # the one-finding corpus has some
                pass

    def parses() -> None:
        for data in datas:
            parse(data, check_duplicates=False)

    def parses_dup() -> None:
        for data in datas:
            parse(data)

    def checks() -> None:
        for rel, data in files:
            validator.check_bytes(data, path=rel, rel_path=rel)

    gc.disable()
    try:
        t_loads, t_parse, t_dup, t_check = (
            best_of(repeat, fn) for fn in (loads, parses, parses_dup, checks)
        )
    finally:
        gc.enable()
    gc.enable()
    t_loads_gc = best_of(repeat, loads)
    n = len(files)

    def row(name: str, seconds: float) -> str:
        return f"| {name} | {seconds / n * 1e6:,.0f} | {seconds / t_loads:.2f}x |"

    return "\n".join(
        [
            f"In-process cost per file ({n} files of {project.name}, bytes in memory, "
            f"best of {repeat}, {CLOCK.__name__}; GC off unless said):",
            "",
            "| step | us/file | x orjson.loads |",
            "|---|---:|---:|",
            row("orjson.loads", t_loads),
            row("orjson.loads, GC on", t_loads_gc),
            row("parse, as check_bytes calls it", t_parse),
            row("parse's own duplicate-key check (re-serialising), not used", t_dup - t_parse),
            row("rules incl. member count (check_bytes - parse)", t_check - t_parse),
            row("check_bytes (parse + rules)", t_check),
        ]
    )


def profile_cli(project: Path, top: int, sort: str) -> str:
    argv = [
        "--jobs",
        "1",
        "--format",
        "json",
        "--config",
        str(project / "gt-project.json"),
        str(project / "gt"),
    ]
    profiler = cProfile.Profile(CLOCK)
    sink = io.StringIO()
    start = CLOCK()
    with redirect_stdout(sink):
        profiler.enable()
        code = cli_main(argv)
        profiler.disable()
    elapsed = CLOCK() - start
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
    return f"gt-validate {' '.join(argv)}: exit {code}, {elapsed:.2f} s under cProfile\n" + (
        report.getvalue()
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--corpus-name", default="valid", help="valid (default) or one-finding")
    p.add_argument("--repeat", type=int, default=3, help="timings per step; the best is kept")
    p.add_argument("--top", type=int, default=25, help="functions listed")
    p.add_argument("--sort", default="tottime", help="pstats key: tottime, cumulative, ...")
    p.add_argument("--no-profile", action="store_true", help="only the cost split")
    p.add_argument("--wall", action="store_true", help="wall time instead of CPU time")
    ns = p.parse_args(argv)
    if ns.wall:
        global CLOCK
        CLOCK = time.perf_counter
    project = ns.corpus / ns.corpus_name
    if not (project / "gt-project.json").exists():
        raise SystemExit(f"no corpus in {project}: run python bench/corpus.py first")
    print(cost_split(project, ns.repeat), flush=True)
    if not ns.no_profile:
        print()
        print(profile_cli(project, ns.top, ns.sort))
    return 0


if __name__ == "__main__":
    sys.exit(main())
