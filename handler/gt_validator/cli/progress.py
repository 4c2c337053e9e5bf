"""A one-line progress bar on stderr, only when stderr is a terminal."""

from __future__ import annotations

from typing import TextIO


class Progress:
    MIN_FILES = 200  # short runs finish before a bar would help

    def __init__(self, stream: TextIO, total: int) -> None:
        self._stream, self._total, self._done, self._shown = stream, total, 0, -1

    @classmethod
    def maybe(cls, stream: TextIO, total: int, *, enabled: bool = True) -> Progress | None:
        isatty = getattr(stream, "isatty", None)
        if not enabled or total < cls.MIN_FILES or not (isatty and isatty()):
            return None
        return cls(stream, total)

    def advance(self, n: int) -> None:
        self._done += n
        percent = self._done * 100 // max(self._total, 1)
        if percent != self._shown:
            self._shown = percent
            bar = "#" * (percent // 4)
            self._stream.write(f"\r[{bar:<25}] {self._done}/{self._total} files")
            self._stream.flush()

    def close(self) -> None:
        self._stream.write("\n")
        self._stream.flush()
