"""What the core judges: ``GTFile``, one GT file from any source, and its bytes.

Sources (``sources/local.py``, ``sources/s3.py``, the Lambda's objects, the
Action's selection) make ``GTFile``s; ``validator.Validator.check`` reads and
judges them. Neither side imports the other: both import this module.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass

# Non-blocking: opening a FIFO must not wait for a writer (regular files ignore it).
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# errno -> what a reader should understand from it
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link loop (or too many levels of links)",
    errno.ENOENT: "it does not exist (it vanished, or it is a link to a missing file)",
    errno.ENOTDIR: "it does not exist (a part of its path is not a folder)",
    errno.EIO: "an I/O error",
    errno.ENXIO: "no device behind it (a socket or an unplugged device)",
}


class NotRegular(Exception):
    """A path that is not a regular file (a FIFO, a device, a folder): never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def read_reason(exc: OSError) -> str:
    """Why a file could not be read, in words (the errno's meaning, then its text)."""
    reason = _REASONS.get(exc.errno or 0)
    detail = exc.strerror or str(exc)
    return f"{reason} ({detail})" if reason and detail else reason or detail or type(exc).__name__


class TooLarge(Exception):
    """A file over the size limit, known before its bytes were read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


@dataclass(frozen=True, slots=True)
class GTFile:
    path: str  # as reported
    rel_path: str | None  # posix, relative to gt_root; None: location not checked
    size: int | None = None
    local_path: str | None = None  # for worker processes, which cannot receive ``read``
    read: Callable[[], bytes] | None = None

    def read_bytes(self, limit: int | None = None) -> bytes:
        """The bytes. A local file over ``limit`` raises TooLarge before it is read: the
        size comes from the open file (sources/local.py does not stat every file).

        Only regular files are read (NotRegular otherwise, decided by ``fstat`` on the
        open file, so a link to ``/dev/zero`` or a FIFO never hangs or fills memory);
        at most ``limit + 1`` bytes are read even if the file grows meanwhile.
        OSError (permission, I/O error, link loop, vanished) goes to the caller."""
        if self.read is not None:
            return self.read()
        if self.local_path is None:
            raise ValueError(f"{self.path}: nothing to read")
        fd = os.open(self.local_path, _OPEN_FLAGS)  # plain os calls: pathlib costs ~10 us
        try:
            info = os.fstat(fd)
        except BaseException:
            os.close(fd)
            raise
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise NotRegular(kind)
        with open(fd, "rb") as fh:  # owns fd from here on
            size = info.st_size
            if limit is None:
                return fh.read()
            if size > limit:
                raise TooLarge(size)
            data = fh.read(size + 1)
            if len(data) > size:  # it grew since fstat: read on, up to the limit
                data += fh.read(limit + 1 - len(data))
            return data
