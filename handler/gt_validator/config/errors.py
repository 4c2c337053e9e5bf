"""ConfigError: what is wrong with a project configuration, and where.

It lives in its own module so that ``load`` and ``resources`` can both raise it
without importing each other; ``gt_validator.config.load`` re-exports it.
"""

from __future__ import annotations

__all__ = ["ConfigError", "ConfigUnreadable"]


class ConfigError(Exception):
    """An invalid or unreadable configuration: never a GT problem (the CLI exits 2).

    ``config`` is the config's path or URI as given, ``pointer`` an RFC 6901 JSON
    Pointer into it (``""``: the whole file), ``line``/``column`` the 1-based
    position when known (invalid JSON).
    """

    def __init__(
        self,
        message: str,
        *,
        config: str,
        pointer: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.config = config
        self.pointer = pointer
        self.line = line
        self.column = column

    def __str__(self) -> str:
        # "gt-project.json: /classes/0/name: duplicate class name 'car'"
        where = f"{self.pointer}: " if self.pointer else ""
        return f"{self.config}: {where}{self.message}"

    def __repr__(self) -> str:
        return f"ConfigError({self.message!r}, config={self.config!r}, pointer={self.pointer!r})"


class ConfigUnreadable(ConfigError):
    """The config, its manifest or its resources root could not be read or listed.

    Missing, denied, or the network: unlike a mistake in the config, this may
    pass on a retry, so long-lived callers (the Lambda) can tell the two apart.
    """
