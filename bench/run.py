"""Measure gt-validate against the floor, whole process, median of N runs.

    python bench/corpus.py && python bench/run.py            # full report
    python bench/run.py --runs 3 --cases floor,jobs1         # a quick look
    python bench/run.py --markdown                            # only the Markdown section
    python bench/run.py --update-docs                         # rewrite it in docs/performance.md

Every measurement is a fresh process (interpreter start-up, imports, file
discovery and output included), timed from spawn to exit; its peak RSS comes
from ``os.wait4`` (the child's own rusage, with its pool workers when it has
any). Rounds are interleaved (each round runs every case once), after warm-up
rounds that fill the page cache, so a slow drift of the machine hits all cases
alike. gt-validate's JSON report is checked after each run (finding counts), so
a broken run is never reported as a fast one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = BENCH / "corpus"
OUT = BENCH / "out"
DOCS = REPO / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"

# The child programs of the baselines: walk the folder in sorted order as
# gt-validate does, read every *.json, (parse it), drop it.
_WALK = """
import os, sys
total = 0
for root, dirs, names in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(names):
        if name.endswith(".json"):
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            total += len(data)
            {parse}
print(total)
"""
READ_ONLY = _WALK.format(parse="pass")
FLOOR = "import orjson\n" + _WALK.format(parse="orjson.loads(data)")
FLOOR_NO_GC = "import gc, orjson\ngc.disable()\n" + _WALK.format(parse="orjson.loads(data)")
PARSE_ONE = """
import sys, orjson
with open(sys.argv[1], "rb") as f:
    doc = orjson.loads(f.read())
print(len(doc["annotations"]))
"""

Check = Callable[[bytes, int], str | None]  # (stdout, exit code) -> problem or None


@dataclass
class Case:
    key: str
    title: str
    argv: list[str]
    files: int
    bytes: int
    check: Check | None = None
    scale: float = 1.0  # measured on a subset: time x scale = the whole corpus
    note: str = ""
    baseline: str = "floor"  # the "x floor" column divides by this case's time


@dataclass
class Result:
    key: str
    title: str
    files: int
    bytes: int
    baseline: str = "floor"
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    scale: float = 1.0
    note: str = ""
    problems: list[str] = field(default_factory=list)
    estimate: float | None = None  # whole-corpus time extrapolated from a subset
    cpu_estimate: float | None = None  # the same for CPU time

    @property
    def median(self) -> float:
        """Median wall time; for a subset, the whole corpus's (extrapolated) time."""
        if self.estimate is not None:
            return self.estimate
        return statistics.median(self.seconds) * self.scale

    @property
    def cpu(self) -> float:
        """Median CPU time (user + system, workers included), like ``median``."""
        if self.cpu_estimate is not None:
            return self.cpu_estimate
        return statistics.median(self.cpu_seconds) * self.scale

    @property
    def peak_rss_mib(self) -> float:
        return max(self.rss_kib) / 1024


# ---------------------------------------------------------------- running


GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def run_once(argv: Sequence[str]) -> tuple[float, int, float, bytes, bytes, int]:
    """(wall s, peak RSS KiB, CPU s, stdout, stderr, exit code) of one child process.

    Peak RSS comes from GNU time (``%M``) when installed: a child's ``ru_maxrss``
    starts at its parent's RSS at fork (Linux keeps the high-water mark across
    exec), so ``os.wait4`` alone would count this harness's own memory; GNU time
    is a small parent. CPU time is the child's and its descendants' (``wait4``).
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile(suffix=".rss") as rss_file,
    ):
        command = list(argv)
        if GNU_TIME is not None:
            command = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *command]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # we reaped it ourselves
        rss = usage.ru_maxrss
        if GNU_TIME is not None:
            text = Path(rss_file.name).read_text().strip().splitlines()
            rss = int(text[-1]) if text and text[-1].isdigit() else rss
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return elapsed, rss, cpu, out.read(), err.read(), child.returncode


def measure(cases: Sequence[Case], runs: int, warmup: int) -> list[Result]:
    results = {
        c.key: Result(c.key, c.title, c.files, c.bytes, c.baseline, scale=c.scale, note=c.note)
        for c in cases
    }
    for round_no in range(-warmup, runs):
        label = "warm-up" if round_no < 0 else f"run {round_no + 1}/{runs}"
        for case in cases:
            elapsed, rss, cpu, stdout, stderr, code = run_once(case.argv)
            result = results[case.key]
            problem = case.check(stdout, code) if case.check else None
            if problem is None and code != 0 and case.check is None:
                problem = f"exit {code}: {stderr.decode(errors='replace')[-500:]}"
            if problem is not None and problem not in result.problems:
                result.problems.append(problem)
            log(
                f"{label:>9}  {case.key:<14} {elapsed:7.3f} s  {rss / 1024:7.1f} MiB"
                + (f"  PROBLEM: {problem}" if problem else "")
            )
            if round_no >= 0:
                result.seconds.append(elapsed)
                result.rss_kib.append(rss)
                result.cpu_seconds.append(cpu)
    return list(results.values())


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the cases


def json_files(folder: Path) -> list[Path]:
    """*.json under ``folder`` in the order the baselines read them."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        found += [Path(root, n) for n in sorted(names) if n.endswith(".json")]
    return found


def gt_validate() -> list[str]:
    script = Path(sys.executable).with_name("gt-validate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gt_validator"]


def expect_findings(files: int, findings: int, errors_at_least: int = 0) -> Check:
    """A check of gt-validate's JSON report: this many files and findings."""

    def check(stdout: bytes, code: int) -> str | None:
        if code not in (0, 1):
            return f"exit {code}"
        try:
            summary = json.loads(stdout)["summary"]
        except (ValueError, KeyError, TypeError) as exc:
            return f"no JSON report ({exc})"
        got = summary["errors"] + summary["warnings"]
        if summary["files"] != files or got != findings or summary["errors"] < errors_at_least:
            return f"expected {files} files and {findings} findings, got {summary}"
        return None

    return check


def expect_exit(wanted: int) -> Check:
    def check(stdout: bytes, code: int) -> str | None:
        return None if code == wanted else f"exit {code}, expected {wanted}: {stdout[-300:]!r}"

    return check


def corpus_cases(corpus: Path, cjs_files: int, schema: Path | None) -> list[Case]:
    valid, broken, large = corpus / "valid", corpus / "one-finding", corpus / "large"
    compact = corpus / "compact"
    compact_files = json_files(compact / "gt")
    compact_size = sum(p.stat().st_size for p in compact_files)
    files = json_files(valid / "gt")
    size = sum(p.stat().st_size for p in files)
    n = len(files)
    broken_files = json_files(broken / "gt")
    broken_size = sum(p.stat().st_size for p in broken_files)
    big = json_files(large / "gt")[0]
    py = sys.executable
    gt = gt_validate()

    def validate(root: Path, *extra: str) -> list[str]:
        return [
            *gt,
            "--format",
            "json",
            "--config",
            str(root / "gt-project.json"),
            *extra,
            str(root / "gt"),
        ]

    cases = [
        Case("read", "read only", [py, "-c", READ_ONLY, str(valid / "gt")], n, size),
        Case(
            "floor",
            "read + orjson.loads (the floor)",
            [py, "-c", FLOOR, str(valid / "gt")],
            n,
            size,
        ),
        Case(
            "floor_nogc",
            "floor, GC disabled",
            [py, "-c", FLOOR_NO_GC, str(valid / "gt")],
            n,
            size,
            note="information: what the garbage collector costs the floor",
        ),
        Case(
            "jobs1",
            "gt-validate --jobs 1",
            validate(valid, "--jobs", "1"),
            n,
            size,
            check=expect_findings(n, 0),
        ),
        Case(
            "jobs_default",
            "gt-validate (default jobs)",
            validate(valid),
            n,
            size,
            check=expect_findings(n, 0),
        ),
        Case(
            "jobs2",
            "gt-validate --jobs 2",
            validate(valid, "--jobs", "2"),
            n,
            size,
            check=expect_findings(n, 0),
        ),
        Case(
            "jobs1_no_c",
            "gt-validate --jobs 1, no C gate",
            ["env", "GT_VALIDATOR_NO_SPEEDUPS=1", *validate(valid, "--jobs", "1")],
            n,
            size,
            check=expect_findings(n, 0),
            note="information: GT_VALIDATOR_NO_SPEEDUPS=1, the detailed rules for every file, "
            "as where the C accelerator is not built",
        ),
        Case(
            "floor_compact",
            "compact corpus: read + orjson.loads",
            [py, "-c", FLOOR, str(compact / "gt")],
            len(compact_files),
            compact_size,
            baseline="floor_compact",
        ),
        Case(
            "jobs1_compact",
            "compact corpus: gt-validate --jobs 1",
            validate(compact, "--jobs", "1"),
            len(compact_files),
            compact_size,
            check=expect_findings(len(compact_files), 0),
            baseline="floor_compact",
        ),
        Case(
            "one_finding",
            "gt-validate --jobs 1, one finding per file",
            validate(broken, "--jobs", "1"),
            len(broken_files),
            broken_size,
            check=expect_findings(len(broken_files), len(broken_files)),
        ),
    ]
    if schema is not None:
        cjs = [*check_jsonschema(), "--schemafile", str(schema)]
        subset = files[:cjs_files]
        cases += [
            Case(
                "cjs_one_file",
                "check-jsonschema, one file (start-up)",
                [*cjs, str(files[0])],
                1,
                files[0].stat().st_size,
                check=expect_exit(0),
                baseline="",
            ),
            Case(
                "check_jsonschema",
                "check-jsonschema (same schema)",
                [*cjs, *map(str, subset)],
                len(subset),
                size * len(subset) // n,  # pro rata: x scale gives the corpus's size
                check=expect_exit(0),
                scale=n / len(subset),
                note=f"measured on the first {len(subset)} files (check-jsonschema needs about "
                "35 ms a file); the time for the corpus is extrapolated: one-file time + "
                f"({len(subset)}-file time - one-file time) x ({n} - 1) / ({len(subset)} - 1)",
            ),
        ]
    big_size = big.stat().st_size
    cases += [
        Case(
            "large_orjson",
            "50 MB file: read + orjson.loads",
            [py, "-c", PARSE_ONE, str(big)],
            1,
            big_size,
            baseline="large_orjson",
        ),
        Case(
            "large_jobs1",
            "50 MB file: gt-validate --jobs 1",
            validate(large, "--jobs", "1"),
            1,
            big_size,
            check=expect_findings(1, 0),
            baseline="large_orjson",
        ),
    ]
    return cases


def check_jsonschema() -> list[str]:
    script = Path(sys.executable).with_name("check-jsonschema")
    found = str(script) if script.exists() else shutil.which("check-jsonschema")
    if found is None:
        raise SystemExit("check-jsonschema is not installed (pip install check-jsonschema)")
    return [found]


def write_schema(corpus: Path, out: Path) -> Path | None:
    """``gt-validate schema`` for the corpus project, or None (with a warning)."""
    config = corpus / "valid" / "gt-project.json"
    done = subprocess.run(
        [*gt_validate(), "schema", "--config", str(config)], capture_output=True, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        log(
            f"gt-validate schema failed ({done.returncode}); check-jsonschema is skipped:\n"
            + done.stderr.decode(errors="replace")[-1000:]
        )
        return None
    out.mkdir(parents=True, exist_ok=True)
    path = out / "gt-schema.json"
    path.write_bytes(done.stdout)
    return path


# ---------------------------------------------------------------- reporting


@dataclass(frozen=True)
class Target:
    title: str
    measured: float | None
    goal: str
    met: bool | None
    cpu_ratio: float | None = None  # the same ratio in CPU time (single-process cases)


def extrapolate(results: list[Result]) -> None:
    """check-jsonschema's corpus time from its subset and one-file times (start-up once)."""
    by = {r.key: r for r in results}
    subset, one = by.get("check_jsonschema"), by.get("cjs_one_file")
    if subset is None or not subset.seconds or subset.files < 2:
        return
    corpus_files = round(subset.files * subset.scale)

    def whole(subset_times: list[float], one_times: list[float]) -> float:
        start = statistics.median(one_times) if one_times else 0.0
        per_file = (statistics.median(subset_times) - start) / (subset.files - 1)
        return start + per_file * (corpus_files - 1)

    subset.estimate = whole(subset.seconds, one.seconds if one is not None else [])
    subset.cpu_estimate = whole(subset.cpu_seconds, one.cpu_seconds if one is not None else [])


# (title, numerator case, denominator case, what is compared, at most?, limit);
# "time1": wall time of two single-process cases, whose CPU-time ratio is shown too.
TARGETS: list[tuple[str, str, str, str, bool, float]] = [
    ("all rules, --jobs 1, vs the floor", "jobs1", "floor", "time1", True, 1.3),
    ("the same on the compact corpus", "jobs1_compact", "floor_compact", "time1", True, 1.3),
    ("check-jsonschema time / --jobs 1 time", "check_jsonschema", "jobs1", "time1", False, 80),
    ("--jobs 1 time / --jobs 2 time", "jobs1", "jobs2", "time", False, 1.7),
    ("one-finding corpus vs valid corpus (--jobs 1)", "one_finding", "jobs1", "time1", True, 3),
    ("peak RSS on the 50 MB file vs orjson alone", "large_jobs1", "large_orjson", "rss", True, 1.5),
]


def targets(by: dict[str, Result]) -> list[Target]:
    out = []
    for title, a, b, what, at_most, limit in TARGETS:
        value: float | None = None
        cpu: float | None = None
        if a in by and b in by and by[a].seconds and by[b].seconds:
            if what == "rss":
                value = by[a].peak_rss_mib / by[b].peak_rss_mib
            else:
                value = by[a].median / by[b].median
            if what == "time1":
                cpu = by[a].cpu / by[b].cpu
        goal = f"{'<=' if at_most else '>='} {limit:g}x"
        met = None if value is None else (value <= limit if at_most else value >= limit)
        out.append(Target(title, value, goal, met, cpu))
    return out


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": _cpu_model(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def markdown(results: list[Result], runs: int, info: dict[str, Any]) -> str:
    by = {r.key: r for r in results}

    def versus(r: Result) -> str:
        base = by.get(r.baseline)
        return f"{r.median / base.median:.2f}x" if base is not None and base.seconds else ""

    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {info['usable_cpus']} CPUs "
        f"({info['processor']}), Python {info['python']}, {info['platform']}; "
        f"median of {runs} runs, whole process; load average {info['load_before']:.2f} "
        f"before, {info['load_after']:.2f} after.",
        "",
        "| measurement | files | MB | median s | ms/file | files/s | MB/s | CPU s "
        "| peak RSS MiB | x floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if not r.seconds:
            continue
        files = r.files * r.scale
        mb = r.bytes * r.scale / 1e6
        mark = " *" if r.scale != 1 else ""
        lines.append(
            f"| {r.title}{mark} | {files:,.0f} | {mb:,.1f} | {r.median:.3f} | "
            f"{r.median / files * 1000:.3f} | {files / r.median:,.0f} | {mb / r.median:,.1f} | "
            f"{r.cpu:.3f} | {r.peak_rss_mib:,.1f} | "
            f"{versus(r)} |"
        )
    notes = [f"\\* {r.title}: {r.note}." for r in results if r.scale != 1 and r.seconds]
    lines += [
        "",
        *notes,
        "The 50 MB rows compare with orjson parsing that file alone, not with the floor.",
        "MB is 10^6 bytes; MiB is 2^20. CPU s: user + system time of the process and its workers.",
    ]
    if max(info["load_before"], info["load_after"]) >= (info["usable_cpus"] or 1):
        lines += [
            "",
            "**The machine was busy** (load average at or above its CPU count): wall times are "
            "inflated unevenly; trust the CPU-time ratios more, or re-run on a quiet machine.",
        ]
    lines += [
        "",
        "| target | measured | goal | met | same ratio in CPU time |",
        "|---|---:|---:|---|---:|",
    ]
    for t in targets(by):
        value = "n/a" if t.measured is None else f"{t.measured:.2f}x"
        met = "n/a" if t.met is None else ("yes" if t.met else "**no**")
        cpu = "" if t.cpu_ratio is None else f"{t.cpu_ratio:.2f}x"
        lines.append(f"| {t.title} | {value} | {t.goal} | {met} | {cpu} |")
    problems = [f"- {r.key}: {p}" for r in results for p in r.problems]
    if problems:
        lines += ["", "Problems seen during the runs (these numbers are suspect):", *problems]
    return "\n".join(lines) + "\n"


def details(results: list[Result]) -> str:
    """Spread and CPU time per case (not in the docs)."""
    lines = [
        "| case | min s | median s | max s | median CPU s | CPU / wall | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if not r.seconds:
            continue
        wall, cpu = statistics.median(r.seconds), statistics.median(r.cpu_seconds)
        lines.append(
            f"| {r.key} | {min(r.seconds):.3f} | {wall:.3f} | {max(r.seconds):.3f} | "
            f"{cpu:.3f} | {cpu / wall:.2f} | {r.peak_rss_mib:,.1f} |"
        )
    return "\n".join(lines) + "\n"


def update_docs(section: str, path: Path = DOCS) -> None:
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition(DOCS_START)
    _, sep2, tail = rest.partition(DOCS_END)
    if not sep or not sep2:
        raise SystemExit(f"{path}: markers {DOCS_START} / {DOCS_END} not found")
    path.write_text(f"{head}{DOCS_START}\n{section}{DOCS_END}{tail}", encoding="utf-8")
    log(f"updated {path}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", type=int, default=5, help="measured runs per case (5)")
    p.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (1)")
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--cases", help="comma-separated case keys (default: all)")
    p.add_argument(
        "--cjs-files",
        type=int,
        default=500,
        help="files given to check-jsonschema (500; its time is scaled to the corpus)",
    )
    p.add_argument("--json", type=Path, default=OUT / "results.json", help="raw results here")
    p.add_argument("--markdown", action="store_true", help="print only the Markdown section")
    p.add_argument("--update-docs", action="store_true", help=f"rewrite the section in {DOCS}")
    ns = p.parse_args(argv)
    if not (ns.corpus / "valid" / "gt-project.json").exists():
        raise SystemExit(f"no corpus in {ns.corpus}: run python bench/corpus.py first")
    wanted = set(ns.cases.split(",")) if ns.cases else None
    schema = (
        write_schema(ns.corpus, OUT) if wanted is None or "check_jsonschema" in wanted else None
    )
    cases = [
        c
        for c in corpus_cases(ns.corpus, ns.cjs_files, schema)
        if wanted is None or c.key in wanted
    ]
    load_before = os.getloadavg()[0]
    results = measure(cases, ns.runs, ns.warmup)
    extrapolate(results)
    info = machine() | {"load_before": load_before, "load_after": os.getloadavg()[0]}
    section = markdown(results, ns.runs, info)
    ns.json.parent.mkdir(parents=True, exist_ok=True)
    ns.json.write_text(
        json.dumps(
            {
                "machine": info,
                "runs": ns.runs,
                "results": [asdict(r) for r in results],
                "targets": [asdict(t) for t in targets({r.key: r for r in results})],
            },
            indent=2,
        )
        + "\n"
    )
    if ns.update_docs:
        update_docs(section)
    sys.stdout.write(section)
    if not ns.markdown:
        sys.stdout.write("\n" + details(results))
        log(f"raw results: {ns.json}")
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
