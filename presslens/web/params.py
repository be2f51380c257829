"""Query parameters, built from the store's own filter definitions.

``quote_filter`` is a FastAPI dependency whose parameters are ``QuoteFilter``'s fields (name,
type, choices, help), so the REST API, the pages, the CLI and the Python API select quotes
the same way and document it from one place. Types and ranges are checked here (a 422);
what only the store can judge comes back as a ``ConfigError`` (a 400).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Query, Request

from presslens.store.filters import MAX_OFFSET, QuoteFilter, filter_fields

__all__ = ["DATE_PATTERN", "LANGUAGE_PATTERN", "MAX_PAGE", "Page", "next_url", "page_of", "quote_filter", "quote_filter_for"]

DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: not given (an empty form field)
MAX_PAGE = 500  # items per page; a client wanting more follows `next`
DEFAULT_PAGE = 50
_TEXT_LIMIT = 300  # longest free-text parameter (speaker, about, site)
LANGUAGE_PATTERN = r"^([a-z]{2,3})?$"
_PATTERNS = {"since": DATE_PATTERN, "until": DATE_PATTERN, "language": LANGUAGE_PATTERN}

T = TypeVar("T")


def _query_for(name: str, kind: type, default: Any, help: str, choices: tuple[str, ...]) -> tuple[Any, Any]:
    """(annotation, default) of one query parameter."""
    if name == "limit":
        return Annotated[int, Query(ge=0, le=MAX_PAGE, description=f"{help} (at most {MAX_PAGE} per page)")], DEFAULT_PAGE
    if name == "offset":
        return Annotated[int, Query(ge=0, le=MAX_OFFSET, description=help)], 0
    if kind is bool:
        return Annotated[bool, Query(description=help)], bool(default)
    if choices:
        # "" is an empty <select> choice in a form: no filter
        return Annotated[Literal[("", *choices)] | None, Query(description=help + " Empty: any.")], None
    if kind is float:
        return Annotated[float | None, Query(ge=0.0, le=1.0, description=help)], None
    if kind is int:
        return Annotated[int | None, Query(ge=0, le=2**62, description=help)], None
    pattern = _PATTERNS.get(name)
    return Annotated[str | None, Query(max_length=_TEXT_LIMIT, pattern=pattern, description=help)], None


def quote_filter_for(names: Sequence[str] | None = None) -> Callable[..., Awaitable[QuoteFilter]]:
    """A dependency taking ``QuoteFilter``'s fields (or just ``names``) from the query string."""
    parameters = []
    for field in filter_fields():
        if names is not None and field.name not in names:
            continue
        annotation, default = _query_for(field.name, field.type, field.default, field.help, field.choices)
        parameters.append(inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))

    # async: pure work, done on the event loop rather than in a trip through the thread pool
    async def dependency(**values: Any) -> QuoteFilter:
        given: dict[str, Any] = {name: None if value == "" else value for name, value in values.items()}
        return QuoteFilter(**given)

    dependency.__signature__ = inspect.Signature(parameters, return_annotation=QuoteFilter)  # type: ignore[attr-defined]
    return dependency


quote_filter = quote_filter_for()


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page of a list: its items and the URL of the next page (None on the last)."""

    items: list[Any]
    offset: int
    limit: int
    next: str | None
    previous: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "items": [item.to_dict() for item in self.items],
            "offset": self.offset,
            "limit": self.limit,
            "next": self.next,
            "previous": self.previous,
        }


def next_url(request: Request, offset: int, *, path: str | None = None) -> str:
    """This request's URL (or ``path`` with its query) with ``offset`` changed."""
    params = dict(request.query_params)
    params["offset"] = str(offset)
    if offset == 0:
        params.pop("offset")
    from presslens.web.pages import page_url

    return page_url(path or request.url.path, params)


def page_of(
    request: Request, fetch: Callable[[int, int], list[T]], *, offset: int, limit: int, path: str | None = None
) -> Page:
    """Fetch ``limit + 1`` items at ``offset`` to learn whether a next page exists."""
    found = fetch(offset, limit + 1) if limit else []
    more = len(found) > limit
    return Page(
        items=list(found[:limit]),
        offset=offset,
        limit=limit,
        next=next_url(request, offset + limit, path=path) if more else None,
        previous=next_url(request, max(0, offset - limit), path=path) if offset > 0 and limit else None,
    )


def with_page(where: QuoteFilter, offset: int, limit: int) -> QuoteFilter:
    return replace(where, offset=offset, limit=limit)
