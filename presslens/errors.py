"""Errors users see. Each carries a stable slug ``code`` and the input it concerns.

    PresslensError
    ├── SourceError        an input could not be read, fetched or decoded
    ├── ExtractError       no article could be made from an input
    ├── AttributionError   the analyzer could not run (model missing, bad options)
    ├── StoreError         the database could not be opened, migrated, written or queried
    └── ConfigError        options, environment or a missing extra

Expected empty results (a page with no article) are values, ``model.Rejected``, not errors.
"""

from __future__ import annotations

__all__ = [
    "AttributionError",
    "ConfigError",
    "ExtractError",
    "PresslensError",
    "SourceError",
    "StoreError",
    "missing_extra",
]


class PresslensError(Exception):
    """Base of every error presslens raises on purpose; the message says what to try."""

    default_code = "presslens-error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        source_id: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.source_id = source_id
        self.path = path

    def __str__(self) -> str:
        where = self.source_id or self.path
        return f"{where}: {self.message}" if where else self.message


class SourceError(PresslensError):
    default_code = "source-error"


class ExtractError(PresslensError):
    default_code = "extract-error"


class AttributionError(PresslensError):
    default_code = "attribution-error"


class StoreError(PresslensError):
    default_code = "store-error"


class ConfigError(PresslensError):
    default_code = "config-error"


def missing_extra(module: str, extra: str) -> ConfigError:
    """The error for an optional dependency that is not installed, with the exact fix."""
    return ConfigError(
        f"{module} is not installed; run: pip install 'presslens[{extra}]'",
        code="missing-extra",
    )
