"""The top-level API: presslens.extract / analyze / analyze_text / Corpus stay callable."""

from __future__ import annotations

import importlib

import pytest

import presslens
from presslens.errors import ExtractError

PAGE = (
    "<html><head><title>Ferry fares rise</title></head><body><article>"
    "<h1>Ferry fares rise</h1><p>By Lena Ostrow</p>"
    + "".join(
        f"<p>Ferry fares on the island routes will rise by a tenth from May, the operator said on "
        f"Monday, the {n} increase in as many years, blaming fuel and crew costs.</p>"
        for n in ("first", "second", "third")
    )
    + "</article></body></html>"
)


def test_extract_can_be_called_again_after_the_stage_is_imported() -> None:
    first = presslens.extract(PAGE, url="https://example.com/ferry")
    stage = importlib.import_module("presslens.extraction")  # must not shadow the function

    second = presslens.extract(PAGE.encode(), url="https://example.com/ferry")
    assert first == second
    assert first.title == "Ferry fares rise"
    assert first.id == stage.article_id("https://example.com/ferry", first.text)


def test_extract_raises_a_presslens_error_for_an_empty_page() -> None:
    with pytest.raises(ExtractError) as raised:
        presslens.extract(b"")
    assert raised.value.code


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        presslens.no_such_thing  # noqa: B018


def test_corpus_is_exported_lazily() -> None:
    from presslens.store.corpus import Corpus

    assert presslens.Corpus is Corpus
