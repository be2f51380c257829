"""In-article entity clusters from the named entities of the parse, with kinds corrected.

The small model sometimes tags a country as ORG or PERSON; the gazetteer in
``data/places.json`` corrects that. People cluster by name containment ("Lukashenko" joins
"Alexander Lukashenko"), places by country (a country's name and its aliases), everything
else by its normalised text. Titles in front of a name ("Russian Foreign Minister Sergei
Lavrov") are kept as *roles* of the person, which role nouns later resolve against.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from presslens.analysis.lexicon import Places
from presslens.model import Entity, Span
from presslens.names import looks_like_name, same_given_name, split_role

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["EntityTable", "normalise_name"]

# English (OntoNotes) labels, and the PER/MISC of the French and German models
_KINDS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "LOC": "LOC", "FAC": "LOC", "MISC": "OTHER"}
_TITLE_WORDS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sen. sen rep. rep gov. gov president senator".split())
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
# Words that make a capitalised name an organisation or a place rather than a person.
_NON_PERSON_WORDS = frozenset(
    """inc inc. corp corp. co co. ltd ltd. llc plc group bank party council union association
    university college institute ministry department agency committee commission court police
    army navy energy news times post company foundation fund club church school hospital
    airlines airways motors systems technologies partners capital holdings international media
    press network society federation league office board authority service services center
    centre museum library city county state republic kingdom street square river island
    airport station parliament senate congress assembly government""".split()
)


def normalise_name(text: str) -> str:
    """The name without a leading article, possessive ending or surrounding spaces."""
    text = _POSSESSIVE.sub("", text.strip())
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip()


@dataclass(slots=True)
class _Cluster:
    id: str
    name: str
    kind: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: set[tuple[str, str]] = field(default_factory=set)  # (country, role group)
    countries: set[str] = field(default_factory=set)  # countries met in the same sentences
    role: str | None = None  # title or descriptor in front of the name ("registered dietitian")


class EntityTable:
    """Clusters keyed by name; the analyzer adds NER mentions, then speaker mentions."""

    def __init__(self, places: Places, role_groups: dict[str, str], text: str = "") -> None:
        self._text = text  # the article, to see how a name is used elsewhere in it
        self._places = places
        self._role_groups = role_groups
        self._clusters: list[_Cluster] = []
        self._mention_owner: dict[tuple[int, int], _Cluster] = {}
        # (start, end, insertion order) sorted, and the longest mention: owner() looks at the
        # few mentions that can overlap a span instead of scanning all (quadratic in text length)
        self._mentions_sorted: list[tuple[int, int, int]] = []
        self._longest_mention = 0
        self._counts: dict[str, int] = {}  # whole-word counts in the text, by words

    # kinds and keys -------------------------------------------------------------------
    def country_of(self, text: str) -> str | None:
        key = normalise_name(text).lower()
        return self._places.country_of.get(key) or self._places.country_of.get("the " + key)

    def corrected_kind(self, text: str, label: str) -> str:
        name = normalise_name(text).lower()
        if name in self._places.countries or ("the " + name) in self._places.countries:
            return "GPE"
        if name in self._places.seats or ("the " + name) in self._places.seats:
            return "GPE"  # "the Kremlin", "Downing Street": the government, clustered with its country
        return _KINDS.get(label, "OTHER")

    # building ---------------------------------------------------------------------------
    def add_ner(self, ent: SpacySpan, base: int) -> _Cluster | None:
        label = ent.label_
        if label not in _KINDS:
            return None
        text = ent.text
        start = base + ent.start_char
        end = base + ent.end_char
        # drop a trailing possessive from the mention span
        match = _POSSESSIVE.search(text)
        if match and label != "NORP":
            end -= len(match.group())
            text = text[: len(text) - len(match.group())]
        words = text.split()
        while words and words[0].lower() in _TITLE_WORDS:
            start += len(words[0]) + 1
            words = words[1:]
        text = " ".join(words)
        if not text:
            return None
        kind = self.corrected_kind(text, label)
        if kind in ("ORG", "GPE", "LOC") and self._looks_personal(ent, text):
            kind = "PERSON"
        if kind == "PERSON":
            # "Tanaiste Leo Varadkar": the mention is the name; the title is the person's role
            role, name = split_role(text)
            if role is not None:
                text = name
                if self._text[end - len(name) : end] == name:  # the mention is the name alone
                    start = end - len(name)
        if not looks_like_name(text, kind):
            return None  # "Hinweis", "IBAN", "Fazit": label words, never anyone
        return self.add_mention(text, kind, (start, end))

    def _looks_personal(self, ent: SpacySpan, name: str) -> bool:
        """Whether a name the small model tagged ORG or GPE ("Nadia Petrova") is a person.

        A surname alone is a person when a person with that surname is already in the
        article. Two or three capitalised proper nouns, with no organisation or place word
        and not a known place, are a person when the article also calls them by the surname
        alone, or when a role noun stands before them ("teacher Grace Liu", "the director,
        Nadia Petrova") — evidence organisations rarely have.
        """
        words = name.split()
        if self.country_of(name) or any(w.lower() in _NON_PERSON_WORDS for w in words):
            return False
        if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent if not t.is_punct):
            return False
        if len(words) == 1:
            surname = words[0].lower()
            return any(
                c.kind == "PERSON" and len(c.name.split()) > 1 and c.name.lower().split()[-1] == surname
                for c in self._clusters
            )
        if len(words) > 3:
            return False
        if self._count(words[-1]) > self._count(name):
            return True
        root = ent.root
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            return True
        return any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < ent.start for c in root.children)

    def _count(self, words: str) -> int:
        """How often ``words`` stand as whole words in the article (counted once per table)."""
        count = self._counts.get(words)
        if count is None:
            count = self._counts[words] = len(re.findall(rf"\b{re.escape(words)}\b", self._text))
        return count

    def add_mention(self, name: str, kind: str, span: tuple[int, int]) -> _Cluster:
        if span in self._mention_owner:
            return self._mention_owner[span]
        role = None
        if kind == "PERSON":
            role, name = split_role(name)
        cluster = self._find(name, kind)
        if cluster is None:
            clean = normalise_name(name) if kind != "OTHER" else name
            if kind == "GPE":
                clean = self.country_of(clean) or clean
            cluster = _Cluster(id=f"e{len(self._clusters) + 1}", name=clean, kind=kind)
            self._clusters.append(cluster)
        elif kind == "PERSON" and len(name.split()) > len(cluster.name.split()) and name.split()[-1] == cluster.name.split()[-1]:
            cluster.name = normalise_name(name)
        elif kind == "PERSON" and _fuller_given_name(name, cluster.name):
            cluster.name = normalise_name(name)  # "Liz Truss", then "Elizabeth Truss": the full form
        if cluster.role is None and role is not None:
            cluster.role = role
        cluster.mentions.append(span)
        self._mention_owner[span] = cluster
        insort(self._mentions_sorted, (span[0], span[1], len(self._mentions_sorted)))
        self._longest_mention = max(self._longest_mention, span[1] - span[0])
        return cluster

    def _find(self, name: str, kind: str) -> _Cluster | None:
        norm = normalise_name(name)
        lower = norm.lower()
        country = self.country_of(norm) if kind == "GPE" else None
        for cluster in self._clusters:
            if kind == "PERSON" and cluster.kind == "PERSON":
                mine, theirs = lower.split(), cluster.name.lower().split()
                if mine and theirs and (set(mine) <= set(theirs) or set(theirs) <= set(mine)) and mine[-1] in theirs:
                    return cluster
                if _same_person_by_given_name(mine, theirs):
                    return cluster
            elif kind == "GPE" and cluster.kind == "GPE":
                if (country or lower) == (self.country_of(cluster.name) or cluster.name.lower()):
                    return cluster
            elif cluster.kind == kind and cluster.name.lower() == lower:
                return cluster
        return None

    def owner(self, span: tuple[int, int]) -> _Cluster | None:
        owner = self._mention_owner.get(span)
        if owner is not None:
            return owner
        # a mention containing the span or inside it starts within these bounds
        low = bisect_left(self._mentions_sorted, (span[0] - self._longest_mention,))
        high = bisect_left(self._mentions_sorted, (span[1] + 1,))
        first: tuple[int, int, int] | None = None  # the earliest added, as a scan in order would find
        for s, e, order in self._mentions_sorted[low:high]:
            if (s <= span[0] and span[1] <= e or (span[0] <= s and e <= span[1])) and (first is None or order < first[2]):
                first = (s, e, order)
        return None if first is None else self._mention_owner[(first[0], first[1])]

    def clusters(self) -> list[_Cluster]:
        return self._clusters

    def country_cluster(self, country: str) -> _Cluster | None:
        return next((c for c in self._clusters if c.kind == "GPE" and c.name == country), None)

    def to_entities(self) -> tuple[Entity, ...]:
        return tuple(
            Entity(
                id=c.id,
                name=c.name,
                kind=c.kind,
                mentions=tuple(Span(start=s, end=e) for s, e in _outermost(c.mentions)),
                role=self._role_of(c) if c.kind == "PERSON" else None,
            )
            for c in self._clusters
        )

    def _role_of(self, cluster: _Cluster) -> str | None:
        """The role given with the name, else one a speaker mention puts in front of it
        ("registered dietitian Trista Best said")."""
        if cluster.role is not None or not self._text:
            return cluster.role
        for start, end in sorted(cluster.mentions):
            role, name = split_role(normalise_name(self._text[start:end]))
            if role is not None and cluster.name.endswith(name.split()[-1]):
                return role
        return None


def _same_person_by_given_name(mine: list[str], theirs: list[str]) -> bool:
    """"Liz Truss" / "Elizabeth Truss", "J. Smith" / "John Smith": same surname, and given
    names that are one another's short form or initial (never a surname alone)."""
    if len(mine) != 2 or len(theirs) != 2 or mine[-1] != theirs[-1]:
        return False
    return mine[0] != theirs[0] and same_given_name(mine[0], theirs[0])


def _fuller_given_name(new: str, old: str) -> bool:
    mine, theirs = new.split(), old.split()
    return (
        len(mine) == 2
        and len(theirs) == 2
        and _same_person_by_given_name([w.lower() for w in mine], [w.lower() for w in theirs])
        and len(mine[0].rstrip(".")) > len(theirs[0].rstrip("."))
    )


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mentions in text order, without those inside a longer one ("Kremlin" in "the Kremlin")."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept
