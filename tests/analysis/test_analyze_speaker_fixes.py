"""Speaker and content fixes found by error analysis on PolNeAR train.

All texts are written for these tests: a reported verb coordinated into a reported clause,
a cue whose subject lies inside another content, relative-pronoun mentions, possessive
pronouns as speakers, and contents that are only a time.
"""

from __future__ import annotations

import pytest

from presslens.analysis.pipeline import Analyzer
from presslens.model import Analysis, Quote

pytestmark = pytest.mark.slow


def _quotes_with(analysis: Analysis, words: str) -> list[Quote]:
    text = analysis.article.text
    return [q for q in analysis.quotes if any(words in p.of(text) for p in q.parts)]


def _mention(analysis: Analysis, quote: Quote) -> str | None:
    return None if quote.speaker_mention is None else quote.speaker_mention.of(analysis.article.text)


def test_a_coordinated_reporting_verb_keeps_the_reporter(analyzer: Analyzer) -> None:
    text = "Ms. Reyes says the main goal of the plan is to cut costs, but conceded that the timeline was tight."
    analysis = analyzer.analyze_text(text)
    (quote,) = [q for q in _quotes_with(analysis, "the timeline was tight") if q.cue and q.cue.lemma == "concede"]
    assert _mention(analysis, quote) == "Ms. Reyes"


def test_a_cue_whose_speaker_is_inside_another_content_is_part_of_it(analyzer: Analyzer) -> None:
    text = "Ms. Adler said the union leaders believe the strike will end soon."
    analysis = analyzer.analyze_text(text)
    assert [q.cue.lemma for q in analysis.quotes if q.cue] == ["say"]
    assert analysis.quotes[0].span.of(text) == "the union leaders believe the strike will end soon"


def test_a_verb_in_a_reported_clause_stays_inside_it(analyzer: Analyzer) -> None:
    text = "Despite the criticism, Mr. Groves says it is hard to blame any one official for that."
    analysis = analyzer.analyze_text(text)
    assert [q.cue.lemma for q in analysis.quotes if q.cue] == ["say"]
    (quote,) = analysis.quotes
    assert quote.span.of(text) == "it is hard to blame any one official for that"
    assert _mention(analysis, quote) == "Mr. Groves"


def test_a_relative_pronoun_mention_runs_from_its_noun(analyzer: Analyzer) -> None:
    text = "Residents read a notice that said the bridge would close in May."
    analysis = analyzer.analyze_text(text)
    (quote,) = [q for q in _quotes_with(analysis, "the bridge would close") if q.cue and q.cue.lemma == "say"]
    assert _mention(analysis, quote) == "a notice that"


def test_a_possessive_pronoun_speaker_is_resolved(analyzer: Analyzer) -> None:
    text = "Senator Paul Okafor spoke in Dayton on Friday. His claim that the mill would reopen drew loud cheers."
    analysis = analyzer.analyze_text(text)
    quotes = [q for q in _quotes_with(analysis, "the mill would reopen") if _mention(analysis, q) == "His"]
    assert quotes, [(q.span.of(text), _mention(analysis, q)) for q in analysis.quotes]
    assert analysis.speaker_name(quotes[0]) == "Paul Okafor"


def test_a_content_that_is_only_a_time_is_no_quote(analyzer: Analyzer) -> None:
    text = "The city council agreed on Monday to a new funding deal with the transit workers."
    analysis = analyzer.analyze_text(text)
    assert all(q.span.of(text).strip() not in ("Monday", "on Monday") for q in analysis.quotes)


def test_a_common_noun_after_the_cue_speaks_a_quote(analyzer: Analyzer) -> None:
    text = '"We were shocked by the whole thing," the woman said. "Nobody warned us," said a neighbour.'
    analysis = analyzer.analyze_text(text)
    first = _quotes_with(analysis, "shocked")
    assert first and _mention(analysis, first[0]) == "the woman"
    second = _quotes_with(analysis, "Nobody warned us")
    assert second and _mention(analysis, second[0]) is not None and "neighbour" in _mention(analysis, second[0])


@pytest.mark.parametrize(
    "text, mention",
    [
        ("\u201cWe will not close the library this winter,\u201d said Tuesday the mayor of Dunmore.", "the mayor of Dunmore"),
        ("\u201cThe ferry sails again in May,\u201d said Thursday night Ines Calloway.", "Ines Calloway"),
    ],
)
def test_a_time_after_the_cue_is_no_speaker(analyzer: Analyzer, text: str, mention: str) -> None:
    analysis = analyzer.analyze_text(text)
    assert [q.speaker_mention.of(text) for q in analysis.quotes if q.speaker_mention] == [mention]


def test_she_never_resolves_to_a_man_named_just_before(analyzer: Analyzer) -> None:
    text = (
        "Maria Lopez, the mayor of Dunmore, met the radio host John Peterson on Monday.\n\n"
        '"Will the library stay open this winter?" John Peterson asked the mayor.\n\n'
        '"Yes, it will stay open all winter, and we have found the money for the heating," she said.'
    )
    analysis = analyzer.analyze_text(text)
    (quote,) = _quotes_with(analysis, "found the money")
    assert _mention(analysis, quote) == "she"
    assert analysis.speaker_name(quote) != "John Peterson"


def test_he_still_resolves_to_the_man_who_spoke_last(analyzer: Analyzer) -> None:
    text = (
        '"Will the library stay open this winter?" John Peterson asked on Monday.\n\n'
        '"People in Dunmore want to know before the cold comes," he said.'
    )
    analysis = analyzer.analyze_text(text)
    (quote,) = _quotes_with(analysis, "before the cold comes")
    assert analysis.speaker_name(quote) == "John Peterson"


def test_given_names_tell_one_gender_each() -> None:
    from presslens.analysis.coref import _gender_of, _given_names

    names = _given_names()
    assert names["mary"] == "female" and names["john"] == "male"
    assert _gender_of("John Peterson") == "male" and _gender_of("Peterson") is None


def test_a_definite_description_refers_to_the_person_just_quoted(analyzer: Analyzer) -> None:
    text = (
        'Professor of economics John Peterson told a radio show on Monday, "The tax will not help anyone." '
        'The University of Dunmore expert continued, "All of the evidence says that people will simply pay more for less."'
    )
    analysis = analyzer.analyze_text(text)
    (quote,) = _quotes_with(analysis, "pay more for less")
    assert _mention(analysis, quote) == "The University of Dunmore expert"
    assert analysis.speaker_name(quote) == "John Peterson"


def test_a_description_of_an_unnamed_person_stays_unnamed(analyzer: Analyzer) -> None:
    text = (
        "A senior official at the ministry said the talks had stalled. John Peterson, the minister, said on "
        'Monday that he was hopeful.\n\n"We are not close to a deal," the official said.'
    )
    analysis = analyzer.analyze_text(text)
    (quote,) = _quotes_with(analysis, "close to a deal")
    assert _mention(analysis, quote) == "the official" and quote.speaker is None


def test_a_description_of_a_thing_is_no_person(analyzer: Analyzer) -> None:
    text = 'John Peterson said on Monday that profits fell. "We expect a better year," the company said.'
    analysis = analyzer.analyze_text(text)
    (quote,) = _quotes_with(analysis, "a better year")
    assert quote.speaker is None


def test_a_description_is_not_a_name_merely_mentioned(analyzer: Analyzer) -> None:
    text = (
        "The band played two songs written by Michael Jackson at the hall on Monday.\n\n"
        'After the last song, the singer and guitarist told the audience, "That was really good, maybe we should tour."'
    )
    analysis = analyzer.analyze_text(text)
    assert [e.name for e in analysis.entities] == ["Michael Jackson"]  # named, but did not speak
    (quote,) = _quotes_with(analysis, "maybe we should tour")
    assert quote.speaker is None
