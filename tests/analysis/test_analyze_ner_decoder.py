"""spaCy's NER model decoded in numpy gives spaCy's entities (issue 8: the analyzer skips the
per-move overhead of spaCy's decoding loop for speed). Texts written for this test."""

from __future__ import annotations

import pytest

from presslens.analysis.pipeline import DEFAULT_MODEL

pytestmark = pytest.mark.issue(8)

TEXTS = [
    "Mayor Grace Liu of Port Ellery told the Harbour Trust on Tuesday that ferries to "
    "Lindqvist Island would stop in May. The trust's chair, Nadia Petrova, said $4.5 million "
    "had been set aside.",
    "The European Commission and the U.S. Department of Energy met in Geneva. \"We agreed on "
    "nothing,\" said Dr. Arun Patel, 46, after the third round of talks in Switzerland.",
    "  Somebody   left the gate open!\n\nThe Smithfield Rovers lost 3-1 to FC Norden on "
    "Saturday night, their fifth defeat since January.",
    "Is there anything the Ministry of Transport could have done? Officials in Ottawa and "
    "Quebec City declined to comment; the Canadian Press reported 12 percent fewer trips.",
    "Liz Truss and Elizabeth Warren, Democrats and Tories alike, spoke on BBC Radio 4's Today "
    "programme about the Treaty of Lisbon and World War II.",
    "no capitals here at all, just words and 17 numbers.",
    "",
    "Berlin.",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])


def _ents(doc):  # type: ignore[no-untyped-def]
    return [(e.start, e.end, e.label_) for e in doc.ents], [t.ent_iob_ for t in doc]


def test_decoder_gives_spacys_entities(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from presslens.analysis import ner_decoder
    from presslens.analysis.ner_decoder import FastNer

    expected = [_ents(doc) for doc in nlp.pipe(TEXTS)]
    assert any(e[0] for e in expected)  # the texts do hold entities
    fast = FastNer(nlp.get_pipe("ner"))
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(TEXTS))
    for batch_size in (1, 3, 64):  # states of different lengths decoded side by side
        copies = [d.copy() for d in docs]
        assert [_ents(d) for d in fast.pipe(copies, batch_size=batch_size)] == expected, batch_size
    monkeypatch.setattr(ner_decoder, "_TOKEN_BUDGET", 20)  # a decoding batch ends at a token budget too
    assert [_ents(d) for d in fast.pipe([d.copy() for d in docs], batch_size=2)] == expected


def test_entities_never_cross_a_sentence_start(nlp) -> None:  # type: ignore[no-untyped-def]
    from presslens.analysis.ner_decoder import FastNer

    fast = FastNer(nlp.get_pipe("ner"))
    docs = [nlp.make_doc(text) for text in TEXTS[:2]]  # unparsed: sentence starts can be set
    for doc in docs:
        for token in doc[1:]:
            token.is_sent_start = token.i % 3 == 0  # boundaries inside names
    expected = [_ents(doc) for doc in nlp.get_pipe("ner").pipe([d.copy() for d in docs])]
    assert any(end - start > 1 for ents, _ in expected for start, end, _ in ents)
    assert [_ents(d) for d in fast.pipe(docs)] == expected


def test_preset_entities_go_to_spacys_ner(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    from presslens.analysis.ner_decoder import FastNer

    fast = FastNer(nlp.get_pipe("ner"))
    with nlp.select_pipes(disable=["ner"]):
        doc = nlp("Grace Liu met the Harbour Trust in Port Ellery.")
    doc.set_ents([Span(doc, 0, 2, label="ORG")], default="unmodified")  # a preset the moves must keep
    fast(doc)
    assert (doc.ents[0].start, doc.ents[0].end, doc.ents[0].label_) == (0, 2, "ORG")


def test_the_analyzers_pipeline_uses_the_decoder() -> None:
    from presslens.analysis import get_analyzer

    nlp = get_analyzer()._nlp
    assert "presslens_ner" in nlp.pipe_names and "ner" not in nlp.pipe_names
    doc = nlp("Grace Liu, the mayor of Port Ellery, said on Tuesday that the ferry would stop.")
    assert ("Grace Liu", "PERSON") in [(e.text, e.label_) for e in doc.ents]
