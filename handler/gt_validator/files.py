"""What the core judges: ``GTFile``, one GT file from any source, and its bytes.

Sources (``sources/local.py``, ``sources/s3.py``, the Lambda's objects, the
Action's selection) make ``GTFile``s; ``validator.Validator.check`` reads and
judges them. Neither side imports the other: both import this module.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass


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
        size comes from the open file (sources/local.py does not stat every file)."""
        if self.read is not None:
            return self.read()
        if self.local_path is None:
            raise ValueError(f"{self.path}: nothing to read")
        with open(self.local_path, "rb") as fh:  # plain open: pathlib costs ~10 us a file
            if limit is not None:
                size = os.fstat(fh.fileno()).st_size
                if size > limit:
                    raise TooLarge(size)
            return fh.read()
