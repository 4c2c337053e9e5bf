"""Per-file cost of each step of ``Validator.check_bytes`` on the valid corpus, in process.

    python bench/stages.py [--corpus bench/corpus/valid]

Bytes already in memory, garbage collector off (as gt-validate runs), CPU time per
file averaged over the corpus, second of two passes (the first warms the caches).
The steps are the ones ``check_bytes`` takes for a valid file: parse (orjson),
the fast gate (rules/fast/, one C call), the duplicate-key count, the location check, the
report record; plus freeing the parsed document, which the floor pays too.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from gt_validator.parse import duplicate_keys, parse
from gt_validator.rules.resources import check_location
from gt_validator.sources.local import collect
from gt_validator.validator import build_validator


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("bench/corpus/valid"))
    ns = ap.parse_args()
    validator = build_validator(str(ns.corpus / "gt-project.json"))
    files = collect([str(ns.corpus / "gt")], validator.config)
    blobs = [(Path(f.local_path or "").read_bytes(), f) for f in files]
    gate = validator._gate
    if gate is None:
        raise SystemExit("the C accelerator is not built (or GT_VALIDATOR_NO_SPEEDUPS=1): no gate")
    clock = time.process_time  # CPU time: steadier than wall time on a shared machine
    gc.disable()
    totals: dict[str, float] = {}
    for _ in range(2):
        totals = dict.fromkeys(
            (
                "parse",
                "fast gate",
                "duplicate keys",
                "location",
                "report record",
                "free the document",
            ),
            0.0,
        )
        for data, file in blobs:
            t0 = clock()
            parsed = parse(data, check_duplicates=False)
            t1 = clock()
            doc = parsed.document
            counted = gate.members(doc)
            t2 = clock()
            problems = duplicate_keys(parsed.data, doc, counted)
            t3 = clock()
            check_location(doc, validator.config, file.rel_path, problems)  # type: ignore[arg-type]
            t4 = clock()
            validator._finish(file.path, parsed.data, problems)
            t5 = clock()
            del parsed, doc
            t6 = clock()
            for key, dt in zip(
                totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True
            ):
                totals[key] += dt
    print("| step | us/file |\n|---|---:|")
    for key, total in totals.items():
        print(f"| {key} | {total / len(blobs) * 1e6:.1f} |")


if __name__ == "__main__":
    main()
