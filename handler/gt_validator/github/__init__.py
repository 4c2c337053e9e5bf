"""The GitHub Action's logic behind ``gt-validate github`` (SPEC section 6).

``settings`` reads the inputs and runner variables, ``changes`` finds a pull
request's files, ``select`` picks the GT files, ``remote`` talks to the Lambda,
``publish`` reports (annotations, summary, outputs, comment via ``api``), and
``main.action`` ties them together with injected clients.
"""

from __future__ import annotations

from gt_validator.github.markdown import MARKER
from gt_validator.github.settings import Settings, UsageError

__all__ = ["MARKER", "Settings", "UsageError"]
