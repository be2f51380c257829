"""JSON responses, encoded once by pydantic-core's serialiser.

A route returning a dict has FastAPI validate it against the route's response model (a
trip through the thread pool and a copy of every item) before encoding it. The API's
routes build plain dicts of JSON types already, so they return ``JSONBody`` instead; the
route's ``response_model`` still documents the body in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse
from pydantic_core import to_json

__all__ = ["JSONBody"]


class JSONBody(JSONResponse):
    """``content`` (dicts, lists, strings, numbers, None) as compact UTF-8 JSON."""

    def render(self, content: Any) -> bytes:
        return to_json(content, inf_nan_mode="null")
