"""Hypothesis profiles: how hard the fuzz properties try.

- ``dev`` (default): random, hypothesis's usual 100 examples, so the suite stays fast.
- ``ci``: the same bound, derandomized, so a CI run is reproducible (chosen when
  the ``CI`` variable is set, as GitHub Actions does).
- ``mutmut``: few derandomized examples, for tools/mutation-test.sh (each mutant
  reruns the tests that reach it; a deterministic run kills or not, never flakes).
- ``fuzz``: a long hunt for new failures; run it by hand
  (``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/unit -k fuzz``).

The fuzz properties leave ``max_examples`` to the profile; other property tests
that set their own keep it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=_SLOW_IS_FINE
)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "mutmut",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a killed mutant needs no shrunk example
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=_SLOW_IS_FINE
)


def load() -> None:
    """The profile from HYPOTHESIS_PROFILE, else ``ci`` under CI, else ``dev``."""
    default = "ci" if os.environ.get("CI") else "dev"
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", default))
