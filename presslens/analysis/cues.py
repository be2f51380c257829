"""Attribution candidates read off the dependency parse: a cue verb, its content, its source.

A candidate is a cue word (a verb or noun in the learned lexicon, or "according to") in one
of a few *frames* that say where its content lies: a clausal complement (``said that ...``),
an infinitive (``vowed to ...``), a direct object (``demanded assurances that ...``), a
prepositional object (``called for ...``), a raised subject with its complement (``X is
expected to ...``), a noun's that-clause (``the claim that ...``), or the rest of the
sentence (``according to``). Each (lemma, frame) pair carries a weight learned from PolNeAR
train: how often such a candidate was a real attribution, calibrated by a few learned
factors (see :func:`syntax.features`). Nothing here decides; :mod:`assemble` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from presslens.analysis.lexicon import Lexicon
from presslens.analysis.syntax import (
    EXTEND_FRAMES,
    agent,
    content_frames,
    cut_trailing_aside,
    features,
    more_clauses_end,
    nominal_frames,
    nominal_source,
    raised_subject,
    right_children_end,
    subject_of,
    subtree_span,
    trim,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Candidate", "cue_lemma", "find_candidates"]

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Candidate:
    """One possible attribution in a paragraph; offsets are into the article text."""

    cue: Token
    cue_span: tuple[int, int]
    lemma: str
    frame: str
    content: list[tuple[int, int]]
    source: Token | None  # head of the subject / "according to" object, if any
    weight: float
    inherited: bool = False  # subject taken from a governing verb (", adding that ...")
    features: dict[str, str] = field(default_factory=dict)  # what calibrated the weight


def cue_lemma(token: Token, lexicon: Lexicon) -> str:
    """The cue lemma of a token from the lexicon's form table (no lemmatizer needed)."""
    return lexicon.forms.get(token.lower_) or token.lemma_ or token.lower_


def _char_span(tokens: list[Token], base: int) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return base + start, base + end


def find_candidates(doc: Doc, base: int, lexicon: Lexicon, *, all_frames: bool = False) -> list[Candidate]:
    """Every lexicon cue in a paragraph's parse with its best frame (or all: for learning)."""
    text = doc.text
    found: list[Candidate] = []
    for token in doc:
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cand = _according_to(doc, token, base, lexicon)
            if cand is not None:
                found.append(cand)
            continue
        if token.pos_ == "NOUN" and lower in lexicon.forms:
            found.extend(_nominal(token, base, lexicon, all_frames))
            continue
        if token.pos_ not in ("VERB", "AUX") or lower not in lexicon.forms:
            continue
        lemma = lexicon.forms[lower]
        for frame, head in content_frames(token):
            weight = lexicon.weight(lemma, frame)
            if frame == "dobj_clause" and f"{lemma}|{frame}" not in lexicon.weights:
                weight = lexicon.weight(lemma, "ccomp")  # too rare to learn: a clause is a clause
            if weight < lexicon.threshold:
                continue
            extra: list[tuple[int, int]] = []
            if frame in ("para", "as"):
                # "X, he said, Y": the head clause around the cue clause, in two pieces
                start, end = subtree_span(head)
                after = trim(text, token.right_edge.idx + len(token.right_edge.text), end)
                if after[1] - after[0] >= 2:
                    extra.append((base + after[0], base + after[1]))
                end = min(end, token.left_edge.idx)
            elif frame == "before":
                start, end = token.sent.start_char, head.idx
            elif frame.startswith("prep_"):
                start, end = subtree_span(head)
                start = head.idx + len(head.text)
            elif frame == "raise":
                subject_start, subject_end = subtree_span(raised_subject(token))  # type: ignore[arg-type]
                start, end = subtree_span(head)
                extra.append((base + subject_start, base + subject_end))
            else:
                start, end = subtree_span(head)
                if frame in EXTEND_FRAMES:
                    end = max(end, right_children_end(token, head))
                elif frame == "ccomp":
                    end = max(end, more_clauses_end(token, head))
            if frame not in ("para", "as", "before"):
                end = cut_trailing_aside(head, start, end)
            start, end = trim(text, start, end)
            if end - start < 2 and not (frame == "answer" and end > start):
                continue
            if not extra and end - start <= 40 and _only_circumstance(doc, start, end):
                continue
            subject = agent(token) if frame == "raise" else subject_of(token)
            inherited = subject is not None and subject.head.i != token.i
            if frame in ("para", "as") and subject is None:
                continue
            words = len(_WORD.findall(text, start, end)) + sum(len(_WORD.findall(text, a - base, b - base)) for a, b in extra)
            calibration = features(frame, token, subject, words)
            weight = lexicon.calibrated(weight, calibration)
            if weight < lexicon.threshold:
                continue
            cue_tokens = [token] + [c for c in token.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < token.i and c.i >= token.i - 3]
            if frame.startswith("prep_"):
                cue_tokens.append(head)
            found.append(
                Candidate(
                    cue=token,
                    cue_span=_char_span(cue_tokens, base),
                    lemma=lemma,
                    frame=frame,
                    content=[(base + start, base + end), *extra],
                    source=subject,
                    weight=weight,
                    inherited=inherited,
                    features=calibration,
                )
            )
            if not all_frames:
                break  # one frame per cue: the first (most clausal) that the lexicon knows
    found.extend(_name_colon(doc, base, lexicon, all_frames))
    _split_nested(found, text, base)
    return found


_TIME_WORDS = frozenset(
    "today yesterday tomorrow tonight now then later earlier recently here there week month year day night morning evening".split()
)


def _only_circumstance(doc: Doc, start: int, end: int) -> bool:
    """``agreed on Monday to a deal``: a content that is only a time (or a time word) is
    when something was said, never what."""
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [] if span is None else [t for t in span if start <= t.idx < end and not t.is_punct]
    return bool(words) and all(
        t.ent_type_ in ("DATE", "TIME") or t.lower_ in _TIME_WORDS or (t.is_stop and t.pos_ in ("DET", "ADP"))
        for t in words
    )


def _nominal(noun: Token, base: int, lexicon: Lexicon, all_frames: bool) -> list[Candidate]:
    """A cue noun with its content: ``the claim that ...``, ``his promise to ...``."""
    found: list[Candidate] = []
    lemma = lexicon.forms[noun.lower_]
    for frame, head in nominal_frames(noun):
        weight = lexicon.weight(lemma, frame)
        if weight < lexicon.threshold:
            continue
        start, end = subtree_span(head)
        start, end = trim(noun.doc.text, start, cut_trailing_aside(head, start, end))
        if end - start < 2:
            continue
        source = nominal_source(noun)
        calibration = features(frame, noun, source, len(_WORD.findall(noun.doc.text, start, end)))
        weight = lexicon.calibrated(weight, calibration)
        if weight < lexicon.threshold:
            continue
        found.append(
            Candidate(
                cue=noun,
                cue_span=_char_span([noun], base),
                lemma=lemma,
                frame=frame,
                content=[(base + start, base + end)],
                source=source,
                weight=weight,
                features=calibration,
            )
        )
        if not all_frames:
            break
    return found


_NAME_GLUE = frozenset({"and", "of", "the", "'s", "\u2019s", "-", ".", "&"})


def _name_colon(doc: Doc, base: int, lexicon: Lexicon, learning: bool) -> list[Candidate]:
    """``Name: statement`` (headlines, transcripts, "Q:"/"A:"): the name speaks after the colon."""
    found: list[Candidate] = []
    for colon in doc:
        if colon.text != ":" or colon.i == 0 or colon.i + 1 >= len(doc):
            continue
        start = colon.i
        while start > 0 and colon.i - start < 6:
            prev = doc[start - 1]
            if prev.text in ("-", "\u2014", "\u2013", "|") or prev.is_sent_end or prev.text == "\n":
                break
            start -= 1
        name = doc[start : colon.i]
        if start > 0 and not (doc[start - 1].text in ("-", "\u2014", "\u2013", "|") or doc[start - 1].is_sent_end):
            continue
        words = [t for t in name if t.lower_ not in _NAME_GLUE]
        if not words or not all(t.text[:1].isupper() for t in words) or any(t.like_num for t in words):
            continue
        # a named speaker ("Ryan:", "Pew Research:") or a transcript turn ("Q:", "A:")
        named = any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in words)
        if not named and not (len(words) == 1 and len(words[0].text) == 1):
            continue
        # a transcript turn is learned apart: its answer is rarely one attribution as a whole
        frame = "name" if named else "turn"
        weight = 1.0 if learning else lexicon.weight(":", frame)
        if weight < lexicon.threshold:
            continue
        content_start = doc[colon.i + 1].idx
        content_end = len(doc.text.rstrip())
        if len(doc.text[content_start:content_end].split()) < 3:
            continue
        found.append(
            Candidate(
                cue=colon,
                cue_span=(base + colon.idx, base + colon.idx + 1),
                lemma=":",
                frame=frame,
                content=[(base + content_start, base + content_end)],
                source=name[-1],
                weight=weight,
            )
        )
    return found


def _split_nested(found: list[Candidate], text: str, base: int) -> None:
    """End a content where a later cue continues the same speaker's turn.

    ``he respects Clinton and calls her ...`` and ``he saw no need ..., telling X that ...``
    are two attributions each: the outer content stops before the inner cue's clause. A cue
    whose inherited subject lies inside another content is dropped: it belongs to that content.
    """
    swallowed: list[Candidate] = []
    for outer in found:
        if len(outer.content) != 1:
            continue
        start, end = outer.content[0]
        for inner in found:
            if inner is outer or inner.frame == "according":
                continue
            at = base + inner.cue.idx
            # the same speaker goes on ("..., adding that", "and calls her ..."): a new statement
            continues = inner.inherited and inner.cue.dep_ in ("advcl", "xcomp", "conj")
            if inner.source is not None and start <= base + inner.source.idx < end:
                # "X says it is hard to blame Y", "X said voters believe Y": the inner cue's
                # speaker lies inside this content, so that cue is part of what X said,
                # neither a new turn nor a statement of its own
                continues = False
                swallowed.append(inner)
            if start < at < end and continues and inner.cue.head is not outer.cue:
                cut = base + inner.cue.left_edge.idx
                for child in inner.cue.head.children:
                    if child.dep_ in ("cc", "punct") and child.i == inner.cue.left_edge.i - 1:
                        cut = base + child.idx
                new_start, new_end = trim(text, start - base, cut - base)
                if new_end - new_start >= 2:
                    end = base + new_end
        outer.content[0] = (start, end)
    gone = {id(c) for c in swallowed}
    found[:] = [c for c in found if id(c) not in gone]


def _according_to(doc: Doc, token: Token, base: int, lexicon: Lexicon) -> Candidate | None:
    to = doc[token.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    source = objs[0] if objs else None
    sent = token.sent
    phrase_start = token.idx
    phrase_end = (source.right_edge.idx + len(source.right_edge.text)) if source is not None else to.idx + 2
    before = (sent.start_char, phrase_start)
    after = (phrase_end, sent.end_char)
    pieces = [trim(doc.text, *before), trim(doc.text, *after)]
    pieces = [p for p in pieces if p[1] - p[0] > 1]
    if not pieces:
        return None
    content = max(pieces, key=lambda p: p[1] - p[0])
    return Candidate(
        cue=token,
        cue_span=(base + token.idx, base + to.idx + len(to.text)),
        lemma="according to",
        frame="according",
        content=[(base + content[0], base + content[1])],
        source=source,
        weight=lexicon.weight("according to", "according"),
    )
