"""One canonical URL spelling for ids (extraction) and resume keys (sources)."""

from __future__ import annotations

import pytest

from presslens.urls import canonical_url, is_web_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/a/b?x=1#top", "https://example.com/a/b?x=1"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/story?utm_source=feed", "https://example.com/story"),
    ],
)
def test_web_urls_get_one_spelling(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("text", ["story.html", "/tmp/a.html", "ftp://example.com/x", "mailto:a@b.c", ""])
def test_anything_else_is_not_a_web_url(text: str) -> None:
    assert not is_web_url(text)
    assert canonical_url(text) is None
