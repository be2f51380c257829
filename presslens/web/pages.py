"""Rendering pages: one Jinja2 environment with autoescaping on for every template.

Nothing from the corpus is ever marked safe: hostile article text reaches the browser only
as escaped text (the article page builds its highlighted text from escaped segments).
"""

from __future__ import annotations

from dataclasses import field, fields, is_dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

__all__ = ["about", "page_url", "render_html", "safe_href"]

# The pages need no inline script, style or remote resource; this makes sure none runs.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def about(text: str, default: Any = None) -> Any:
    """A template-context field with its help text (what the template shows it as)."""
    return field(default=default, metadata={"help": text})


def safe_href(url: str | None) -> str | None:
    """A link target only for http(s) URLs: ``javascript:`` or ``data:`` URLs from a hostile
    page become plain text."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def page_url(path: str, params: dict[str, Any]) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = {k: v for k, v in params.items() if v is not None and v != "" and v is not False}
    return path + ("?" + urlencode(kept, doseq=True) if kept else "")


def _short_date(value: str | None) -> str:
    return (value or "")[:10]


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("presslens.web", "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short_date"] = _short_date
    env.filters["safe_href"] = safe_href
    env.globals["page_url"] = page_url
    return env


def render_html(request: Request, template: str, context: object, *, status: int = 200) -> HTMLResponse:
    """Render ``template`` with a context dataclass (its fields, shallow) or a dict."""
    if is_dataclass(context) and not isinstance(context, type):
        values = {f.name: getattr(context, f.name) for f in fields(context)}
    else:
        assert isinstance(context, dict)
        values = context
    body = environment().get_template(template).render(request_path=request.url.path, **values)
    response = HTMLResponse(body, status_code=status)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
