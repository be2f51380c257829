"""Across stories a short form joins its full name only with shared context (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.model import Analysis, Article, Cue, Entity, Quote, Span
from presslens.store.corpus import Corpus
from presslens.store.speakers import can_be_speaker

pytestmark = pytest.mark.issue(8)


def _story(number: int, name: str, role: str | None) -> Analysis:
    text = f"{name} said the budget for the year {2020 + number} would be balanced at last."
    end = len(name)
    article = Article(
        id=f"a{number}", text=text, paragraphs=(Span(start=0, end=len(text)),), url=f"https://news.example/{number}"
    )
    said = text.index(" said") + 1
    quote = Quote(
        span=Span(start=said + 5, end=len(text) - 1),
        kind="indirect",
        parts=(Span(start=said + 5, end=len(text) - 1),),
        cue=Cue(span=Span(start=said, end=said + 4), lemma="say"),
        speaker_mention=Span(start=0, end=end),
        speaker="e1",
        confidence=0.9,
    )
    person = Entity(id="e1", name=name, kind="PERSON", mentions=(Span(start=0, end=end),), role=role)
    return Analysis(article=article, entities=(person,), quotes=(quote,))


def _speaker_ids(corpus: Corpus) -> set[int]:
    rows = corpus.connection.execute("SELECT DISTINCT speaker_id FROM entities WHERE speaker_id IS NOT NULL")
    return {r[0] for r in rows}


def test_short_form_with_the_same_role_is_the_same_speaker(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.add(_story(1, "Elizabeth Marrow", "Prime Minister"))
        corpus.add(_story(2, "Liz Marrow", "Prime Minister"))
        assert len(_speaker_ids(corpus)) == 1


def test_the_same_title_words_are_the_same_role(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.add(_story(1, "Elizabeth Marrow", "British Prime Minister"))
        corpus.add(_story(2, "Liz Marrow", "Prime Minister"))
        assert len(_speaker_ids(corpus)) == 1


def test_short_form_without_shared_context_stays_apart(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.add(_story(1, "Elizabeth Marrow", "Prime Minister"))
        corpus.add(_story(2, "Liz Marrow", None))
        corpus.add(_story(3, "Beth Marrow", "headteacher"))
        assert len(_speaker_ids(corpus)) == 3


def test_label_words_are_not_speakers() -> None:
    assert not can_be_speaker("Hinweis", "PERSON")
    assert not can_be_speaker("IBAN", "ORG")
    assert not can_be_speaker("Kategorie")
    assert can_be_speaker("Elizabeth Marrow", "PERSON")
