"""``--jobs N``: validate files in worker processes, results in input order.

Where processes are forked (Linux), workers inherit the parent's Validator;
elsewhere each rebuilds it from the config URI once, in the pool initializer.
Files travel as paths, reports come back as frozen records.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence

from gt_validator.report import FileReport
from gt_validator.validator import GTFile, Validator, build_validator, gc_paused

# Below this, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 400
MIN_BYTES_FOR_WORKERS = 32 * 1024 * 1024

_worker: Validator | None = None


def _init(config_uri: str | None) -> None:
    global _worker
    gc.disable()  # see gc_paused: no cycles, collection is pure cost here
    if config_uri is not None:  # spawned, not forked: nothing inherited
        _worker = build_validator(config_uri)


def _check_chunk(files: Sequence[GTFile]) -> list[FileReport]:
    assert _worker is not None
    return [_worker.check(f) for f in files]


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worth_parallel(files: Sequence[GTFile], jobs: int) -> bool:
    if jobs <= 1 or any(f.local_path is None for f in files):
        return False
    total = sum(f.size or 0 for f in files)
    return len(files) >= MIN_FILES_FOR_WORKERS or total >= MIN_BYTES_FOR_WORKERS


def check_all(
    validator: Validator,
    files: Sequence[GTFile],
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> list[FileReport]:
    """Reports for ``files`` in order, in ``jobs`` processes when that pays off."""
    if not worth_parallel(files, jobs):
        out = []
        with gc_paused():
            for f in files:
                out.append(validator.check(f))
                if progress is not None:
                    progress(1)
        return out
    import multiprocessing  # only runs this big pay these imports
    from concurrent.futures import ProcessPoolExecutor

    global _worker
    forked = multiprocessing.get_start_method() == "fork"
    _worker = validator if forked else None
    size = -(-len(files) // (jobs * 4))  # four chunks a worker: few messages, still balanced
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: list[FileReport] = []
    with ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_init,
        initargs=(None if forked else validator.config.source,),
    ) as pool:
        for chunk_reports in pool.map(_check_chunk, chunks):
            results.extend(chunk_reports)
            if progress is not None:
                progress(len(chunk_reports))
    return results
