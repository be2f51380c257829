"""From candidates and quoted passages to attribution drafts (content, cue, source token).

Order of work: cue candidates from the parse claim their content, snapped outward to any
quoted passage they overlap (a multi-sentence quote is one content); quoted passages left
over look for a speech cue right after or right before them; a passage that follows an
attributed passage across its cue becomes a second part of the same quote; paragraphs that
open with an unclaimed quote inherit the speaker of the paragraph before (floating quotes).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from presslens.analysis.acts import load_acts
from presslens.analysis.cues import Candidate, find_candidates
from presslens.analysis.syntax import is_passive, subject_of
from presslens.analysis.lexicon import Lexicon
from presslens.analysis.quotes import QuotedPassage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Draft", "ParsedParagraph", "assemble_drafts"]

_WORD = re.compile(r"\w+")
_MIN_DIRECT_WORDS = 3
_ADDRESSEE_WORDS = 5  # "told a rally in Syracuse": an object this short names an audience


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
    if before and before[-1].text in (":", ","):
        for t in reversed(before[-10:]):
            if t.is_quote:
                break
            if is_speech(t) and not inside_other(t):
                return t, subject_of(t)
    return None


def assemble_drafts(text: str, parsed: list[ParsedParagraph], passages: list[QuotedPassage], lexicon: Lexicon) -> list[Draft]:
    """Attribution drafts in text order."""
    doubles = [p for p in passages if p.double]
    paragraphs = _ParagraphIndex(parsed)
    # a passage never crosses a paragraph boundary, so each paragraph looks only at its own
    doubles_in: dict[int, list[QuotedPassage]] = {}
    for passage in doubles:
        pp = _paragraph_of(passage, paragraphs)
        if pp is not None:
            doubles_in.setdefault(pp.index, []).append(passage)
    by_paragraph = {pp.index: _drafts_from_cues(pp, doubles_in.get(pp.index, []), lexicon) for pp in parsed}
    parsed_by_index = {pp.index: pp for pp in parsed}
    for passage in doubles:
        pp = _paragraph_of(passage, paragraphs)
        if pp is not None:
            _claim_passage(text, passage, pp, parsed_by_index, by_paragraph, lexicon)
    drafts = [d for idx in sorted(by_paragraph) for d in sorted(by_paragraph[idx], key=lambda d: d.start)]
    drafts = _join_paragraph_runs(drafts, doubles)
    for draft in drafts:
        _check_source(draft, paragraphs, doubles_in)
    return drafts


class _ParagraphIndex:
    """The parsed paragraph holding a text offset, found by bisection. ``Doc.text`` joins
    every token on each access, so each paragraph's length is read once, here: a lookup per
    quoted passage over all paragraphs made analysis time grow with the square of the text."""

    def __init__(self, parsed: list[ParsedParagraph]) -> None:
        self._parsed = sorted(parsed, key=lambda pp: pp.base)
        self._starts = [pp.base for pp in self._parsed]
        self._ends = [pp.base + len(pp.doc.text) for pp in self._parsed]
        self._by_doc = {pp.doc: pp for pp in self._parsed}

    def at(self, offset: int) -> ParsedParagraph | None:
        i = bisect_right(self._starts, offset) - 1
        return self._parsed[i] if i >= 0 and offset < self._ends[i] else None

    def of_doc(self, doc: Doc) -> ParsedParagraph | None:
        return self._by_doc.get(doc)


def _intended(cands: list[Candidate]) -> set[int]:
    """Cues that are what a belief or intention is about (``would like to speak to``, ``wants
    to say``): the same subject's speech inside a wanting cue's content is not a statement."""
    acts = load_acts()
    inner: set[int] = set()
    for outer in cands:
        if acts.act(outer.lemma) != "belief":
            continue
        for cand in cands:
            at = cand.cue_span[0]
            if cand is not outer and cand.inherited and any(a <= at < b for a, b in outer.content):
                inner.add(id(cand))
    return inner


def _drafts_from_cues(pp: ParsedParagraph, doubles: list[QuotedPassage], lexicon: Lexicon) -> list[Draft]:
    """Drafts from the cues of one paragraph; ``doubles`` are that paragraph's passages."""
    drafts: list[Draft] = []
    seen_cues: set[int] = set()
    para_text = pp.doc.text  # rebuilt by spaCy on each access: read once
    cands = find_candidates(pp.doc, pp.base, lexicon)
    intended = _intended(cands)
    for cand in cands:
        if id(cand) in intended:
            continue
        if any(q.inner.start <= cand.cue_span[0] < q.inner.end for q in doubles):
            continue  # a cue inside someone's quote is part of what they said
        if cand.cue.i not in seen_cues:
            seen_cues.add(cand.cue.i)
            drafts.append(_draft_from_candidate(cand, pp, para_text, doubles))
    return drafts


def _passage_draft(passage: QuotedPassage, cue: Token | None, base: int, source: Token | None, paragraph: int, weight: float, lexicon: Lexicon) -> Draft:
    lemma = None if cue is None else lexicon.forms.get(cue.lower_, cue.lower_)
    return Draft(
        parts=[(passage.outer.start, passage.outer.end)],
        cue_span=None if cue is None else (base + cue.idx, base + cue.idx + len(cue.text)),
        lemma=lemma,
        source=source,
        paragraph=paragraph,
        weight=weight if lemma is None else max(lexicon.weight(lemma, "ccomp"), weight),
        passages=[passage],
    )


def _claim_passage(
    text: str,
    passage: QuotedPassage,
    pp: ParsedParagraph,
    parsed_by_index: dict[int, ParsedParagraph],
    by_paragraph: dict[int, list[Draft]],
    lexicon: Lexicon,
) -> None:
    """Attribute a quoted passage that no cue's content took, if the text says by whom."""
    pidx = pp.index
    para_drafts = by_paragraph.setdefault(pidx, [])
    if any(_overlaps((passage.outer.start, passage.outer.end), part) for d in para_drafts for part in d.parts):
        return
    inner = text[passage.inner.start : passage.inner.end]
    words = _word_count(text, passage.inner.start, passage.inner.end)
    # a short passage is speech only when it is punctuated like speech ("Stay there!")
    spoken = words >= _MIN_DIRECT_WORDS or (words >= 1 and inner.rstrip()[-1:] in (",", "!", "?", "."))
    if not spoken or _looks_like_title(inner):
        return
    # the second piece of an interrupted quote: '"...," she said. "..."'
    earlier = [d for d in para_drafts if d.passages and d.end <= passage.outer.start]
    previous = earlier[-1] if earlier else None
    if (
        previous is not None
        and previous.cue_span is not None
        and previous.cue_span[0] >= previous.passages[-1].outer.end
        and _only_cue_between(text, previous, passage)
    ):
        previous.parts.append((passage.outer.start, passage.outer.end))
        previous.passages.append(passage)
        return
    claimed = [q for d in para_drafts for q in d.passages]
    near = _speech_cue_near(pp, passage, lexicon, claimed)
    if near is not None:
        draft = _passage_draft(passage, near[0], pp.base, near[1], pidx, 0.6, lexicon)
        # '"...," he told the crowd': the cue's object was whom it was said to, the quote is what
        same_cue = [
            d
            for d in para_drafts
            if d.cue_span is not None
            and d.cue_span[0] <= pp.base + near[0].idx < d.cue_span[1]
            and not d.passages
            and sum(_word_count(text, a, b) for a, b in d.parts) <= _ADDRESSEE_WORDS
        ]
        for other in same_cue:
            para_drafts.remove(other)
            draft.source = draft.source or other.source
            draft.weight = max(draft.weight, other.weight)
        para_drafts.append(draft)
        para_drafts.sort(key=lambda d: d.start)
        return
    if words < _MIN_DIRECT_WORDS or para_drafts or passage.outer.start > pp.base + 1:
        return  # what follows is for paragraphs that open with a quote and have no cue
    previous_pp = parsed_by_index.get(pidx - 1)
    intro = None if previous_pp is None else _colon_intro(previous_pp, lexicon)
    if intro is not None and previous_pp is not None:  # block quote after "X said:"
        para_drafts.append(_passage_draft(passage, intro[0], previous_pp.base, intro[1], pidx, 0.6, lexicon))
        return
    # floating: only a speaker who was just quoted keeps talking in the next paragraph
    donors = [d for d in by_paragraph.get(pidx - 1, []) if (d.source is not None or d.floating_from is not None) and d.passages]
    if donors:
        origin = donors[-1].floating_from or donors[-1]
        draft = _passage_draft(passage, None, pp.base, origin.source, pidx, lexicon.floating_threshold, lexicon)
        draft.floating_from = origin
        para_drafts.append(draft)


def _check_source(draft: Draft, paragraphs: _ParagraphIndex, doubles_in: dict[int, list[QuotedPassage]]) -> None:
    """The speaker is never inside the quote nor a time ("said Tuesday"), and a quote next to
    its cue has one."""
    if draft.floating_from is not None or draft.cue_span is None:
        return
    source_pp = None if draft.source is None else paragraphs.of_doc(draft.source.doc)
    at = None if draft.source is None or source_pp is None else source_pp.base + draft.source.idx
    misparsed = (
        at is not None
        and source_pp is not None
        and any(q.inner.start <= at < q.inner.end for q in doubles_in.get(source_pp.index, []))
    )
    if misparsed or (draft.source is None and draft.passages) or (draft.source is not None and _is_time(draft.source)):
        cue = _cue_token(draft.cue_span, paragraphs)
        draft.source = None if cue is None or is_passive(cue) else _source_after_cue(cue)


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


def _cue_token(span: tuple[int, int], paragraphs: _ParagraphIndex) -> Token | None:
    """The verb of a cue span ("has repeatedly denied" -> "denied"), else its first token."""
    pp = paragraphs.at(span[0])
    if pp is None:
        return None
    inside = [t for t in pp.doc if span[0] <= pp.base + t.idx < span[1]]
    verbs = [t for t in inside if t.pos_ == "VERB"]
    return verbs[0] if verbs else (inside[0] if inside else None)


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


def _paragraph_of(passage: QuotedPassage, paragraphs: _ParagraphIndex) -> ParsedParagraph | None:
    return paragraphs.at(passage.outer.start)


def _source_after_cue(cue: Token) -> Token | None:
    """'"...," said Smith' / '"...," Smith said': the name or pronoun next to the cue."""
    doc = cue.doc
    after = cue.i + 1  # '"...," said Tuesday the mayor': a time is no speaker; look past it
    while after < len(doc) and _is_time(doc[after]):
        after += 1
    for i in (after, after + 1, cue.i - 1):
        if 0 <= i < len(doc):
            t = doc[i]
            if _is_time(t):
                continue
            if t.pos_ == "PROPN" or t.lower_ in ("he", "she", "they", "we", "i"):
                return t
    # '"...," said the 46-year-old' / '"...," a spokesman said': a common noun phrase
    if after < len(doc) and doc[after].lower_ in _ARTICLES:
        for t in doc[after + 1 : after + 5]:
            if (t.is_punct and t.text != "-") or t.is_quote:
                break
            if t.pos_ == "NOUN" and (t.i + 1 == len(doc) or doc[t.i + 1].pos_ != "NOUN"):
                return t
    if cue.i >= 2 and doc[cue.i - 1].pos_ == "NOUN" and doc[cue.i - 2].lower_ in _ARTICLES:
        return doc[cue.i - 1]
    return None


_ARTICLES = frozenset({"the", "a", "an", "one", "another"})
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning afternoon "
    "evening night week month year earlier later".split()
)


def _is_time(t: Token) -> bool:
    """A word of a time expression ("said Thursday morning"), which the tagger may call a name."""
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in _TIME_WORDS


def _draft_from_candidate(cand: Candidate, pp: ParsedParagraph, para_text: str, doubles: list[QuotedPassage]) -> Draft:
    cs, ce = cand.cue_span
    touched: list[QuotedPassage] = []
    pieces: list[tuple[int, int]] = []
    for start, end in cand.content:
        for q in doubles:
            if q.outer.end <= start or q.outer.start >= end or q.outer.start <= cs < q.outer.end:
                continue
            if q.outer.start > start and para_text[: q.outer.start - pp.base].rstrip().endswith((".", "!", "?")):
                end = q.outer.start  # a quote opening a new sentence is not this content's
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
