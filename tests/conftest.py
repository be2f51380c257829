"""Suite-wide settings: property tests judge behaviour, never speed (CI machines are busy)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile("presslens", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("presslens")
