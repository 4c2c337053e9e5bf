"""Every mutation, registered: import ``MUTATIONS`` and ``mutants`` from here."""

from __future__ import annotations

from tests.strategies import break_annotations, break_deep, break_file, break_points
from tests.strategies.mutations import MUTATIONS, Mutant, mutants

__all__ = [
    "MUTATIONS",
    "Mutant",
    "break_annotations",
    "break_deep",
    "break_file",
    "break_points",
    "mutants",
]
