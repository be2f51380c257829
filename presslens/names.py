"""What a person's name looks like: its role words, its short forms, and what is never a name.

Shared by the analysis (which names an article's people) and the store (which joins them
across articles), like :mod:`presslens.urls`. The word lists are data: ``data/names.json``.

    >>> split_role("registered dietitian Trista Best")
    ('registered dietitian', 'Trista Best')
    >>> looks_like_name("Hinweis", "PERSON")
    False
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["NameWords", "looks_like_name", "name_words", "role_key", "same_given_name", "split_role"]

_DIGIT_RUN = re.compile(r"\d[\d\s./-]{4,}\d")  # phone numbers, account numbers, dates
_INITIAL = re.compile(r"^[A-Z]\.?$")
_MAX_NAME_WORDS = 6


@dataclass(frozen=True, slots=True)
class NameWords:
    honorifics: frozenset[str]
    titles: frozenset[str]
    determiners: frozenset[str]
    particles: frozenset[str]
    not_names: frozenset[str]
    not_roles: frozenset[str]
    short_forms: dict[str, frozenset[str]]  # a given name -> every name it may stand for (itself included)


def _key(word: str) -> str:
    """Lookup key of a word: case-folded, without accents, possessive, or a trailing dot."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return re.sub(r"(?:['\u2019]s?|\.)$", "", plain.casefold().replace("\u2019", "'"))


@cache
def name_words() -> NameWords:
    data = json.loads(resources.files("presslens").joinpath("data", "names.json").read_text("utf-8"))
    # a short form stands for its full names ("Kate": Katherine or Catherine); a full name for
    # its short forms. Two full names, or two short forms, never match each other.
    forms: dict[str, set[str]] = {}
    for full, shorts in data["hypocorisms"].items():
        forms.setdefault(_key(full), {_key(full)}).update(_key(s) for s in shorts)
        for short in shorts:
            forms.setdefault(_key(short), {_key(short)}).add(_key(full))
    return NameWords(
        honorifics=frozenset(_key(w) for w in data["honorifics"]),
        titles=frozenset(_key(w) for w in data["titles"]),
        determiners=frozenset(w.casefold() for w in data["determiners"]),
        particles=frozenset(w.casefold() for w in data["particles"]),
        not_names=frozenset(_key(w) for w in data["not_names"]),
        not_roles=frozenset(w.casefold() for w in data["not_roles"]),
        short_forms={name: frozenset(group) for name, group in forms.items()},
    )


def _is_role_word(word: str, position: int, words: NameWords) -> bool:
    if position > 0 and _INITIAL.match(word):
        return False  # "John M. Ford": a middle initial, not "M." (Monsieur)
    key = _key(word)
    if key in words.honorifics or key in words.titles:
        return True
    if position == 0 and word.casefold() in words.determiners:
        return True  # "Der Virologe", "the Honourable"
    # a lower-case word that is not a name particle is a descriptor ("registered dietitian")
    return word[:1].islower() and word.casefold() not in words.particles


def split_role(name: str) -> tuple[str | None, str]:
    """``(role, name)``: titles, honorifics and descriptors in front of a person's name apart.

    The role runs to the last title-like word that still leaves a name after it, so a
    surname that is also a title stays ("John Major"). Honorifics (Mr, Mme) are dropped,
    not kept as a role. Returns ``(None, name)`` when nothing stands in front.
    """
    words = name_words()
    tokens = name.split()
    cut = -1
    for i, token in enumerate(tokens[:-1]):
        if _is_role_word(token, i, words):
            cut = i
    if cut < 0:
        return None, name.strip()
    rest = tokens[cut + 1 :]
    while len(rest) > 1 and rest[0].casefold() in words.particles and not rest[1][:1].isupper():
        rest = rest[1:]
    role_words = [t for t in tokens[: cut + 1] if _key(t) not in words.honorifics]
    while role_words and role_words[0] in words.not_roles:  # "only", "a": lower-case only
        role_words = role_words[1:]
    role = " ".join(role_words).strip(" ,") or None
    return role, " ".join(rest)


def looks_like_name(name: str, kind: str | None = None) -> bool:
    """Whether ``name`` can name a speaker: not a label word ("Hinweis", "IBAN", "Fazit"),
    not a number; for a PERSON, also shaped like a name (capitalised words, no digits)."""
    words = name_words()
    text = " ".join(name.split())
    if not any(ch.isalpha() for ch in text) or _key(text) in words.not_names:
        return False
    if _DIGIT_RUN.search(text):
        return False
    tokens = text.split()
    if tokens[-1][:1].isupper() and all(
        _key(t) in words.titles or _key(t) in words.honorifics or t.casefold() in words.determiners for t in tokens
    ):
        return False  # "le Président", "Minister": a title written as if it were a name
    if kind != "PERSON":
        return True
    if len(tokens) > _MAX_NAME_WORDS or any(ch.isdigit() for ch in text):
        return False
    if len(tokens) == 1 and (len(text) < 2 or (text.isupper() and len(text) > 2)):
        return False  # "FAZIT", "UPDATE": a heading, not a person
    for token in tokens:
        if token.casefold() in words.particles or _INITIAL.match(token):
            continue
        first = next((ch for ch in token if ch.isalpha()), "")
        if not first.isupper() and not re.match(r"^[a-z]{1,3}[-'\u2019][A-Z]", token):  # "al-Assad", "d'Estaing"
            return False
    return True


def role_key(role: str) -> frozenset[str]:
    """The title words of a role, for comparing roles across articles: "British Prime
    Minister" and "Prime Minister" share {"prime", "minister"}; empty when it has none."""
    words = name_words()
    return frozenset(_key(w) for w in role.split() if _key(w) in words.titles)


def same_given_name(a: str, b: str) -> bool:
    """Two given names of one person: equal, an initial of the other, or a short form
    ("Liz" / "Elizabeth"); two different full names ("Katherine" / "Catherine") never."""
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    if len(ka) == 1 or len(kb) == 1:
        return ka[:1] == kb[:1]
    forms = name_words().short_forms
    return kb in forms.get(ka, frozenset()) or ka in forms.get(kb, frozenset())
