"""Canonical speakers across the corpus: one row per person, with every alias seen.

Rules (evidence before merging):

- the same folded name (case, accents, dots) is the same speaker;
- "Alexander G. Lukashenko" and "Alexander Lukashenko" are one speaker: same surname, same
  first name, middle initials that do not contradict ("Alexander V." is not "Alexander G."); an initial matches a first name that
  starts with it ("A. Lukashenko") only when exactly one such speaker exists;
- different first names never merge ("Jane Smith" and "John Smith"), except a short form
  and its full name ("Liz" / "Elizabeth Truss", ``presslens.names``) with shared context:
  the same role in both articles ("Prime Minister"), never on the surname alone;
- a surname alone ("Lukashenko") joins a speaker only when exactly one speaker with a first
  name has that surname; otherwise it stays a separate surname-only speaker, which the first
  full name with that surname later claims if no other full name shares the surname.

In-article coreference (the analyzer) already turns "Lukashenko" into the article's full
name when the article gives one; these rules only join names across articles.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from presslens.names import looks_like_name, role_key, same_given_name

__all__ = ["PersonName", "can_be_speaker", "fold", "parse_person_name", "resolve_speaker"]

_TITLES = frozenset(
    """mr mrs ms miss mx dr prof sir dame lord lady president vice prime minister premier
    chancellor secretary senator sen rep representative gov governor mayor gen general col
    colonel capt captain lt sgt adm admiral judge justice rev reverend father pope king queen
    prince princess sheikh sheik ayatollah chairman chairwoman chief ceo spokesman
    spokeswoman spokesperson deputy foreign defence defense interior finance state""".split()
)
_SUFFIXES = frozenset("jr sr ii iii iv phd md".split())
_SURNAME_PARTICLES = frozenset("van von de da del della der di du la le bin al el ibn st".split())
_POSSESSIVE = re.compile(r"['’]s?$")
_DETERMINERS = frozenset("the a an this that these those his her their its our my".split())
_PRONOUNS = frozenset("i you he she it we they me him her us them who someone somebody".split())


def fold(name: str) -> str:
    """Matching key: NFKD without accents, case-folded, dots and extra spaces removed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace(".", " ").replace("’", "'")
    return " ".join(plain.casefold().split())


def can_be_speaker(name: str, kind: str | None = None) -> bool:
    """False for names that identify nobody across articles: pronouns, no letters at all,
    label words and numbers ("Hinweis", "IBAN"), people's names not shaped like names."""
    folded = fold(name)
    return any(ch.isalpha() for ch in folded) and folded not in _PRONOUNS and looks_like_name(name, kind)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A folded person name split for matching; ``first`` is None for a surname alone."""

    first: str | None
    middle: tuple[str, ...]
    surname: str

    @property
    def initial_only(self) -> bool:
        return self.first is not None and len(self.first) == 1


def parse_person_name(name: str) -> PersonName | None:
    """Split a person's name into first name, middle names and surname (folded).

    Leading titles ("President", "Mr.") and trailing suffixes ("Jr.") are dropped; surname
    particles stay with the surname ("Ursula von der Leyen" -> surname "von der leyen").
    A description ("the minister") is not a name: None.
    """
    words = name.split()
    if words and words[0].casefold() in _DETERMINERS:  # "the minister": a description ("A." is an initial)
        return None
    tokens = [_POSSESSIVE.sub("", t) for t in fold(name).split()]
    tokens = [t for t in tokens if t and any(ch.isalpha() for ch in t)]
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    if not tokens:
        return None
    surname_start = len(tokens) - 1
    while surname_start > 1 and tokens[surname_start - 1] in _SURNAME_PARTICLES:
        surname_start -= 1
    if surname_start == 1 and tokens[0] in _SURNAME_PARTICLES:
        surname_start = 0
    surname = " ".join(tokens[surname_start:])
    given = tokens[:surname_start]
    if not given:
        return PersonName(first=None, middle=(), surname=surname)
    return PersonName(first=given[0], middle=tuple(given[1:]), surname=surname)


def _compatible(a: str, b: str) -> bool:
    """Two given names agree: equal, or one is the other's initial."""
    if a == b:
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


@dataclass(frozen=True, slots=True)
class _Candidate:
    id: int
    first: str | None
    middle: str | None

    def agrees(self, parsed: PersonName) -> bool:
        """Same first name, and middle names (when both known) that do not contradict."""
        if self.first != parsed.first:
            return False
        return self.middle is None or not parsed.middle or _compatible(self.middle, parsed.middle[0])


def _add_alias(conn: sqlite3.Connection, speaker_id: int, alias: str) -> None:
    conn.execute(
        "INSERT INTO speaker_aliases (speaker_id, alias, alias_key, mentions) VALUES (?, ?, ?, 1)"
        " ON CONFLICT (speaker_id, alias) DO UPDATE SET mentions = mentions + 1",
        (speaker_id, alias, fold(alias)),
    )


def _refresh_name(conn: sqlite3.Connection, speaker_id: int) -> None:
    """The display name is the most used alias among the longest-known forms."""
    rows = conn.execute(
        "SELECT alias, mentions FROM speaker_aliases WHERE speaker_id = ?", (speaker_id,)
    ).fetchall()
    parsed = [(alias, mentions, parse_person_name(alias)) for alias, mentions in rows]
    with_first = [(a, m) for a, m, p in parsed if p is not None and p.first and not p.initial_only]
    pool = with_first or [(a, m) for a, m, _ in parsed]
    best = max(pool, key=lambda item: (item[1], -len(item[0]), item[0]))[0]
    conn.execute("UPDATE speakers SET name = ? WHERE id = ?", (best, speaker_id))


def _create(conn: sqlite3.Connection, name: str, kind: str, parsed: PersonName | None, now: str) -> int:
    first = middle = surname = None
    if parsed is not None:
        first, surname = parsed.first, parsed.surname
        middle = parsed.middle[0] if parsed.middle else None
    cursor = conn.execute(
        "INSERT INTO speakers (name, kind, first_name, middle_name, surname, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (name, kind, first, middle, surname, now),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _same_role(conn: sqlite3.Connection, speaker_id: int, role: str | None) -> bool:
    """Shared context across articles: the speaker was given this role before (the same
    title words: "Prime Minister" and "British Prime Minister")."""
    key = role_key(role) if role else frozenset()
    if not key:
        return False
    rows = conn.execute("SELECT DISTINCT role FROM entities WHERE speaker_id = ? AND role IS NOT NULL", (speaker_id,))
    return any(role_key(r[0]) == key for r in rows)


def _resolve_person(conn: sqlite3.Connection, name: str, parsed: PersonName, now: str, role: str | None = None) -> int:
    candidates = [
        _Candidate(row[0], row[1], row[2])
        for row in conn.execute(
            "SELECT id, first_name, middle_name FROM speakers WHERE kind = 'PERSON' AND surname = ? ORDER BY id",
            (parsed.surname,),
        )
    ]
    named = [c for c in candidates if c.first is not None]
    surname_only = [c for c in candidates if c.first is None]
    if parsed.first is None:
        if len(named) == 1:
            return named[0].id
        if surname_only:
            return surname_only[0].id
        return _create(conn, name, "PERSON", parsed, now)
    same = [c for c in named if c.agrees(parsed)]
    if len(same) == 1:
        if same[0].middle is None and parsed.middle:
            conn.execute("UPDATE speakers SET middle_name = ? WHERE id = ?", (parsed.middle[0], same[0].id))
        return same[0].id
    if not same and not any(c.first == parsed.first for c in named):
        close = [c for c in named if c.first is not None and _compatible(c.first, parsed.first)]
        if len(close) == 1:
            speaker_id = close[0].id
            if close[0].first is not None and len(close[0].first) < len(parsed.first):
                # "A. Smith" seen first, "Alan Smith" now: keep the fuller first name
                conn.execute("UPDATE speakers SET first_name = ? WHERE id = ?", (parsed.first, speaker_id))
            return speaker_id
        short = [c for c in named if c.first is not None and len(c.first) > 1 and same_given_name(c.first, parsed.first)]
        if len(short) == 1 and _same_role(conn, short[0].id, role):
            return short[0].id  # "Liz Truss" here, "Elizabeth Truss" there, both "Prime Minister"
        if not named and surname_only:
            # The first full name with this surname claims the surname-only speaker.
            speaker_id = surname_only[0].id
            middle = parsed.middle[0] if parsed.middle else None
            conn.execute(
                "UPDATE speakers SET first_name = ?, middle_name = ? WHERE id = ?",
                (parsed.first, middle, speaker_id),
            )
            return speaker_id
    elif len(same) > 1:  # several people share first name and surname: cannot tell apart
        return same[0].id
    return _create(conn, name, "PERSON", parsed, now)


def resolve_speaker(conn: sqlite3.Connection, name: str, kind: str, *, now: str, role: str | None = None) -> int:
    """The id of the canonical speaker for an entity ``name`` of ``kind``, creating it if
    needed and recording ``name`` as one of its aliases. ``role`` (``Entity.role``) is the
    context that lets a short form join its full name. Runs inside the caller's transaction."""
    clean = " ".join(name.split())
    parsed = parse_person_name(clean) if kind == "PERSON" else None
    if parsed is not None:
        speaker_id = _resolve_person(conn, clean, parsed, now, role)
    else:
        row = conn.execute(
            "SELECT s.id FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id"
            " WHERE a.alias_key = ? AND s.kind = ? ORDER BY s.id LIMIT 1",
            (fold(clean), kind),
        ).fetchone()
        speaker_id = row[0] if row else _create(conn, clean, kind, None, now)
    _add_alias(conn, speaker_id, clean)
    _refresh_name(conn, speaker_id)
    return int(speaker_id)
