"""POS from the attribute ruler's own patterns as lookups gives the ruler's POS (issue 8:
the analyzer skips the ruler's matcher for speed). Texts written for this test."""

from __future__ import annotations

import pytest

from presslens.analysis.pipeline import DEFAULT_MODEL
from presslens.analysis.tagmap import pos_rules_from_ruler

pytestmark = pytest.mark.issue(8)

TEXTS = [
    "There are three ferries, but the harbour master said that nothing would change before May.",
    "She did it because he'd asked her to, and they have done so ever since.",
    "Whether the council votes this week is unclear; those who know say it's likely.",
    "  The 46-year-old said: \"We won't stop.\"  Somebody had   left the gate open!",
    "Is there anything that the mayor could have done? There is, and there were others.",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])


def test_rules_give_the_rulers_pos(nlp) -> None:  # type: ignore[no-untyped-def]
    rules = pos_rules_from_ruler(nlp)
    assert rules is not None
    for text in TEXTS:
        expected = [t.pos_ for t in nlp(text)]
        with nlp.select_pipes(disable=["attribute_ruler"]):
            doc = nlp(text)
        assert [t.pos_ for t in rules(doc)] == expected, text


def test_rules_over_a_batch_give_the_rulers_pos(nlp) -> None:  # type: ignore[no-untyped-def]
    rules = pos_rules_from_ruler(nlp)
    assert rules is not None
    texts = [*TEXTS, "", "There is.", "Is there?"]
    expected = [[t.pos_ for t in doc] for doc in nlp.pipe(texts)]
    assert "VERB" in expected[-2]  # "is" after an expletive "there": a rule over two tokens
    for batch_size in (1, 2, 64):
        with nlp.select_pipes(disable=["attribute_ruler"]):
            docs = list(nlp.pipe(texts))
        assert [[t.pos_ for t in doc] for doc in rules.pipe(docs, batch_size=batch_size)] == expected, batch_size


def test_no_ruler_means_no_rules() -> None:
    spacy = pytest.importorskip("spacy")
    assert pos_rules_from_ruler(spacy.blank("en")) is None


def test_unknown_pattern_keeps_the_ruler() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "x", "LENGTH": 1}]], {"POS": "NOUN"})  # type: ignore[attr-defined]
    assert pos_rules_from_ruler(nlp) is None


def test_the_analyzers_pipeline_uses_the_rules_not_the_ruler() -> None:
    from presslens.analysis import get_analyzer

    nlp = get_analyzer()._nlp
    assert "presslens_pos" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    doc = nlp("The harbour master said there is nothing to fear.")
    assert [t.pos_ for t in doc][:3] == ["DET", "NOUN", "NOUN"]
