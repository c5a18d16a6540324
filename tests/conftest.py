"""Shared test settings: Hypothesis profiles, chosen with ``HYPOTHESIS_PROFILE``.

* ``ci`` (the default, what ``pytest`` runs): 100 examples per test, derandomized, so that a
  run's result depends on the code alone and a green build stays green;
* ``dev``: 20 random examples per test, for quick local runs;
* ``explore``: 1,000 random examples per test, to hunt for new failures before a release.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": (HealthCheck.too_slow,)}

settings.register_profile("ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=20, **_COMMON)
settings.register_profile("explore", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
