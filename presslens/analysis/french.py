"""Attribution in French text, read off the Universal Dependencies parse of ``fr_core_news_sm``.

The English path learns its cue weights from PolNeAR and reads English dependency labels;
French has neither, so this module keeps to the three forms French news writes most, each
with a prior confidence from ``data/cues_fr.json``:

- a quoted passage with a cue verb next to it: ``« ... », a déclaré le ministre`` (the
  subject often follows the verb, or is a clitic: ``a-t-il lancé``), ``Elle a dit : « ... »``;
- a cue verb with a ``que`` clause: ``La présidente a affirmé que ...``;
- ``selon X, ...`` / ``d'après X, ...``: the rest of the sentence, said by X.

It produces the same drafts as the English path, so speakers resolve the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from presslens.analysis.assemble import Draft, ParsedParagraph
from presslens.analysis.coref import SpeakerResolver
from presslens.analysis.entities import EntityTable
from presslens.analysis.lexicon import Places
from presslens.analysis.quotes import QuotedPassage, find_quoted_passages, inside_quotes_mask
from presslens.model import Analysis, Article, Cue, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["FrenchCues", "analyze_french", "load_french_cues"]

_WORD = re.compile(r"\w+")
_MIN_DIRECT_WORDS = 4  # shorter quoted words are speech only when punctuated like it
_SPEECH_END = (".", "!", "?", ",", "\u2026")
_SUBJECTS = ("nsubj", "expl:subj")
_INVERTED = ("nsubj", "obj", "appos", "nmod", "expl:subj")  # what a small parser calls "a dit X"


@dataclass(frozen=True, slots=True)
class FrenchCues:
    verbs: dict[str, str]  # lemma -> act
    according: frozenset[str]
    according_sources: frozenset[str]
    weights: dict[str, float]
    pronouns: frozenset[str]
    relatives: frozenset[str]


@cache
def load_french_cues() -> FrenchCues:
    raw = resources.files("presslens.analysis").joinpath("data", "cues_fr.json").read_text("utf-8")
    data = json.loads(raw)
    return FrenchCues(
        verbs=dict(data["verbs"]),
        according=frozenset(data["according"]),
        according_sources=frozenset(data["according_sources"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        pronouns=frozenset(data["pronouns"]),
        relatives=frozenset(data["relatives"]),
    )


def analyze_french(article: Article, parsed: list[ParsedParagraph], places: Places, analyzer: str) -> Analysis:
    """The analysis of one French article from its parsed paragraphs."""
    cues = load_french_cues()
    text = article.text
    passages = [p for p in find_quoted_passages(text, article.paragraphs) if p.double]
    table = EntityTable(places, places.role_group, text)
    for pp in parsed:
        for ent in pp.doc.ents:
            table.add_ner(ent, pp.base)
    drafts: list[Draft] = []
    acts: list[str] = []
    for pp in parsed:
        for draft, act in _paragraph_drafts(text, pp, passages, cues):
            drafts.append(draft)
            acts.append(act)
    resolutions = SpeakerResolver(table, places, places.role_group, parsed).resolve(drafts)
    mask = inside_quotes_mask(text, passages)
    quotes = []
    for draft, res, act in zip(drafts, resolutions, acts, strict=True):
        quotes.append(
            Quote(
                span=Span(start=draft.start, end=draft.end),
                kind=_kind(text, draft, mask),
                parts=tuple(Span(start=s, end=e) for s, e in draft.parts),
                cue=None if draft.cue_span is None or draft.lemma is None else Cue(span=Span(start=draft.cue_span[0], end=draft.cue_span[1]), lemma=draft.lemma),
                speaker_mention=None if res.mention is None else Span(start=res.mention[0], end=res.mention[1]),
                speaker=res.entity,
                confidence=_confidence(draft.weight * res.certainty, res.entity, cues),
                act=act,
            )
        )
    return Analysis(article=article, entities=table.to_entities(), quotes=tuple(quotes), analyzer=analyzer)


def _confidence(score: float, speaker: str | None, cues: FrenchCues) -> float:
    """The prior of the form, lower when the speaker names no one ("on", "nous", "le texte")."""
    if speaker is None:
        score *= cues.weights["unresolved"]
    return round(min(max(score, 0.0), 1.0), 3)


def _kind(text: str, draft: Draft, mask: bytearray) -> str:
    words = [m.start() for s, e in draft.parts for m in _WORD.finditer(text, s, e)]
    inside = sum(mask[w] for w in words)
    if words and inside >= 0.8 * len(words):
        return "direct"
    return "mixed" if inside else "indirect"


def _paragraph_drafts(text: str, pp: ParsedParagraph, passages: list[QuotedPassage], cues: FrenchCues) -> list[tuple[Draft, str]]:
    doc, base = pp.doc, pp.base
    end = base + len(doc.text)
    mine = [p for p in passages if base <= p.outer.start < end]
    found: list[tuple[Draft, str]] = []
    used_cues: set[int] = set()
    for passage in mine:
        words = len(_WORD.findall(text, passage.inner.start, passage.inner.end))
        inner = text[passage.inner.start : passage.inner.end].rstrip()
        if words < 2 or (words < _MIN_DIRECT_WORDS and not inner.endswith(_SPEECH_END)):
            continue  # « à la mode », « chef d'œuvre »: a phrase in quotes, not speech
        cue = _cue_near(doc, passage.outer.start - base, passage.outer.end - base, cues)
        if cue is None:
            continue
        used_cues.add(cue.i)
        act = cues.verbs[cue.lemma_]
        weight = cues.weights["direct" if act == "statement" else "direct_belief"]
        found.append((_draft([(passage.outer.start, passage.outer.end)], cue, pp, _subject(cue, cues), weight, [passage]), act))
    for token in doc:
        if token.i in used_cues:
            continue
        if token.lower_ in cues.according or (token.lower_ == "après" and token.i > 0 and doc[token.i - 1].lower_ == "d'"):
            made = _according(doc, token, pp, cues)
            if made is not None:
                found.append(made)
            continue
        if token.pos_ != "VERB" or token.lemma_ not in cues.verbs or _in_fixed_phrase(token):
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i and _has_que(c)), None)
        if clause is None:
            continue
        start, stop = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
        start, stop = _snap(base + start, base + stop, mine)
        if any(start < d.end and d.start < stop for d, _ in found):
            continue
        act = cues.verbs[token.lemma_]
        weight = cues.weights["clause" if act == "statement" else f"clause_{act}"]
        inside = [p for p in mine if start <= p.outer.start and p.outer.end <= stop]
        found.append((_draft([(start, stop)], token, pp, _subject(token, cues), weight, inside), act))
    found.sort(key=lambda item: item[0].start)
    return found


def _draft(parts: list[tuple[int, int]], cue: Token, pp: ParsedParagraph, source: Token | None, weight: float, passages: list[QuotedPassage]) -> Draft:
    cue_start = pp.base + min([cue.idx] + [c.idx for c in cue.children if c.dep_.startswith("aux") and c.i < cue.i])
    return Draft(
        parts=parts,
        cue_span=(cue_start, pp.base + cue.idx + len(cue.text)),
        lemma=cue.lemma_,
        source=source,
        paragraph=pp.index,
        weight=weight,
        passages=passages,
    )


def _in_fixed_phrase(verb: Token) -> bool:
    """"c'est-à-dire", "autrement dit", "à vrai dire": a way of speaking, not an attribution."""
    before = verb.doc[verb.i - 1].lower_ if verb.i > 0 else ""
    return before in ("à", "-à-", "-à") or verb.lower_ in ("dit", "dire") and before in ("autrement", "vrai")


def _has_que(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("que", "qu'", "qu\u2019") for c in clause.children)


def _snap(start: int, stop: int, passages: list[QuotedPassage]) -> tuple[int, int]:
    """A content that overlaps a quoted passage takes the whole passage."""
    for p in passages:
        if p.outer.start < stop and start < p.outer.end:
            start, stop = min(start, p.outer.start), max(stop, p.outer.end)
    return start, stop


def _cue_near(doc: Doc, p_start: int, p_end: int, cues: FrenchCues) -> Token | None:
    """A cue verb in the incise after a quote (``», a déclaré X``) or before its colon."""
    # the incise opens right after the quote: "», a déclaré", "», explique", "», a-t-il lancé"
    after = [t for t in doc if t.idx >= p_end][:5]
    for t in after:
        if t.lemma_ in cues.verbs and t.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN"):
            return t  # the small model mislabels incise verbs; the lemma and place are enough
        if not (t.is_punct or t.pos_ in ("AUX", "ADV") or t.text.startswith("-")):
            break
    before = [t for t in doc if t.idx + len(t.text) <= p_start]
    if before and before[-1].text in (":", ","):
        for t in reversed(before[-10:]):
            if t.text in ("»", "\u201d", '"'):
                break
            if t.lemma_ in cues.verbs and t.pos_ == "VERB":
                return t
    return None


def _subject(verb: Token, cues: FrenchCues) -> Token | None:
    """Who speaks: the subject, the inverted subject of an incise, or what ``qui`` stands for."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS and any(ch.isalpha() for ch in child.text):
            if child.lower_ in cues.relatives and verb.dep_.startswith("acl"):
                return _named(verb.head)
            if child.lower_.lstrip("-") == "t" or (child.dep_ == "expl:subj" and child.lower_.lstrip("-") not in cues.pronouns):
                continue  # "il faut": no one
            return _named(child)
    for child in verb.rights:  # "a déclaré le ministre", "explique Jean Martin"
        if child.dep_ in _INVERTED and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return _named(child)
    return None


def _named(token: Token) -> Token:
    """``La présidente Marie Dupont``, ``le ministre, Gérald Darmanin``: the name, not the title."""
    if token.pos_ == "NOUN":
        for child in token.children:
            # the small model often calls the apposition a "conj"
            if child.pos_ == "PROPN" and child.ent_type_ == "PER" and child.dep_ in ("appos", "nmod", "flat:name", "conj"):
                return child
    return token


def _according(doc: Doc, token: Token, pp: ParsedParagraph, cues: FrenchCues) -> tuple[Draft, str] | None:
    """``Selon le porte-parole, ...``: the rest of the sentence, said by the prepositions' object."""
    source = token.head if token.dep_ in ("case", "fixed") else None
    if source is not None and source.dep_ == "case":  # "d'" + "après" (fixed): the noun is the head's head
        source = source.head
    if source is None or source.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if source.pos_ != "PROPN" and not source.ent_type_ and source.lower_ not in cues.according_sources:
        return None  # "selon les domaines": depending on, not according to
    sent = token.sent
    phrase_end = source.right_edge.idx + len(source.right_edge.text)
    first = doc[token.i - 1] if token.lower_ == "après" else token
    pieces = [(sent.start_char, first.idx), (phrase_end, sent.end_char)]
    pieces = [(s, e) for s, e in (_trim(doc.text, s, e) for s, e in pieces) if e - s > 1]
    if not pieces:
        return None
    start, stop = max(pieces, key=lambda p: p[1] - p[0])
    if len(_WORD.findall(doc.text, start, stop)) < _MIN_DIRECT_WORDS:
        return None
    draft = Draft(
        parts=[(pp.base + start, pp.base + stop)],
        cue_span=(pp.base + first.idx, pp.base + token.idx + len(token.text)),
        lemma=first.text.lower() if first is token else "d'après",
        source=_named(source),
        paragraph=pp.index,
        weight=cues.weights["according"],
    )
    return draft, "statement"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in ",;:-\u2013\u2014 .":
        start += 1
    while end > start and text[end - 1] in ",;:-\u2013\u2014 ":
        end -= 1
    return start, end
