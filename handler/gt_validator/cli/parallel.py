"""``--jobs N``: validate files in N processes, results in input order.

Where the OS forks (Linux, macOS), this process forks N - 1 children after it has
built the Validators (one per config: each file is judged by its own): they
inherit them, and all N take chunks of files from a shared queue (a pipe of
chunk numbers) until it is empty; each child sends its reports back through a
pipe once, at the end; this process works too instead of waiting. Elsewhere a
ProcessPoolExecutor of N workers rebuilds each Validator from its config URI and
levels. Either way the reports come back in input order; a file without
findings travels as None (nothing to pickle). A worker that dies without a
result (killed, out of memory) raises :class:`WorkerLost`.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Sequence

from gt_validator.files import GTFile
from gt_validator.report import FileReport
from gt_validator.validator import Validator, gc_paused

# Below this, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 400
MIN_BYTES_FOR_WORKERS = 32 * 1024 * 1024
_CHUNK = 64

Compact = list[FileReport | None]
Item = tuple[Validator, GTFile]


class WorkerLost(Exception):
    """A worker process ended without sending its result."""


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worth_parallel(items: Sequence[Item], jobs: int) -> bool:
    files = [f for _, f in items]
    if jobs <= 1 or any(f.local_path is None for f in files):
        return False
    total = sum(f.size or 0 for f in files)
    return len(files) >= MIN_FILES_FOR_WORKERS or total >= MIN_BYTES_FOR_WORKERS


def _compact(items: Sequence[Item]) -> Compact:
    out: Compact = []
    for validator, f in items:
        r = validator.check(f)
        out.append(r if r.findings else None)
    return out


def check_all(
    items: Sequence[Item],
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> list[FileReport]:
    """Reports for ``items`` (each file with its judge) in order, in ``jobs`` processes
    when that pays off."""
    if not worth_parallel(items, jobs):
        out = []
        with gc_paused():
            for validator, f in items:
                out.append(validator.check(f))
                if progress is not None:
                    progress(1)
        return out
    chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    if hasattr(os, "fork"):
        done = _forked(chunks, jobs, progress)
    else:  # pragma: no cover - Windows
        done = _pooled(chunks, jobs, progress)
    results: list[FileReport] = []
    for chunk, reports in zip(chunks, done, strict=True):
        results.extend(r or FileReport(f.path) for (_, f), r in zip(chunk, reports, strict=True))
    return results


def _forked(
    chunks: list[Sequence[Item]],
    jobs: int,
    progress: Callable[[int], None] | None,
) -> list[Compact]:
    """Every process, this one included, takes the next chunk number from a shared pipe
    until it is empty: whoever is free takes more, so all finish together."""
    done: list[Compact | None] = [None] * len(chunks)
    queue_read, queue_write = os.pipe()
    # Each number is 4 bytes, written at once: reads of 4 bytes from a pipe are whole.
    os.write(queue_write, b"".join(i.to_bytes(4, "little") for i in range(len(chunks))))
    os.close(queue_write)  # empty and closed: os.read returns b"", the end of the work

    def my_share(report: Callable[[int], None] | None) -> dict[int, Compact]:
        mine: dict[int, Compact] = {}
        while token := os.read(queue_read, 4):
            i = int.from_bytes(token, "little")
            mine[i] = _compact(chunks[i])
            if report is not None:
                report(len(chunks[i]))
        return mine

    children: list[tuple[int, int]] = []
    with gc_paused():
        try:
            for _ in range(1, jobs):
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child: its share, one message, then out without cleanup
                    os.close(read_end)
                    code = 0
                    try:
                        message = pickle.dumps(("ok", my_share(None)), pickle.HIGHEST_PROTOCOL)
                    except BaseException as exc:  # handed to the parent, which raises it
                        message, code = _error_message(exc), 1
                    with os.fdopen(write_end, "wb") as out:
                        out.write(message)
                    os._exit(code)
                os.close(write_end)
                children.append((pid, read_end))
            for i, reports in my_share(progress).items():
                done[i] = reports
        except BaseException:  # our own share failed: stop the children, then report it
            for pid, read_end in children:
                os.kill(pid, signal.SIGTERM)
                os.close(read_end)
                os.waitpid(pid, 0)
            raise
        finally:
            os.close(queue_read)
        lost: list[int] = []
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, wait_status = os.waitpid(pid, 0)
            if not data:
                lost.append(wait_status)
                continue
            status, payload = pickle.loads(data)
            if status == "error":
                raise payload
            for i, reports in payload.items():
                done[i] = reports
                if progress is not None:
                    progress(len(reports))
    if lost:
        raise WorkerLost(_how(lost[0], len(lost)))
    assert all(d is not None for d in done)
    return done  # type: ignore[return-value]


def _how(wait_status: int, count: int) -> str:
    """``a worker process was killed by SIGKILL``: what the OS says about its end."""
    who = "a worker process" if count == 1 else f"{count} worker processes"
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        hint = " (out of memory?)" if number == signal.SIGKILL else ""
        return f"{who} was killed by {name}{hint} before sending its results; nothing was reported"
    code = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else wait_status
    return f"{who} ended (status {code}) before sending its results; nothing was reported"


def _error_message(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(("error", exc))
    except Exception:  # an exception that does not pickle: keep its text
        return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


# Where the OS cannot fork, each worker rebuilds the Validators it needs, by config.
_workers: dict[tuple[str, tuple[tuple[str, str], ...]], Validator] = {}
Portable = tuple[str, tuple[tuple[str, str], ...], GTFile]


def _init() -> None:
    gc.disable()  # see gc_paused: no cycles, collection is pure cost here


def _check_chunk(chunk: Sequence[Portable]) -> Compact:  # pragma: no cover - Windows
    from dataclasses import replace

    from gt_validator.config.load import load_config

    items: list[Item] = []
    for source, levels, f in chunk:
        key = (source, levels)
        if key not in _workers:
            _workers[key] = Validator(replace(load_config(source), levels=dict(levels)))
        items.append((_workers[key], f))
    return _compact(items)


def _pooled(
    chunks: list[Sequence[Item]],
    jobs: int,
    progress: Callable[[int], None] | None,
) -> list[Compact]:  # pragma: no cover - only where the OS cannot fork
    from concurrent.futures import ProcessPoolExecutor

    portable = [
        [(v.config.source, tuple(sorted(v.config.levels.items())), f) for v, f in chunk]
        for chunk in chunks
    ]
    done: list[Compact] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init) as pool:
        for reports in pool.map(_check_chunk, portable):
            done.append(reports)
            if progress is not None:
                progress(len(reports))
    return done
