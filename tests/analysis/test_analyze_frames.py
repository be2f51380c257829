"""Cue frames and content edges: passives, raised subjects, cue nouns, asides, clause breaks.

All texts are written for these tests. Each test names the behaviour it pins down; the
learned lexicon decides whether a candidate is kept, so the texts use common cues.
"""

from __future__ import annotations

import pytest

import presslens
from presslens.analysis.pipeline import Analyzer
from presslens.analysis.syntax import is_passive, subject_of
from presslens.model import Analysis, Quote

pytestmark = pytest.mark.slow


def _quote_with(analysis: Analysis, words: str) -> Quote:
    text = analysis.article.text
    found = [q for q in analysis.quotes if any(words in p.of(text) for p in q.parts)]
    assert found, f"no quote holds {words!r}: {[q.span.of(text) for q in analysis.quotes]}"
    return found[0]


def _content(analysis: Analysis, quote: Quote) -> str:
    return " | ".join(p.of(analysis.article.text) for p in quote.parts)


def test_a_participle_cue_without_a_subject_is_passive(analyzer: Analyzer) -> None:
    doc = analyzer._nlp("Asked about the plan, the mayor said the city had no money left.")
    asked = doc[0]
    assert is_passive(asked)
    assert subject_of(asked) is None  # never "the mayor": she was asked, she did not ask
    said = next(t for t in doc if t.lower_ == "said")
    assert not is_passive(said)
    assert subject_of(said) is not None and subject_of(said).lower_ == "mayor"


def test_the_passive_agent_is_the_source(analyzer: Analyzer) -> None:
    doc = analyzer._nlp("The figures were disputed by the finance minister on Monday.")
    disputed = next(t for t in doc if t.lower_ == "disputed")
    source = subject_of(disputed)
    assert source is not None and source.lower_ == "minister"


def test_a_raised_subject_is_content_and_no_one_is_the_speaker() -> None:
    text = "The council vote is expected to be close after months of argument over the new harbour road."
    analysis = presslens.analyze_text(text)
    quote = _quote_with(analysis, "to be close")
    content = _content(analysis, quote)
    assert "The council vote" in content
    assert quote.speaker is None and quote.speaker_mention is None


def test_a_comment_after_a_comma_is_not_part_of_what_was_said() -> None:
    text = (
        "Ms. Arvo said that some families would pay slightly more in water charges, "
        "an admission that her rivals seized on within the hour."
    )
    analysis = presslens.analyze_text(text)
    content = _content(analysis, _quote_with(analysis, "water charges"))
    assert "admission" not in content


def test_a_clause_before_a_semicolon_is_not_the_cue_content() -> None:
    text = "Nine in ten farmers were worried about the drought; most said they were very worried about the harvest."
    analysis = presslens.analyze_text(text)
    content = _content(analysis, _quote_with(analysis, "very worried"))
    assert "drought" not in content


def test_a_second_clause_hung_on_the_cue_stays_in_the_content() -> None:
    text = "The caretaker said he had been inundated with angry email, some of it mentioning the mayor by name."
    analysis = presslens.analyze_text(text)
    content = _content(analysis, _quote_with(analysis, "angry email"))
    assert "mentioning the mayor" in content


def test_when_and_where_it_was_said_is_not_content() -> None:
    text = "The union endorsed Priya Vance during a rally in Leeds on Tuesday."
    analysis = presslens.analyze_text(text)
    quotes = [q for q in analysis.quotes if "Vance" in q.span.of(text)]
    for quote in quotes:
        assert "rally" not in _content(analysis, quote)


def test_a_quote_that_opens_a_new_sentence_is_not_snapped_into_the_content() -> None:
    text = (
        "In any case, the harbour master said, the port was short of pilots. "
        '"We will train more of them next year," he added.'
    )
    analysis = presslens.analyze_text(text)
    first = _quote_with(analysis, "short of pilots")
    assert "train more" not in _content(analysis, first)


def test_a_cue_noun_with_a_that_clause_is_an_attribution() -> None:
    text = "Her claim that the budget had been balanced for three years drew laughter from the opposition."
    analysis = presslens.analyze_text(text)
    quote = _quote_with(analysis, "budget had been balanced")
    assert quote.cue is not None and quote.cue.lemma == "claim"
    content = _content(analysis, quote)
    assert "claim" not in content and "laughter" not in content
    assert quote.speaker_mention is not None and quote.speaker_mention.of(text) == "Her"


def test_a_verb_hung_on_the_reported_clause_keeps_the_reporters_pronoun(analyzer: Analyzer) -> None:
    doc = analyzer._nlp("She said she admires his determination and highlighted their shared goals on trade.")
    highlighted = next(t for t in doc if t.lower_ == "highlighted")
    source = subject_of(highlighted)
    assert source is not None and source.i == 0  # the reporter "She", not the reported "she"


def test_whoever_released_a_statement_is_the_source_of_what_it_says(analyzer: Analyzer) -> None:
    doc = analyzer._nlp("At the time, the governor released a statement saying the plant would stay open.")
    saying = next(t for t in doc if t.lower_ == "saying")
    source = subject_of(saying)
    assert source is not None and source.lower_ == "governor"


def test_a_wire_dateline_is_never_the_speaker(analyzer: Analyzer) -> None:
    doc = analyzer._nlp("LONDON (Reuters) - Donald Trump said he was unlikely to get on with the prime minister.")
    said = next(t for t in doc if t.lower_ == "said")
    source = subject_of(said)
    assert source is not None and source.text == "Trump"
