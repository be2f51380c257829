"""Attribution candidates read off the dependency parse: a cue verb, its content, its source.

A candidate is a cue word (a verb in the learned lexicon, or "according to") in one of a
few *frames* that say where its content lies: a clausal complement (``said that ...``),
an infinitive (``vowed to ...``), a direct object (``demanded assurances that ...``), a
prepositional object (``called for ...``), or the rest of the sentence (``according to``).
Each (lemma, frame) pair carries a weight learned from PolNeAR train: how often such a
candidate was a real attribution. Nothing here decides; :mod:`assemble` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from presslens.analyze.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Candidate", "cue_lemma", "features", "find_candidates", "is_passive", "mention_tokens", "subject_of"]

_SUBJECTS = ("nsubj", "csubj")
_WORD = re.compile(r"\w+")
_MENTION_DROP = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis", "prep", "dep"})
_CONTENT_TRIM = frozenset(",;:-\u2013\u2014 ")
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_OBJECT_CASE = frozenset({"me", "him", "them", "us", "whom"})  # never the subject: a misparse


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


def _trim(doc_text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and doc_text[start] in _CONTENT_TRIM:
        start += 1
    while end > start and doc_text[end - 1] in _CONTENT_TRIM:
        end -= 1
    return start, end


def _subtree_span(token: Token, exclude: Token | None = None) -> tuple[int, int]:
    """Character span (doc offsets) of a subtree, cut before ``exclude`` when it lies inside."""
    left, right = token.left_edge, token.right_edge
    start, end = left.idx, right.idx + len(right.text)
    if exclude is not None and start <= exclude.idx < end and exclude.idx > token.idx:
        end = exclude.idx
    return start, end


def is_passive(verb: Token) -> bool:
    """``when asked whether ...``, ``it was reported that ...``: a participle with no subject of
    its own, whose speaker is the agent ("by X") or unnamed, never the governing verb's subject."""
    if verb.tag_ != "VBN":
        return False
    return not any(c.dep_ in ("nsubj", "aux") for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited along conj/xcomp/advcl chains ("..., adding that")."""
    if is_passive(verb):
        return _agent(verb)
    current: Token | None = verb
    for _ in range(5):
        if current is None:
            return None
        for child in current.children:
            if (
                child.dep_ in _SUBJECTS
                and child.ent_type_ not in ("DATE", "TIME")
                and child.lower_ not in _OBJECT_CASE
                and any(ch.isalnum() for ch in child.text)  # "»" tagged as a noun
            ):
                return child
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if current is verb and verb.tag_ != "VBG" and verb.i > 0 and (doc_prev := verb.doc[verb.i - 1]).is_punct and doc_prev.text != ".":
            # inverted order the parser missed: '"...," said Smith, a spokesman'
            for child in verb.rights:
                if child.i <= verb.i + 2 and child.pos_ in ("PROPN", "PRON") and child.dep_ in ("dobj", "npadvmod", "attr", "dep", "appos"):
                    return child
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            return current.head  # "calls saying that ...", "a statement reading ..."
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and current.head is not current:
            current = current.head
        else:
            return None
    return None


def clause_kind(cue: Token) -> str:
    """Where the cue sits in its sentence (main clause, relative clause...), for calibration."""
    dep = cue.dep_
    if dep == "ROOT":
        return "main"
    return dep if dep in ("conj", "ccomp", "advcl", "relcl", "xcomp", "acl", "parataxis", "pcomp") else "other"


def subject_kind(subject: Token | None) -> str:
    """How a cue's source is expressed, for the learned calibration of weights."""
    if subject is None:
        return "none"
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        return "relative"
    if subject.pos_ == "PRON":
        return "pronoun"
    return "proper" if subject.pos_ == "PROPN" else "noun"


def features(frame: str, cue: Token, subject: Token | None, words: int) -> dict[str, str]:
    """What calibrates a (lemma, frame) weight, in the order the factors are learned."""
    return {
        "source": source_kind(frame, subject, cue),
        "clause": clause_kind(cue),
        "length": length_kind(words),
        "polarity": "negated" if any(c.dep_ == "neg" for c in cue.children) else "plain",
    }


def length_kind(words: int) -> str:
    """A content's length class: one-word contents ("told reporters") are rarely statements."""
    return "1" if words <= 1 else "2-3" if words <= 3 else "4-7" if words <= 7 else "8-15" if words <= 15 else "16+"


def source_kind(frame: str, subject: Token | None, cue: Token) -> str:
    """``subject_kind``, with raised-subject frames and passive cues apart: their want of a
    source is normal."""
    if frame == "raise":
        return "raise"
    return "passive" if subject is None and is_passive(cue) else subject_kind(subject)


def mention_tokens(head: Token) -> list[Token]:
    """The noun phrase naming a speaker: the head with its modifiers, not its clauses."""
    keep = [head]
    stack = list(head.children)
    while stack:
        child = stack.pop()
        # "Secretary of State", "an analysis by the Pew Research Center" stay whole
        keep_prep = child.dep_ == "prep" and (child.lower_ == "of" or (child.lower_ == "by" and head.pos_ == "NOUN"))
        if child.dep_ in _MENTION_DROP and not keep_prep:
            continue
        keep.append(child)
        stack.extend(child.children)
    # keep it contiguous around the head, without edge punctuation
    indices = {t.i for t in keep}
    doc = head.doc
    lo = hi = head.i
    while lo - 1 in indices:
        lo -= 1
    while hi + 1 in indices:
        hi += 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return [doc[i] for i in range(lo, hi + 1)]


_PERSON_WORDS = frozenset(
    "him her me us them you himself herself themselves myself ourselves yourself each whom who which".split()
)


def _is_person(token: Token) -> bool:
    """An object that names whom the cue addresses (``told reporters``, ``asked him``)
    rather than what was said: such frames are learned apart, and mostly dropped."""
    return token.lower_ in _PERSON_WORDS or (token.ent_type_ == "PERSON" and token.pos_ == "PROPN")


def _content_frames(verb: Token) -> list[tuple[str, Token]]:
    frames: list[tuple[str, Token]] = []
    for child in verb.children:
        dep = child.dep_
        if dep == "ccomp":
            frames.append(("ccomp", child))
        elif dep == "xcomp":
            # "vowed to ..." is an infinitive; "said legalizing it could ..." is a clause
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            frames.append(("xcomp" if infinitive else "ccomp", child))
        elif dep in ("intj", "advmod") and child.lower_ in ("yes", "no", "so") and child.i > verb.i:
            frames.append(("answer", child))  # "75 percent said yes", "half said so"
        elif dep == "dobj":
            # "demanded assurances that ...", "denied reports that ...": a clause in the object
            clausal = any(
                c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                for c in child.children
            )
            frames.append(("dobj_clause" if clausal else "dobj_who" if _is_person(child) else "dobj", child))
        elif dep == "prep" and child.lower_ in ("for", "of", "on", "to", "about", "against"):
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                frames.append(("prep_" + child.lower_ + ("_who" if _is_person(objs[0]) else ""), child))
    if _raised_subject(verb) is not None:
        comps = [c for c in verb.children if c.dep_ in _RAISED_COMPLEMENTS and c.i > verb.i]
        if comps:
            frames.append(("raise", comps[0]))
    if any(f == "ccomp" and h.i > verb.i for f, h in frames):
        # "<clause>; most said they were worried": the clause after the cue is what was said
        frames = [(f, h) for f, h in frames if not (f == "ccomp" and h.i < verb.i and _break_between(h, verb))]
    if verb.dep_ == "parataxis":
        frames.append(("para", verb.head))
    elif verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        frames.append(("as", verb.head))  # "As the Post reported, ..."
    if not any(f in ("ccomp", "para", "as") for f, _ in frames):
        # "<clause>, Defense Secretary Ash Carter told a Senate panel": the clause before
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
        if subjects:
            left = subjects[0].left_edge
            if left.i > verb.sent.start + 3 and verb.doc[left.i - 1].text == ",":
                frames.append(("before", verb.doc[left.i - 1]))
    order = {"ccomp": 0, "para": 1, "as": 1, "before": 1, "raise": 1.5, "dobj_clause": 2, "xcomp": 2, "dobj": 3}
    frames.sort(key=lambda f: order.get(f[0], 4))
    return frames


_RAISED_COMPLEMENTS = frozenset({"xcomp", "oprd", "acomp", "attr"})


def _raised_subject(verb: Token) -> Token | None:
    """The subject of ``X seems to ...``, ``X is expected to ...``, ``X is considered Y``: with
    such cues the subject is part of the content, and the text names no source."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < verb.i and child.lower_ not in _RELATIVE:
            return child
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _break_between(clause: Token, verb: Token) -> bool:
    """A semicolon, colon or dash between a clause before the cue and the cue."""
    return any(t.text in (";", ":", "\u2014", "\u2013", "--") for t in verb.doc[clause.right_edge.i + 1 : verb.i])


EXTEND_FRAMES = frozenset({"dobj", "dobj_who", "dobj_clause", "xcomp"})
_RIGHT_KEEP = frozenset({"prep", "dative", "oprd", "xcomp", "ccomp", "acomp", "attr", "advmod"})
# when and where it was said ("endorsed Clinton during a call on Tuesday") is not content
_CIRCUMSTANCE = frozenset("during at in on after before since amid following from over through throughout until".split())


def _right_children_end(verb: Token, head: Token) -> int:
    """End of the verb's complements after the frame head (``described X as Y``)."""
    end = 0
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in _CIRCUMSTANCE:
            break
        if child.i > head.i and child.dep_ in _RIGHT_KEEP:
            end = max(end, child.right_edge.idx + len(child.right_edge.text))
        elif child.i > head.i and child.dep_ not in ("punct",):
            break
    return end


def _more_clauses_end(verb: Token, head: Token) -> int:
    """End of further clauses the parser hung on the cue (``said A, some of it B``, ``and that C``)."""
    end = 0
    for child in verb.rights:
        if child.i <= head.i:
            continue
        that = any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        if child.dep_ == "ccomp" or (child.dep_ == "conj" and that):
            end = child.right_edge.idx + len(child.right_edge.text)
    return end


_COMMENT_DEPS = frozenset({"relcl", "appos", "npadvmod", "dobj"})
_ASIDE_MARKS = frozenset({",", "-", "\u2013", "\u2014"})


def _is_aside(token: Token) -> bool:
    """A comment tacked on after a comma: a relative clause, an apposition, or a noun phrase
    the parser hung on the verb (``..., an acknowledgment that ...``, ``..., a swipe at ...``)."""
    if token.dep_ in ("relcl", "appos"):
        return True
    if token.pos_ not in ("NOUN", "PROPN") or token.left_edge.lower_ not in ("a", "an", "the"):
        return False
    if token.dep_ == "npadvmod":
        return True
    # a second object after a comma
    return token.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < token.i for c in token.head.children)


def _cut_trailing_relative(head: Token, start: int, end: int) -> int:
    """Drop a non-restrictive relative clause or aside that closes the content."""
    for token in head.subtree:
        if token.dep_ in _COMMENT_DEPS and token.left_edge.i > 0 and _is_aside(token):
            before = token.doc[token.left_edge.i - 1]
            right = token.right_edge
            right_end = right.idx + len(right.text)
            tail = token.doc.text[right_end:end].strip(" ,.;:\"\u201d")
            if before.text in _ASIDE_MARKS and before.idx > start and not tail:
                return min(end, before.idx)
    return end


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
        if token.pos_ not in ("VERB", "AUX") or lower not in lexicon.forms:
            continue
        lemma = lexicon.forms[lower]
        for frame, head in _content_frames(token):
            weight = lexicon.weight(lemma, frame)
            if frame == "dobj_clause" and f"{lemma}|{frame}" not in lexicon.weights:
                weight = lexicon.weight(lemma, "ccomp")  # too rare to learn: a clause is a clause
            if weight < lexicon.threshold:
                continue
            extra: list[tuple[int, int]] = []
            if frame in ("para", "as"):
                # "X, he said, Y": the head clause around the cue clause, in two pieces
                start, end = _subtree_span(head)
                after = _trim(text, token.right_edge.idx + len(token.right_edge.text), end)
                if after[1] - after[0] >= 2:
                    extra.append((base + after[0], base + after[1]))
                end = min(end, token.left_edge.idx)
            elif frame == "before":
                start, end = token.sent.start_char, head.idx
            elif frame.startswith("prep_"):
                start, end = _subtree_span(head)
                start = head.idx + len(head.text)
            elif frame == "raise":
                subject_start, subject_end = _subtree_span(_raised_subject(token))  # type: ignore[arg-type]
                start, end = _subtree_span(head)
                extra.append((base + subject_start, base + subject_end))
            else:
                start, end = _subtree_span(head)
                if frame in EXTEND_FRAMES:
                    end = max(end, _right_children_end(token, head))
                elif frame == "ccomp":
                    end = max(end, _more_clauses_end(token, head))
            if frame not in ("para", "as", "before"):
                end = _cut_trailing_relative(head, start, end)
            start, end = _trim(text, start, end)
            if end - start < 2 and not (frame == "answer" and end > start):
                continue
            subject = _agent(token) if frame == "raise" else subject_of(token)
            inherited = subject is not None and subject.head is not token
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
    are two attributions each: the outer content stops before the inner cue's clause.
    """
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
            if start < at < end and continues and inner.cue.head is not outer.cue:
                cut = base + inner.cue.left_edge.idx
                for child in inner.cue.head.children:
                    if child.dep_ in ("cc", "punct") and child.i == inner.cue.left_edge.i - 1:
                        cut = base + child.idx
                new_start, new_end = _trim(text, start - base, cut - base)
                if new_end - new_start >= 2:
                    end = base + new_end
        outer.content[0] = (start, end)


def _according_to(doc: Doc, token: Token, base: int, lexicon: Lexicon) -> Candidate | None:
    to = doc[token.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    source = objs[0] if objs else None
    sent = token.sent
    phrase_start = token.idx
    phrase_end = (source.right_edge.idx + len(source.right_edge.text)) if source is not None else to.idx + 2
    before = (sent.start_char, phrase_start)
    after = (phrase_end, sent.end_char)
    pieces = [_trim(doc.text, *before), _trim(doc.text, *after)]
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
