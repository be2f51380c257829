"""One error shape for every error the server returns, JSON or HTML.

API paths answer ``{"ok": false, "error", "code", "status"}``; pages render the same four
fields in ``error.html``. Store and option errors keep their slug ``code``; the status says
whose fault it was (4xx: the request, 5xx: the server).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from presslens.errors import ConfigError, PresslensError, StoreError

__all__ = ["ERROR_RESPONSES", "ErrorBody", "error_response", "install_error_handlers"]

log = logging.getLogger(__name__)

# Store codes that describe the request, not the server (everything else from the store is a 500).
_NOT_FOUND = {"article-not-found", "speaker-not-found"}
_BAD_REQUEST = {"bad-query", "bad-article-id", "ambiguous-id"}
_UNAVAILABLE = {"database-busy"}
_HTTP_CODES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "too-large",
    415: "unsupported-media-type",
}


class ErrorBody(BaseModel):
    """What every error response carries (the OpenAPI schema documents it for each route)."""

    ok: bool = Field(False, description="Always false for an error.")
    error: str = Field(description="What went wrong and what to try, for people.")
    code: str = Field(description="A stable slug for programs, e.g. article-not-found, bad-parameter.")
    status: int = Field(description="The HTTP status, repeated for clients that only see the body.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter the store rejects (e.g. a malformed search query)."},
    404: {"model": ErrorBody, "description": "No such article or speaker."},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type or out of range."},
}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    body = {"ok": False, "error": message, "code": code, "status": status}
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    from presslens.web.pages import render_html  # pages import this module

    return render_html(request, "error.html", {"failure": body}, status=status)


def _status_of(error: PresslensError) -> int:
    if error.code in _NOT_FOUND:
        return 404
    if error.code in _UNAVAILABLE:
        return 503
    if isinstance(error, ConfigError) or error.code in _BAD_REQUEST:
        return 400
    return 500


# What a pattern mismatch means, per parameter (pydantic would quote the regular expression).
_PATTERN_HINTS = {
    "since": "wants a date like 2024-05-31, 2024-05 or 2024",
    "until": "wants a date like 2024-05-31, 2024-05 or 2024",
    "language": "wants an ISO 639-1 code like en",
}


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(item) for item in problem.get("loc", ()) if item not in ("query", "path"))
        message = str(problem.get("msg", "invalid"))
        if problem.get("type") == "string_pattern_mismatch" and where in _PATTERN_HINTS:
            message = _PATTERN_HINTS[where]
        parts.append(f"{where or 'request'}: {message}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Route every error, expected or not, to ``error_response``."""

    @app.exception_handler(PresslensError)
    async def presslens_error(request: Request, error: PresslensError) -> Response:
        status = _status_of(error)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, error, exc_info=error)
        message = error.message if isinstance(error, (StoreError, ConfigError)) else str(error)
        return error_response(request, status, error.code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 422, "bad-parameter", _validation_message(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(error.status_code, "http-error")
        message = str(error.detail) if error.detail else code.replace("-", " ")
        if error.status_code == 404 and message == "Not Found":
            message = f"nothing here: {request.url.path}"
        response = error_response(request, error.status_code, code, message)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return error_response(request, 500, "internal-error", "the server failed; the log says why")
