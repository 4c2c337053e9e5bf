"""``--jobs N``: validate files in N processes, results in input order.

Where the OS forks (Linux, macOS), this process forks N - 1 children after it has
built the Validator: they inherit it, and all N take chunks of files from a shared
queue (a pipe of chunk numbers) until it is empty; each child sends its reports
back through a pipe once, at the end; this process works too instead of waiting.
Elsewhere a ProcessPoolExecutor of N workers rebuilds the Validator from the
config URI in each. Either way the reports come back in input order; a file
without findings travels as None (nothing to pickle).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Sequence

from gt_validator.files import GTFile
from gt_validator.report import FileReport
from gt_validator.validator import Validator, build_validator, gc_paused

# Below this, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 400
MIN_BYTES_FOR_WORKERS = 32 * 1024 * 1024
_CHUNK = 64

_worker: Validator | None = None
Compact = list[FileReport | None]


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worth_parallel(files: Sequence[GTFile], jobs: int) -> bool:
    if jobs <= 1 or any(f.local_path is None for f in files):
        return False
    total = sum(f.size or 0 for f in files)
    return len(files) >= MIN_FILES_FOR_WORKERS or total >= MIN_BYTES_FOR_WORKERS


def _compact(validator: Validator, files: Sequence[GTFile]) -> Compact:
    return [r if r.findings else None for r in map(validator.check, files)]


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
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    if hasattr(os, "fork"):
        done = _forked(validator, chunks, jobs, progress)
    else:  # pragma: no cover - Windows
        done = _pooled(validator, chunks, jobs, progress)
    results: list[FileReport] = []
    for chunk, reports in zip(chunks, done, strict=True):
        results.extend(r or FileReport(f.path) for f, r in zip(chunk, reports, strict=True))
    return results


def _forked(
    validator: Validator,
    chunks: list[Sequence[GTFile]],
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
            mine[i] = _compact(validator, chunks[i])
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
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, wait_status = os.waitpid(pid, 0)
            if not data:
                raise RuntimeError(f"a worker process ended without a result ({wait_status})")
            status, payload = pickle.loads(data)
            if status == "error":
                raise payload
            for i, reports in payload.items():
                done[i] = reports
                if progress is not None:
                    progress(len(reports))
    assert all(d is not None for d in done)
    return done  # type: ignore[return-value]


def _error_message(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(("error", exc))
    except Exception:  # an exception that does not pickle: keep its text
        return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _init(config_uri: str) -> None:
    global _worker
    gc.disable()  # see gc_paused: no cycles, collection is pure cost here
    _worker = build_validator(config_uri)


def _check_chunk(files: Sequence[GTFile]) -> Compact:
    assert _worker is not None
    return _compact(_worker, files)


def _pooled(
    validator: Validator,
    chunks: list[Sequence[GTFile]],
    jobs: int,
    progress: Callable[[int], None] | None,
) -> list[Compact]:  # pragma: no cover - only where the OS cannot fork
    from concurrent.futures import ProcessPoolExecutor

    done: list[Compact] = []
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init, initargs=(validator.config.source,)
    ) as pool:
        for reports in pool.map(_check_chunk, chunks):
            done.append(reports)
            if progress is not None:
                progress(len(reports))
    return done
