"""Reading a cue's dependency parse: its subject, its content frames, and its content's edges.

Shared by :mod:`cues` (which turns frames into candidates) and :mod:`assemble`; the features
that calibrate a candidate's learned weight are defined here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "EXTEND_FRAMES",
    "agent",
    "content_frames",
    "cut_trailing_aside",
    "features",
    "is_passive",
    "mention_tokens",
    "more_clauses_end",
    "nominal_frames",
    "nominal_source",
    "raised_subject",
    "right_children_end",
    "subject_of",
    "subtree_span",
    "trim",
]

_SUBJECTS = ("nsubj", "csubj")
_MENTION_DROP = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis", "prep", "dep"})
_CONTENT_TRIM = frozenset(",;:-\u2013\u2014 ")
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_OBJECT_CASE = frozenset({"me", "him", "them", "us", "whom"})  # never the subject: a misparse


def trim(doc_text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and doc_text[start] in _CONTENT_TRIM:
        start += 1
    while end > start and doc_text[end - 1] in _CONTENT_TRIM:
        end -= 1
    return start, end


def subtree_span(token: Token, exclude: Token | None = None) -> tuple[int, int]:
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
        return agent(verb)
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
                if child.i < _dateline_end(child.doc):
                    # "LONDON (Reuters) - Donald Trump said": the place line is never the speaker
                    named = next((t for t in child.subtree if t.i > _dateline_end(child.doc) and t.dep_ == "appos"), None)
                    if named is None:
                        continue
                    return named
                return child if current is verb else _outer_same_subject(current, child, verb)
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
            # "calls saying that ...", "a statement reading ..."; "she released a statement
            # saying ...": whoever released it
            carrier = current.head
            if carrier.dep_ == "dobj" and carrier.head.pos_ == "VERB":
                return subject_of(carrier.head) or carrier
            return carrier
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and current.head is not current:
            current = current.head
        else:
            return None
    return None


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def _dateline_end(doc: Doc) -> int:
    """Index of the dash closing a wire dateline ("WASHINGTON (AP) -"), else -1."""
    first = doc[0] if len(doc) else None
    if first is None or not (first.is_alpha and first.is_upper and len(first.text) > 2):
        return -1
    return next((t.i for t in doc[:12] if t.text in _DASHES), -1)


def _outer_same_subject(clause: Token, subject: Token, verb: Token) -> Token:
    """``She said she admires him and praised ...``: the parser hangs "praised" on the reported
    clause; when that clause repeats its reporter's pronoun, the reporter is the speaker. So too
    ``X says the goal is Y, but conceded that Z``: a verb with a that-clause of its own,
    coordinated into a reported clause, reports again, and its speaker is the reporter."""
    if clause.dep_ == "ccomp" and subject.pos_ == "PRON":
        for child in clause.head.children:
            if child.dep_ == "nsubj" and child.lower_ == subject.lower_:
                return child
    if clause.dep_ == "ccomp" and verb.dep_ == "conj" and verb.head.i == clause.i and _reports_that(verb):
        outer = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.i < clause.i), None)
        if outer is not None:
            return outer
    return subject


def _reports_that(verb: Token) -> bool:
    """A verb with a that-clause complement of its own ("conceded that ...")."""
    return any(
        c.dep_ == "ccomp" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children
    )


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
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("cc", "case")):  # "Selon X": X
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


def content_frames(verb: Token) -> list[tuple[str, Token]]:
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
    if raised_subject(verb) is not None:
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


def nominal_frames(noun: Token) -> list[tuple[str, Token]]:
    """Content frames of a cue noun: a that-clause or an infinitive. (Prepositional objects,
    ``support for X``, were tried: on PolNeAR train they cost as much precision as they gave.)"""
    frames: list[tuple[str, Token]] = []
    for child in noun.children:
        marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "aux")}
        if child.dep_ in ("acl", "ccomp", "relcl") and "that" in marks:
            frames.append(("n_that", child))
        elif child.dep_ == "acl" and "to" in marks:
            frames.append(("n_to", child))
    return frames


def nominal_source(noun: Token) -> Token | None:
    """Whose claim: ``his claim``, ``a statement by X``, or the subject of ``X made the claim``."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return subject_of(noun.head)
    return None


_RAISED_COMPLEMENTS = frozenset({"xcomp", "oprd", "acomp", "attr"})


def raised_subject(verb: Token) -> Token | None:
    """The subject of ``X seems to ...``, ``X is expected to ...``, ``X is considered Y``: with
    such cues the subject is part of the content, and the text names no source."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < verb.i and child.lower_ not in _RELATIVE:
            return child
    return None


def agent(verb: Token) -> Token | None:
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


def right_children_end(verb: Token, head: Token) -> int:
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


def more_clauses_end(verb: Token, head: Token) -> int:
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


def cut_trailing_aside(head: Token, start: int, end: int) -> int:
    """Drop a non-restrictive relative clause or aside that closes the content."""
    text: str | None = None  # Doc.text is rebuilt on each access: read it once, when needed
    for token in head.subtree:
        if token.dep_ in _COMMENT_DEPS and token.left_edge.i > 0 and _is_aside(token):
            before = token.doc[token.left_edge.i - 1]
            right = token.right_edge
            right_end = right.idx + len(right.text)
            text = token.doc.text if text is None else text
            tail = text[right_end:end].strip(" ,.;:\"\u201d")
            if before.text in _ASIDE_MARKS and before.idx > start and not tail:
                return min(end, before.idx)
    return end
