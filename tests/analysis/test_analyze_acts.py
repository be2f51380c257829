"""What each quote reports (statement, belief or intention, finding), its calibrated
confidence, and the default view built from both (issue 8). Texts written for these tests."""

from __future__ import annotations

import pytest

import presslens
from presslens.analysis.acts import load_acts
from dataclasses import replace

from presslens.analysis.confidence import (
    Calibration,
    calibrate_quotes,
    context_features,
    load_calibration,
    mention_class,
    quote_features,
    speaker_class,
)
from presslens.analysis.pipeline import Analyzer, AnalyzerOptions
from presslens.model import QUOTE_ACTS, Analysis, Quote

pytestmark = pytest.mark.issue(8)


def shown_by_default(quote: Quote) -> bool:
    return quote.act == "statement" and quote.confidence >= presslens.DEFAULT_MIN_CONFIDENCE


def the_quote(analysis: Analysis) -> Quote:
    assert len(analysis.quotes) == 1, [q.to_dict(analysis.article.text) for q in analysis.quotes]
    return analysis.quotes[0]


@pytest.mark.parametrize(
    "text",
    [
        "The harbour master, Ines Calloway, said on Tuesday that the ferry would sail again in May.",
        "Councillor Dev Rawat warned that the bridge repairs would run over budget.",
        "Ines Calloway denied that the ferry company had been fined.",
        '"We will not close the library," Mayor Ruth Okafor told reporters on Monday.',
        "Ruth Okafor demanded that the board publish the accounts.",
    ],
)
def test_statements(analyzer: Analyzer, text: str) -> None:
    assert the_quote(analyzer.analyze_text(text)).act == "statement"


@pytest.mark.parametrize(
    "text",
    [
        "Ines Calloway thinks the council will approve the budget next week.",
        "The minister wants to cut the fuel tax before the winter.",
        "Dev Rawat hopes the new stadium will open in the spring.",
        "The regional council plans to build two more schools in the valley.",
        "Ruth Okafor decided to postpone the vote until the audit is finished.",
    ],
)
def test_beliefs_and_intentions(analyzer: Analyzer, text: str) -> None:
    quote = the_quote(analyzer.analyze_text(text))
    assert quote.act == "belief"
    assert not shown_by_default(quote)


@pytest.mark.parametrize(
    "text",
    [
        "A study by the coastal institute found that commuters walk less in the winter months.",
        "Figures from the housing agency show that rents rose by four percent last year.",
        "According to a new report, the river is cleaner than it was a decade ago.",
    ],
)
def test_findings(analyzer: Analyzer, text: str) -> None:
    quote = the_quote(analyzer.analyze_text(text))
    assert quote.act == "finding"
    assert not shown_by_default(quote)


@pytest.mark.parametrize(
    "text",
    [
        "A spokesman for the ferry company declined to comment on the fine.",
        "Ruth Okafor refused to say whether the library would reopen in the spring.",
        "The mayor declined to discuss the audit with reporters on Monday.",
    ],
)
def test_refusals_to_speak_are_not_statements(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze_text(text)
    assert analysis.quotes and all(q.act == "belief" for q in analysis.quotes)  # an intention not to speak
    assert not [q for q in analysis.quotes if shown_by_default(q)]


@pytest.mark.parametrize(
    "text",
    [
        "Court documents show that the firm paid the fine in two instalments last year.",
        "A filing with the regulator says the company expects losses in the third quarter.",
    ],
)
def test_documents_report_findings(analyzer: Analyzer, text: str) -> None:
    quote = the_quote(analyzer.analyze_text(text))
    assert quote.act == "finding"


@pytest.mark.parametrize(
    "text",
    [
        "If you would like to speak to our travel team about your booking, please call the number below.",
        "You may want to type the command twice to check which version is installed.",
        "We decided to bake the loaf in a smaller tin this time, and it rose beautifully.",
        "I really like how the soup turns out when you add the herbs at the very end.",
    ],
)
def test_wanting_and_liking_in_instructions_are_not_statements(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze_text(text)
    assert not [q for q in analysis.quotes if shown_by_default(q)]
    assert all(q.act != "statement" for q in analysis.quotes)


def test_default_view_keeps_named_statements_and_drops_the_rest(analyzer: Analyzer) -> None:
    text = (
        "The harbour master, Ines Calloway, said on Tuesday that the ferry would sail again in May.\n\n"
        '"We have fixed the engines and trained new crews," Calloway told reporters at the pier.\n\n'
        "Calloway hopes that tourists will come back in the summer.\n\n"
        "A survey by the tourism board found that bookings fell by a third last year."
    )
    analysis = presslens.analyze_text(text)
    acts = [q.act for q in analysis.quotes]
    assert acts.count("statement") == 2 and "belief" in acts and "finding" in acts
    shown = [q for q in analysis.quotes if shown_by_default(q)]
    assert [analysis.speaker_name(q) for q in shown] == ["Ines Calloway", "Ines Calloway"]
    # analyze() still returns every quote, and to_dict() carries the act
    assert {q["act"] for q in analysis.to_dict()["quotes"]} == {"statement", "belief", "finding"}


def test_acts_data_names_only_known_acts() -> None:
    table = load_acts()
    assert set(table.by_lemma.values()) <= set(QUOTE_ACTS)
    assert table.act("say") == "statement" and table.act("want") == "belief" and table.act("find") == "finding"
    assert table.act(None) == "statement"  # a quote with no cue is speech
    assert table.act("say", "report") == "finding"  # "the report says"
    assert table.act("unknownverb") == "statement"


def test_calibration_is_monotone_in_the_raw_score_and_bounded() -> None:
    calibration = load_calibration()
    features = quote_features(kind="indirect", act="statement", cued=True, speaker="person", words=12, parts=1)
    values = [calibration(raw / 20, features) for raw in range(21)]
    assert values == sorted(values)
    assert all(0.0 < v < 1.0 for v in values)
    assert Calibration()(0.7, []) == pytest.approx(0.7)  # identity


@pytest.mark.parametrize(
    "mention, kind, expected",
    [
        (None, None, "none"),
        ("you", None, "personal"),
        ("We", None, "personal"),
        ("it", None, "thing"),
        ("Ines Calloway", "PERSON", "person"),
        ("the council", "ORG", "entity"),
        ("a spokesman", None, "unresolved"),
    ],
)
def test_speaker_classes(mention: str | None, kind: str | None, expected: str) -> None:
    assert speaker_class(mention, kind) == expected


def test_calibration_ranks_a_named_speaker_above_none() -> None:
    calibration = load_calibration()
    named = calibration(0.7, quote_features(kind="direct", act="statement", cued=True, speaker="person", words=12, parts=1))
    nobody = calibration(0.7, quote_features(kind="direct", act="statement", cued=True, speaker="none", words=12, parts=1))
    assert named > nobody


@pytest.mark.parametrize(
    "mention, expected",
    [
        (None, "none"),
        ("She", "he-she"),
        ("we", "i-we"),
        ("who", "relative"),
        ("61 percent", "number"),
        ("a spokesman", "noun-phrase"),
        ("the head of the regional water board", "long-noun-phrase"),
        ("Ines Calloway", "name"),
        ("Ines Calloway of the Harbour Trust in Dunmore", "long-name"),
        ("some harbour workers", "noun-phrase"),
        ("residents", "other"),
    ],
)
def test_mention_classes(mention: str | None, expected: str) -> None:
    assert mention_class(mention) == expected


def _features(analyzer: Analyzer, text: str) -> list[str]:
    analysis = analyzer.analyze_text(text)
    quote = the_quote(analysis)
    return context_features(text, quote, lemmas=load_calibration().lemmas, speech_lemmas=frozenset({"say", "tell"}))


def test_context_features_say_where_cue_and_speaker_stand(analyzer: Analyzer) -> None:
    after = _features(analyzer, '"We will not close the library this winter," Ruth Okafor said on Monday.')
    assert "cue=after" in after and "speaker=before" in after and "gap=0" in after and "mention=name" in after
    before = _features(analyzer, "Councillor Dev Rawat said that the bridge repairs would run over budget.")
    assert "cue=before" in before and "content=that" in before and "content=opens-paragraph" not in before


def test_context_features_mark_a_question(analyzer: Analyzer) -> None:
    features = _features(analyzer, '"Who will pay for the new bridge over the river?" Dev Rawat asked the council.')
    assert "content=question" in features and "content=opens-paragraph" in features


def test_calibration_knows_its_common_cue_lemmas() -> None:
    lemmas = load_calibration().lemmas
    assert "say" in lemmas and all(lemma == lemma.lower() for lemma in lemmas)
    assert "lemma=say" in load_calibration().weights


def test_calibrated_quotes_keep_everything_but_confidence(analyzer: Analyzer) -> None:
    text = "Councillor Dev Rawat said that the bridge repairs would run over budget."
    raw = Analyzer(AnalyzerOptions(calibrated=False)).analyze_text(text)
    kinds = {e.id: e.kind for e in raw.entities}
    calibrated = calibrate_quotes(text, raw.quotes, kinds)
    assert [replace(q, confidence=0.0) for q in calibrated] == [replace(q, confidence=0.0) for q in raw.quotes]
    assert calibrated[0].confidence == analyzer.analyze_text(text).quotes[0].confidence
