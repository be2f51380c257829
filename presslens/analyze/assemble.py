"""From candidates and quoted passages to attribution drafts (content, cue, source token).

Order of work: cue candidates from the parse claim their content, snapped outward to any
quoted passage they overlap (a multi-sentence quote is one content); quoted passages left
over look for a speech cue right after or right before them; a passage that follows an
attributed passage across its cue becomes a second part of the same quote; paragraphs that
open with an unclaimed quote inherit the speaker of the paragraph before (floating quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from presslens.analyze.cues import Candidate, find_candidates, subject_of
from presslens.analyze.lexicon import Lexicon
from presslens.analyze.quotes import QuotedPassage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Draft", "ParsedParagraph", "assemble_drafts"]

_WORD = re.compile(r"\w+")
_MIN_DIRECT_WORDS = 3


@dataclass(slots=True)
class ParsedParagraph:
    doc: Doc
    base: int  # offset of doc.text in the article text
    index: int  # paragraph number in the article


@dataclass(slots=True)
class Draft:
    """An attribution before speaker resolution; offsets into the article text."""

    parts: list[tuple[int, int]]
    cue_span: tuple[int, int] | None
    lemma: str | None
    source: Token | None
    paragraph: int
    weight: float
    floating_from: Draft | None = None
    passages: list[QuotedPassage] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(p[0] for p in self.parts)

    @property
    def end(self) -> int:
        return max(p[1] for p in self.parts)


def _word_count(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _speech_cue_near(pp: ParsedParagraph, passage: QuotedPassage, lexicon: Lexicon, claimed: list[QuotedPassage]) -> tuple[Token, Token | None] | None:
    """A speech verb with a subject just after (``"...," he said``) or before (``said: "..."``)."""
    doc, base = pp.doc, pp.base
    p_start, p_end = passage.outer.start - base, passage.outer.end - base
    after = [t for t in doc if t.idx >= p_end]
    before = [t for t in doc if t.idx + len(t.text) <= p_start]

    def is_speech(t: Token) -> bool:
        lemma = lexicon.forms.get(t.lower_)
        return lemma is not None and t.pos_ in ("VERB", "AUX") and lemma in lexicon.speech_lemmas

    def inside_other(t: Token) -> bool:
        return any(q.outer.start <= base + t.idx < q.outer.end for q in claimed)

    # after: within the next few tokens, before another quote opens or the sentence ends
    for t in after[:8]:
        if t.is_quote or (t.is_sent_start and t.idx > p_end + 1):
            break
        if is_speech(t) and not inside_other(t):
            return t, subject_of(t)
    # before: the clause right before the quote ends with ':' or ',' and holds the cue
    gap = doc.text[before[-1].idx + len(before[-1].text) if before else 0 : p_start].strip() if before else ""
    if before and (before[-1].text in (":", ",") or gap in (":", ",")):
        for t in reversed(before[-10:]):
            if t.is_quote:
                break
            if is_speech(t) and not inside_other(t):
                return t, subject_of(t)
    return None


def assemble_drafts(text: str, parsed: list[ParsedParagraph], passages: list[QuotedPassage], lexicon: Lexicon) -> list[Draft]:
    """Attribution drafts in text order."""
    doubles = [p for p in passages if p.double]
    drafts: list[Draft] = []
    by_paragraph: dict[int, list[Draft]] = {}
    for pp in parsed:
        para_drafts: list[Draft] = []
        seen_cues: set[int] = set()
        for cand in find_candidates(pp.doc, pp.base, lexicon):
            cue_at = cand.cue_span[0]
            if any(q.inner.start <= cue_at < q.inner.end for q in doubles):
                continue  # a cue inside someone's quote is part of what they said
            if cand.cue.i in seen_cues:
                continue
            seen_cues.add(cand.cue.i)
            para_drafts.append(_draft_from_candidate(cand, pp, doubles))
        by_paragraph[pp.index] = para_drafts
    parsed_by_index = {pp.index: pp for pp in parsed}
    # quoted passages nobody claimed
    for passage in doubles:
        pidx = _paragraph_of(passage, parsed)
        if pidx is None:
            continue
        para_drafts = by_paragraph.setdefault(pidx, [])
        if any(_overlaps((passage.outer.start, passage.outer.end), part) for d in para_drafts for part in d.parts):
            continue
        inner = text[passage.inner.start : passage.inner.end]
        words = _word_count(text, passage.inner.start, passage.inner.end)
        # a short passage is speech only when it is punctuated like speech ("Stay there!")
        spoken = words >= _MIN_DIRECT_WORDS or (words >= 1 and inner.rstrip()[-1:] in (",", "!", "?", "."))
        if not spoken or _looks_like_title(inner):
            continue
        short = words < _MIN_DIRECT_WORDS
        pp = parsed_by_index[pidx]
        claimed = [q for d in para_drafts for q in d.passages]
        # a second piece of an interrupted quote: previous draft in this paragraph is a quote
        earlier = [d for d in para_drafts if d.passages and d.end <= passage.outer.start]
        previous = earlier[-1] if earlier else None
        if previous is not None and previous.passages and previous.cue_span is not None and previous.end <= passage.outer.start and previous.cue_span[0] >= previous.passages[-1].outer.end and _only_cue_between(text, previous, passage):
            previous.parts.append((passage.outer.start, passage.outer.end))
            previous.passages.append(passage)
            continue
        near = _speech_cue_near(pp, passage, lexicon, claimed)
        if near is not None:
            cue, source = near
            lemma = lexicon.forms.get(cue.lower_, cue.lower_)
            para_drafts.append(
                Draft(
                    parts=[(passage.outer.start, passage.outer.end)],
                    cue_span=(pp.base + cue.idx, pp.base + cue.idx + len(cue.text)),
                    lemma=lemma,
                    source=source,
                    paragraph=pidx,
                    weight=max(lexicon.weight(lemma, "ccomp"), 0.6),
                    passages=[passage],
                )
            )
            para_drafts.sort(key=lambda d: d.start)
            continue
        if short:
            continue  # short speech needs its own cue, not a neighbour's
        # block quote: the paragraph before ends with "X said:" / "X wrote:"
        if not para_drafts and passage.outer.start <= pp.base + 1 and (pidx - 1) in parsed_by_index:
            intro = _colon_intro(parsed_by_index[pidx - 1], lexicon)
            if intro is not None:
                cue, source = intro
                lemma = lexicon.forms.get(cue.lower_, cue.lower_)
                prev = parsed_by_index[pidx - 1]
                para_drafts.append(
                    Draft(
                        parts=[(passage.outer.start, passage.outer.end)],
                        cue_span=(prev.base + cue.idx, prev.base + cue.idx + len(cue.text)),
                        lemma=lemma,
                        source=source,
                        paragraph=pidx,
                        weight=max(lexicon.weight(lemma, "ccomp"), 0.6),
                        passages=[passage],
                    )
                )
                continue
        # floating: a paragraph that opens with a quote and has no cue of its own
        if not para_drafts and passage.outer.start <= pp.base + 1:
            before = by_paragraph.get(pidx - 1) or []
            # only a speaker who was just quoted directly keeps talking in the next paragraph
            donors = [d for d in before if (d.source is not None or d.floating_from is not None) and d.passages]
            if donors:
                donor = donors[-1]
                origin = donor.floating_from or donor
                para_drafts.append(
                    Draft(
                        parts=[(passage.outer.start, passage.outer.end)],
                        cue_span=None,
                        lemma=None,
                        source=origin.source,
                        paragraph=pidx,
                        weight=lexicon.floating_threshold,
                        floating_from=origin,
                        passages=[passage],
                    )
                )
    for idx in sorted(by_paragraph):
        drafts.extend(sorted(by_paragraph[idx], key=lambda d: d.start))
    drafts = _join_paragraph_runs(drafts, doubles)
    for draft in drafts:
        source = draft.source
        if draft.floating_from is not None or draft.cue_span is None:
            continue
        at = None if source is None else _offset(source, parsed)
        misparsed = at is not None and any(q.inner.start <= at < q.inner.end for q in doubles)
        if misparsed or (source is None and draft.passages):
            # the speaker is never inside the quote, and a quote next to its cue has one
            cue = _cue_token(draft.cue_span, parsed)
            draft.source = None if cue is None else _source_after_cue(cue)
    return drafts


def _join_paragraph_runs(drafts: list[Draft], doubles: list[QuotedPassage]) -> list[Draft]:
    """A quote left open at a paragraph's end and reopened in the next is one quote: its
    pieces join the draft that has a cue, and a floating draft made of a piece goes away."""
    owner: dict[int, Draft] = {q.outer.start: d for d in drafts for q in d.passages}
    removed: set[int] = set()
    ordered = sorted(doubles, key=lambda q: q.outer.start)
    for before, after in zip(ordered, ordered[1:]):
        if before.closed or not after.continued:
            continue
        first, second = owner.get(before.outer.start), owner.get(after.outer.start)
        if first is second:
            continue
        if second is not None and second.cue_span is not None and (first is None or first.cue_span is None):
            target, piece, loser = second, before, first
        elif first is not None and first.cue_span is not None and (second is None or second.cue_span is None):
            target, piece, loser = first, after, second
        else:
            continue
        target.parts = sorted([*target.parts, (piece.outer.start, piece.outer.end)])
        target.passages = sorted([*target.passages, piece], key=lambda q: q.outer.start)
        owner[piece.outer.start] = target
        if loser is not None and len(loser.passages) == 1:
            removed.add(id(loser))
    return [d for d in drafts if id(d) not in removed]


def _offset(token: Token, parsed: list[ParsedParagraph]) -> int | None:
    for pp in parsed:
        if pp.doc is token.doc:
            return pp.base + token.idx
    return None


def _cue_token(span: tuple[int, int], parsed: list[ParsedParagraph]) -> Token | None:
    """The verb of a cue span ("has repeatedly denied" -> "denied"), else its first token."""
    for pp in parsed:
        if pp.base <= span[0] < pp.base + len(pp.doc.text):
            inside = [t for t in pp.doc if span[0] <= pp.base + t.idx < span[1]]
            verbs = [t for t in inside if t.pos_ == "VERB"]
            return (verbs or inside or [None])[0]
    return None


_DOUBLE_MARKS = frozenset("\u201c\u201d\u201e\u201f\u00ab\u00bb\"")
_MINOR = frozenset("a an the of and or in on at to for with by from as is are was be but not no".split())


def _looks_like_title(inner: str) -> bool:
    """A quoted name of a show or book ("Meet the Press"), not speech."""
    words = _WORD.findall(inner)
    content = [w for w in words if w.lower() not in _MINOR]
    return bool(content) and len(words) <= 8 and all(w[0].isupper() or w[0].isdigit() for w in content)


def _colon_intro(pp: ParsedParagraph, lexicon: Lexicon) -> tuple[Token, Token | None] | None:
    """The speech verb of a paragraph that ends with a colon ("Cruz continued:")."""
    doc = pp.doc
    if not doc.text.rstrip().endswith(":") or len(doc) < 2:
        return None
    sent = doc[-1].sent
    for t in reversed(list(sent)):
        lemma = lexicon.forms.get(t.lower_)
        if t.pos_ in ("VERB", "AUX") and lemma is not None and lemma in lexicon.speech_lemmas:
            subject = subject_of(t)
            if subject is not None:
                return t, subject
    return None


def _title_or_keep(match: re.Match[str]) -> str:
    return match.group(1) if _looks_like_title(match.group(1).strip(" .,")) else match.group(0)


def _only_cue_between(text: str, previous: Draft, passage: QuotedPassage) -> bool:
    """True when only the attribution clause (a few words) separates two quoted pieces."""
    gap = text[previous.passages[-1].outer.end : passage.outer.start]
    # a quoted title in the attribution ('he said on "Meet the Press."') is not speech
    gap = re.sub(r'["\u201c\u201e\u00ab]([^"\u201c\u201d\u00ab\u00bb]{1,60})["\u201d\u201c\u00bb]', _title_or_keep, gap)
    if any(ch in _DOUBLE_MARKS for ch in gap) or _word_count(gap, 0, len(gap)) > 40:
        return False
    return gap.rstrip().endswith((".", ",", ":", "—")) and previous.cue_span is not None and previous.cue_span[1] <= passage.outer.start


def _paragraph_of(passage: QuotedPassage, parsed: list[ParsedParagraph]) -> int | None:
    for pp in parsed:
        if pp.base <= passage.outer.start < pp.base + len(pp.doc.text):
            return pp.index
    return None


def _source_after_cue(cue: Token) -> Token | None:
    """'"...," said Smith' / '"...," Smith said': the name or pronoun next to the cue."""
    doc = cue.doc
    for i in (cue.i + 1, cue.i + 2, cue.i - 1):
        if 0 <= i < len(doc):
            t = doc[i]
            if t.pos_ == "PROPN" or t.lower_ in ("he", "she", "they", "we", "i"):
                return t
    return None


def _draft_from_candidate(cand: Candidate, pp: ParsedParagraph, doubles: list[QuotedPassage]) -> Draft:
    cs, ce = cand.cue_span
    touched: list[QuotedPassage] = []
    pieces: list[tuple[int, int]] = []
    for start, end in cand.content:
        for q in doubles:
            if q.outer.end <= start or q.outer.start >= end or q.outer.start <= cs < q.outer.end:
                continue
            if q not in touched:
                touched.append(q)
            start, end = min(start, q.outer.start), max(end, q.outer.end)
        pieces.append((start, end))
    pieces.sort()
    parts: list[tuple[int, int]] = []
    for piece in pieces:  # snapping can make pieces meet
        if parts and piece[0] <= parts[-1][1]:
            parts[-1] = (parts[-1][0], max(parts[-1][1], piece[1]))
        else:
            parts.append(piece)
    if len(parts) == 1:
        start, end = parts[0]
        # keep the cue clause out of a content that now wraps it
        if start < cs and ce < end:
            left_end = max((q.outer.end for q in touched if q.outer.end <= cs), default=None)
            right_start = min((q.outer.start for q in touched if q.outer.start >= ce), default=None)
            if left_end is not None and right_start is not None:
                parts = [(start, left_end), (right_start, end)]
    source = cand.source
    if source is not None and any(q.inner.start <= pp.base + source.idx < q.inner.end for q in doubles):
        source = _source_after_cue(cand.cue)  # a misparse: the speaker is never inside the quote
    return Draft(
        parts=parts,
        cue_span=cand.cue_span,
        lemma=cand.lemma,
        source=source,
        paragraph=pp.index,
        weight=cand.weight,
        passages=sorted(touched, key=lambda q: q.outer.start),
    )
