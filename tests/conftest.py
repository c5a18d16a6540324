"""Shared test settings: Hypothesis profiles (``HYPOTHESIS_PROFILE=dev`` for quick local runs)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, max_examples=100, suppress_health_check=(HealthCheck.too_slow,)
)
settings.register_profile(
    "dev", deadline=None, max_examples=20, suppress_health_check=(HealthCheck.too_slow,)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
