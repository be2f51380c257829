"""Speaker resolution within one article: pronouns, relative "who", role nouns, metonyms.

- "he"/"she" -> the person who spoke last (within three paragraphs), else the nearest
  person named before in the same or previous paragraph; never a person whose given name
  says the other gender (``data/given_names.json``);
- a definite description of a person ("the singer and guitarist", "the University of Surrey
  expert", head noun in ``data/person_nouns.json``) -> the person who spoke last, in the
  same or previous paragraph, unless the article introduced an unnamed one
  ("a senior official ... the official said");
- "who" -> the noun its relative clause hangs on ("Lavrov, who said ...");
- role nouns ("Belarus' leader", "Russia's top diplomat", "the Russian president") -> the
  person holding that role for that country: from titles and appositions in the article
  ("Russian Foreign Minister Sergei Lavrov"), else, for a head of state or government, the
  person named most often in sentences about that country (lower confidence);
- seats of government ("Moscow", "the Kremlin") as speakers -> the country;
- "The United States and NATO" -> one group entity named by the mention.
Unresolvable speakers keep their mention and no entity: never a guess dressed as certain.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from presslens.analysis.assemble import Draft, ParsedParagraph
from presslens.analysis.syntax import mention_tokens
from presslens.analysis.entities import EntityTable, normalise_name
from presslens.analysis.lexicon import Places
from presslens.names import looks_like_name

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Resolution", "SpeakerResolver"]

# English, and French subject clitics ("a-t-il dit" is tokenised "-il")
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "il", "elle", "-il", "-elle", "lui"})  # "selon lui"
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "il": "male", "-il": "male", "lui": "male",
                   "she": "female", "her": "female", "elle": "female", "-elle": "female"}


@cache
def _given_names() -> dict[str, str]:
    """Lower-cased given name -> "male" or "female", for names that tell."""
    data = json.loads(resources.files("presslens.analysis").joinpath("data", "given_names.json").read_text("utf-8"))
    return {name: gender for gender in ("male", "female") for name in data[gender]}


@cache
def _person_nouns() -> frozenset[str]:
    data = json.loads(resources.files("presslens.analysis").joinpath("data", "person_nouns.json").read_text("utf-8"))
    return frozenset(data["nouns"])


def _gender_of(name: str) -> str | None:
    first = name.split()[:1]
    return _given_names().get(first[0].lower()) if first else None


@dataclass(frozen=True, slots=True)
class Resolution:
    mention: tuple[int, int] | None
    entity: str | None
    certainty: float  # 1.0 named, lower for pronouns, roles by co-occurrence, floating


class SpeakerResolver:
    """Resolves the source tokens of drafts to entities of one article's EntityTable."""

    def __init__(self, table: EntityTable, places: Places, role_groups: dict[str, str], parsed: list[ParsedParagraph]) -> None:
        self._table = table
        self._places = places
        self._role_groups = role_groups
        self._parsed = parsed
        self._base_by_doc = {pp.doc: pp.base for pp in parsed}
        self._person_ents: list[tuple[int, str, int]] = []  # (start, cluster id, paragraph)
        self._explicit_roles: dict[tuple[str, str], str] = {}
        self._country_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self._country_mentions: list[tuple[int, str]] = []
        self._learn_from_parse()

    # what the article says about people ---------------------------------------------------
    def _learn_from_parse(self) -> None:
        for pp in self._parsed:
            for sent in pp.doc.sents:
                countries: set[str] = set()
                people: set[str] = set()
                for ent in sent.ents:
                    cluster = self._table.owner((pp.base + ent.start_char, pp.base + ent.end_char))
                    if ent.label_ in ("GPE", "NORP", "ORG", "LOC"):
                        country = self._table.country_of(ent.text)
                        if country:
                            countries.add(country)
                            self._country_mentions.append((pp.base + ent.start_char, country))
                    if cluster is not None and cluster.kind == "PERSON":
                        people.add(cluster.id)
                        self._person_ents.append((pp.base + ent.start_char, cluster.id, pp.index))
                        self._titles_of(ent, cluster.id)
                for person in people:
                    for country in countries:
                        self._country_counts[country][person] += 1
        self._person_ents.sort()
        self._country_mentions.sort()

    def _role_in(self, words: list[str]) -> str | None:
        text = " ".join(words).lower()
        best = None
        for role in self._places.roles:
            if f" {role} " in f" {text} " and (best is None or len(role) > len(best)):
                best = role
        return None if best is None else self._role_groups.get(best, best)

    def _country_in(self, tokens: list[Token]) -> str | None:
        for t in tokens:
            country = self._table.country_of(t.text)
            if country:
                return country
        return None

    def _titles_of(self, ent: object, cluster_id: str) -> None:
        """Roles from titles before a name or appositions around it."""
        root = ent.root  # type: ignore[attr-defined]
        doc = root.doc
        inside = range(ent.start, ent.end)  # type: ignore[attr-defined]
        # words before the name that hang on it, directly or through one word ("Foreign" -> "Minister")
        title = [t for t in doc[max(0, inside.start - 6) : inside.start] if t.head.i in inside or t.head.head.i in inside]
        pieces: list[list[Token]] = [title]
        for child in root.children:
            if child.dep_ == "appos":
                pieces.append(list(child.subtree))
        if root.dep_ == "appos":
            pieces.append(mention_tokens(root.head))
        for tokens in pieces:
            if not tokens:
                continue
            role = self._role_in([t.text for t in tokens])
            country = self._country_in(tokens)
            if role and country:
                self._explicit_roles.setdefault((country, role), cluster_id)

    # resolution -------------------------------------------------------------------------
    def resolve(self, drafts: list[Draft]) -> list[Resolution]:
        results: list[Resolution] = []
        last_person: tuple[str, int] | None = None  # (cluster id, paragraph)
        by_draft: dict[int, Resolution] = {}
        for draft in drafts:
            if draft.floating_from is not None and id(draft.floating_from) in by_draft:
                origin = by_draft[id(draft.floating_from)]
                res = Resolution(origin.mention, origin.entity, origin.certainty * 0.8)
            else:
                res = self._resolve_source(draft, last_person)
            by_draft[id(draft)] = res
            results.append(res)
            if res.entity is not None:
                cluster = next(c for c in self._table.clusters() if c.id == res.entity)
                if cluster.kind == "PERSON":
                    last_person = (cluster.id, draft.paragraph)
        return results

    def _resolve_source(self, draft: Draft, last_person: tuple[str, int] | None) -> Resolution:
        source = draft.source
        if source is None:
            return Resolution(None, None, 1.0)
        base = self._base_of(source)
        lower = source.lower_
        if lower in _RELATIVE and source.head.dep_ == "relcl":
            # "a headline that said": the mention runs from the noun the clause hangs on
            # through the relative pronoun, so that it names the speaker
            antecedent = source.head.head
            named = mention_tokens(antecedent) if antecedent.pos_ in ("NOUN", "PROPN") else [source]
            first = named[0] if named[0].i < source.i else source
            mention = (base + first.idx, base + source.idx + len(source.text))
            entity, certainty = self._resolve_noun(source.head.head, base, draft)
            if entity is not None:
                self._add(entity, mention)
            return Resolution(mention, entity, certainty)
        if source.pos_ == "PRON" or lower in _PERSON_PRONOUNS:
            mention = (base + source.idx, base + source.idx + len(source.text))
            if lower in _PERSON_PRONOUNS:
                entity = self._antecedent(base + source.idx, draft.paragraph, last_person, _PRONOUN_GENDER.get(lower))
                if entity is not None:
                    self._add(entity, mention)
                    return Resolution(mention, entity, 0.9)
            return Resolution(mention, None, 1.0)
        tokens = mention_tokens(source)
        mention = (base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text))
        entity, certainty = self._resolve_noun(source, base, draft)
        if entity is None and self._describes_a_person(source, tokens, mention[0]):
            # only the person who just spoke: a name merely mentioned nearby is too weak a guess
            entity = last_person[0] if last_person is not None and draft.paragraph - last_person[1] <= 1 else None
            certainty = 0.8
        if entity is not None:
            self._add(entity, mention)
        return Resolution(mention, entity, certainty)

    def _describes_a_person(self, head: Token, tokens: list[Token], at: int) -> bool:
        """ "the expert said": a definite description headed by a person noun, where no
        unnamed person of that kind was introduced before ("a senior official")."""
        if head.pos_ != "NOUN" or tokens[0].lower_ != "the" or head.lower_ not in _person_nouns():
            return False
        before = " ".join(pp.doc.text[: at - pp.base] for pp in self._parsed if pp.base < at)
        return re.search(rf"\b(?:an?|another|one)\W+(?:[\w-]+\W+){{0,3}}{re.escape(head.lower_)}\b", before, re.I) is None

    def _base_of(self, token: Token) -> int:
        base = self._base_by_doc.get(token.doc)
        if base is None:
            raise LookupError("token from an unknown paragraph")
        return base

    def _add(self, entity_id: str, span: tuple[int, int]) -> None:
        for cluster in self._table.clusters():
            if cluster.id == entity_id and span not in cluster.mentions:
                cluster.mentions.append(span)

    def _antecedent(self, at: int, paragraph: int, last_person: tuple[str, int] | None, gender: str | None) -> str | None:
        names = {c.id: c.name for c in self._table.clusters()}

        def agrees(cluster_id: str) -> bool:  # "she" is never a person named Tom
            other = _gender_of(names.get(cluster_id, ""))
            return gender is None or other is None or other == gender

        if last_person is not None and paragraph - last_person[1] <= 3 and agrees(last_person[0]):
            return last_person[0]
        # sorted by offset, so paragraphs only grow: the last mention before `at` that agrees
        i = bisect_left(self._person_ents, (at,))
        while i > 0 and paragraph - self._person_ents[i - 1][2] <= 1:
            if agrees(self._person_ents[i - 1][1]):
                return self._person_ents[i - 1][1]
            i -= 1
        return None

    def _resolve_noun(self, head: Token, base: int, draft: Draft) -> tuple[str | None, float]:
        tokens = mention_tokens(head)
        span = (base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text))
        text = head.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        if any(c.dep_ == "conj" for c in head.children) and head.pos_ == "PROPN":
            name = text[0].lower() + text[1:] if text.lower().startswith("the ") else text
            return self._table.add_mention(name, "ORG", span).id, 1.0
        norm = normalise_name(text).lower()
        if norm in self._places.seats or ("the " + norm) in self._places.seats:
            country = self._places.country_of.get(norm) or self._places.country_of["the " + norm]
            return self._table.add_mention(country, "GPE", span).id, 0.9
        head_span = (base + head.idx, base + head.idx + len(head.text))
        owner = self._table.owner(head_span)
        if owner is not None:
            return owner.id, 1.0
        for child in head.children:  # "her rival, Tom Becker, said"
            if child.dep_ == "appos":
                named = self._table.owner((base + child.idx, base + child.idx + len(child.text)))
                if named is not None:
                    return named.id, 1.0
        role = self._role_in([t.text for t in tokens])
        if role is not None and head.pos_ != "PROPN":
            return self._resolve_role(role, tokens, span)
        if head.pos_ == "PROPN":
            kind = self._table.corrected_kind(text, "OTHER")
            if kind == "OTHER" and all(t.pos_ == "PROPN" for t in tokens if not t.is_punct):
                kind = "PERSON" if self._table_has_person(text) else "OTHER"
            if not looks_like_name(normalise_name(text), kind):
                return None, 1.0  # "Hinweis:", "IBAN:": a label, not a speaker
            return self._table.add_mention(text, kind, span).id, 0.9
        return None, 1.0

    def _table_has_person(self, text: str) -> bool:
        last = normalise_name(text).lower().split()[-1:]
        return bool(last) and any(c.kind == "PERSON" and last[0] in c.name.lower().split() for c in self._table.clusters())

    def _resolve_role(self, role: str, tokens: list[Token], span: tuple[int, int]) -> tuple[str | None, float]:
        country = self._country_in(tokens)
        if country is None and any(t.lower_ in ("country", "nation") for t in tokens):
            i = bisect_left(self._country_mentions, (span[0],))
            country = self._country_mentions[i - 1][1] if i else None
        if country is None:
            return None, 1.0
        holder = self._explicit_roles.get((country, role))
        if holder is not None:
            return holder, 0.95
        if role in ("leader", "prime minister"):
            taken = {cid for (c, _), cid in self._explicit_roles.items() if c != country}
            ranked = [(n, cid) for cid, n in self._country_counts[country].most_common() if cid not in taken]
            if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                return ranked[0][1], 0.75
        return None, 1.0
