"""Bylines cleaned into authors and news agencies.

``"By Orlando CrowcroftAFP"`` -> authors ``("Orlando Crowcroft",)``, agencies ``("AFP",)``;
also ``"By A and B, Reuters"``, ``"A | AP"``, ``"A (AFP)"``. Noise goes: opening labels ("By",
"Autor:", "Posted on 3 May 2020 by"), dates and times, "Updated ...", e-mail addresses, web
addresses, handles and job titles. A byline naming an organisation ("Bundesministerium für
...", "Northline Media GmbH") or an address ("Publisher, City, Country") names no author.
The word lists are data (``data/agencies.txt``, ``job_titles.txt``, ``byline_lead_words.txt``,
``calendar_words.txt``, ``organisation_words.txt``, ``countries.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from presslens.extraction.lexicons import agencies

__all__ = ["Byline", "byline_handle", "split_byline", "split_bylines"]

_TAIL_WORDS = frozenset(
    {"updated", "published", "posted", "modified", "created", "aktualisiert", "veröffentlicht", "publié",
     "actualizado", "publicado", "ago", "@"}
)
# Credits for other work after the writer's name ("Text von A Illustration von B").
_CREDIT_WORDS = frozenset(
    {"foto", "fotos", "photo", "photos", "illustration", "illustrationen", "bild", "bilder", "grafik", "video",
     "kamera", "camera", "image", "images"}
)
_PUNCTUATION = ":|·•-–—,;()[]"
# Words left at the end once a date is cut off ("... am", "... le", "... on").
_DANGLING = frozenset({"am", "on", "le", "el", "il", "den", "the", "at", "um", "à", "a", "de", "del", "vom", "|", "·"})
# Lead words that also start names ("Di Maio", "Le Pen", "An Nguyen"): opening labels only
# when written in lower case.
_NAME_LIKE_LEAD = frozenset({"di", "le", "el", "il", "a", "an", "av", "un", "una", "une", "op", "on", "and"})
_EMAIL_OR_HANDLE = re.compile(r"\S+@\S+\.\w+|(?<!\w)@\w+|\S+\[at\]\S+")
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?$", re.IGNORECASE)
# Between names: punctuation, " - ", "and" in several languages (lower case, or "AND" in a
# byline in capitals: "Sarah E. Needleman" and "Bruce Y. Lee" hold initials, not "e"/"y"), and
# a full stop after a word ("Jane Doe. Sputnik"), not after an initial ("Jane C. Doe").
_SEPARATORS = re.compile(
    r"\s*(?:[|,;/•·–—()\[\]]|\s-\s|\b(?:and|AND|und|UND|et|ET|y|e)\b(?!\.)|&|(?<=[^\W\d_]{2})\.(?=\s))\s*"
)
# A byline cut into its segments, to find an organisation or an address in it.
_SEGMENTS = re.compile(r"\s*(?:[|,;/•·()\[\]]|\s[-–—]\s)\s*")
_PARTICLES = frozenset(
    {"de", "da", "del", "der", "den", "di", "du", "van", "von", "bin", "al", "la", "le", "dos", "das", "ter", "ten", "y",
     "zu", "af"}
)
_INITIAL = re.compile(r"^[^\W\d_]\.(?:[^\W\d_]\.)*$")
_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_MAX_NAME_TOKENS = 5
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
                            "\u00a0": " "})
# "Autor:" inside a run of labelled fields, and the next field's label ("Quelle:").
_AUTHOR_FIELD = re.compile(r"(?:^|\s)(?:autor(?:in|en)?|author|auteur|verfasser|text|von|by)\s*:\s*", re.IGNORECASE)
_NEXT_FIELD = re.compile(r"\s*\b[A-ZÄÖÜ][a-zäöüß]+\s*:|(?<=[a-zäöüß])(?=[A-ZÄÖÜ][a-zäöüß]+\s*:)")
_ACRONYM = re.compile(r"^(?=(?:[^a-z]*[A-Z]){2})[A-Z0-9&-]{2,5}$")
_ASIDE = re.compile(r"\(([^()]*)\)")
_MAX_PROSE_WORDS = 2
# More one-word names than this in one byline is a list of tags or sections, not of writers.
_MAX_ONE_WORD_NAMES = 2
# A user handle ("railfan_77", "c1ph4", "fri.juli"); shorter ones are initials ("kj", "zvg").
_HANDLE = re.compile(r"(?=[\w.-]*[^\W\d_])[^\W_][\w.-]{3,29}")


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...]
    agencies: tuple[str, ...]


def _data_lines(name: str) -> list[str]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def _title_words() -> frozenset[str]:
    return frozenset(line.lower() for line in _data_lines("job_titles.txt"))


@cache
def _lead_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """(single lead words, lead phrases of several words)."""
    entries = [line.lower() for line in _data_lines("byline_lead_words.txt")]
    phrases = [e for e in entries if " " in e or e.endswith(":")]
    return frozenset(e for e in entries if e not in phrases), tuple(sorted(phrases, key=len, reverse=True))


@cache
def _placeholders() -> frozenset[str]:
    """Labels and placeholders printed where a name is missing ("admin", "Name", "Datum")."""
    return frozenset(" ".join(line.lower().split()) for line in _data_lines("author_placeholders.txt"))


@cache
def _calendar_words() -> frozenset[str]:
    return frozenset(line.lower() for line in _data_lines("calendar_words.txt"))


@cache
def _organisation_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole words, word endings) that mark an organisation."""
    entries = [line.lower() for line in _data_lines("organisation_words.txt")]
    return frozenset(e for e in entries if not e.startswith("*")), tuple(e[1:] for e in entries if e.startswith("*"))


@cache
def _countries() -> frozenset[str]:
    return frozenset(line.lower() for line in _data_lines("countries.txt"))


@cache
def _agency_suffix() -> re.Pattern[str]:
    """An agency name glued to the end of a name ("CrowcroftAFP") or after a space ("JILL
    LAWLESS Associated Press")."""
    spellings = sorted(agencies(), key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in spellings)
    return re.compile(rf"^(?P<name>.*?(?:[a-z.]|[A-Za-z.](?=\s)))(?P<space>\s*)(?P<agency>{alternatives})$")


def _surname_shaped(agency: str) -> bool:
    """One capitalised word ("Bloomberg", "Reuters", "Lusa"): a spelling people carry as a
    surname. Acronyms ("AFP") and several words ("Associated Press") are not."""
    return " " not in agency and agency[:1].isupper() and agency[1:].islower()


def _trailing_agency(part: str) -> tuple[str, str] | None:
    """(name, agency) when ``part`` ends with an agency: glued ("CrowcroftAFP") or after a
    space ("Jane Doe AFP"). A surname-shaped agency after a space stays part of the name:
    "Michael Bloomberg" is a person, not Michael of Bloomberg."""
    glued = _agency_suffix().match(part)
    if glued is None:
        return None
    agency = _agency(glued.group("agency"))
    if agency is None or (glued.group("space") and _surname_shaped(glued.group("agency"))):
        return None
    return glued.group("name"), agency


@cache
def _long_agency_names() -> dict[str, str]:
    """Agency spellings longer than an acronym, lower-cased -> canonical name."""
    return {k.lower(): v for k, v in agencies().items() if len(k) > 4}


def _agency(part: str) -> str | None:
    names = agencies()
    if part in names:
        return names[part]
    if len(part) > 4:  # long names are matched ignoring case; acronyms are not ("Ap" is no AP)
        return _long_agency_names().get(part.lower())
    return None


def _bare(token: str) -> str:
    return token.strip(_PUNCTUATION).lower()


def _is_date_token(tokens: list[str], i: int) -> bool:
    """A number ("21.", "2019", "09h08", "12:00") or a month or weekday next to a number
    ("May 3", "3. Mai"): alone, "May" and "August" are names."""
    bare = _bare(tokens[i])
    if any(ch.isdigit() for ch in bare) and not bare[:1].isalpha():
        return True
    if bare.rstrip(".") in _calendar_words():
        neighbours = tokens[max(i - 1, 0):i] + tokens[i + 1:i + 2]
        return bare.rstrip(".") in ("uhr", "heute", "gestern") or any(
            any(ch.isdigit() for ch in n) or _bare(n).rstrip(".") in _calendar_words() for n in neighbours)
    return False


def _strip_lead(text: str) -> str:
    """Drop the opening label: "By", "Autor:", "View all posts by", "Eine Kolumne von",
    "Veröffentlicht am 8. Februar 2022 von"."""
    words, phrases = _lead_words()
    lowered = text.lower()
    for phrase in phrases:
        if lowered.startswith(phrase) and lowered[len(phrase):len(phrase) + 1] in (" ", ":", ""):
            text = text[len(phrase):]
            break
    tokens = text.split()
    i = 0
    while i < len(tokens):
        token, bare = tokens[i], _bare(tokens[i])
        if not bare or bare in _TAIL_WORDS or _is_date_token(tokens, i):
            i += 1
        elif bare in words and (bare not in _NAME_LIKE_LEAD or token.strip(_PUNCTUATION).islower()):
            i += 1
        else:
            break
    return " ".join(tokens[i:])


def _cut_tail(text: str) -> str:
    """Cut a byline where a date, time or "Updated ..." starts, and the words left dangling."""
    tokens = text.split()
    for j in range(1, len(tokens)):
        bare = _bare(tokens[j])
        if bare in _TAIL_WORDS or bare in _CREDIT_WORDS or _is_date_token(tokens, j):
            tokens = tokens[:j]
            break
    while tokens and (not _bare(tokens[-1]) or _bare(tokens[-1]) in _DANGLING):
        tokens.pop()
    return " ".join(tokens)


def _names_organisation(segment: str) -> bool:
    words, endings = _organisation_words()
    for token in segment.split():
        bare = token.strip(_PUNCTUATION + ".'\"").lower()
        if bare in words or token.strip(_PUNCTUATION).lower() in words or (len(bare) > 6 and bare.endswith(endings)):
            return True
    return _WEB_ADDRESS.search(segment.strip()) is not None


def _not_a_person(text: str) -> bool:
    """An address ("Kirche und Leben, Münster, Germany") or an organisation named first
    ("Bundesministerium für Wirtschaft und Klimaschutz"; "Jane Doe, Northline Media" keeps Jane)."""
    segments = [s for s in _SEGMENTS.split(text) if s.strip()]
    if not segments:
        return False
    if any(s.strip(" .").lower() in _countries() for s in segments[1:]):
        return True
    first = segments[0]
    return _agency(first) is None and _names_organisation(first)


def _is_title(token: str, *, compound: bool = False) -> bool:
    """A job-title word; with ``compound`` also one ending in it ("FOCUS-Online-Experte")."""
    bare = token.lower().strip(".,")
    return bare in _title_words() or (compound and "-" in bare and bare.rsplit("-", 1)[1] in _title_words())


def _strip_titles(part: str) -> list[str]:
    """Job titles off both ends ("Senior Correspondent", "FOCUS-Online-Experte Jane Doe")."""
    tokens = part.split()
    while tokens and _is_title(tokens[-1]):
        tokens.pop()
    while tokens and _is_title(tokens[0], compound=len(tokens) > 1):
        tokens.pop(0)
    return tokens


def _name_token(token: str) -> bool:
    if token.lower() in _PARTICLES and token.islower():
        return True
    if _INITIAL.match(token):
        return token[0].isupper()
    return bool(_WORD.match(token)) and token[0].isupper()


def _clean_name(part: str) -> str | None:
    tokens = _strip_titles(part)
    if len(tokens) == 1 and _ACRONYM.match(tokens[0]):
        return None  # "GNB", "SP-X": initials or a company's letters, not a person
    if tokens and all(t.isupper() for t in tokens if len(t) > 2) and any(len(t) > 2 for t in tokens):
        tokens = [t.title() if len(t) > 2 else t for t in tokens]  # "JOHN SMITH" -> "John Smith"
    if not 1 <= len(tokens) <= _MAX_NAME_TOKENS:
        return None
    if not all(_name_token(token) for token in tokens) or not tokens[0][0].isupper():
        return None
    if len(tokens) == 1 and len(tokens[0]) < 3:
        return None
    if " ".join(tokens).lower() in _placeholders():
        return None
    return " ".join(tokens)


def _is_prose(part: str) -> bool:
    """Words of a sentence, not of a byline ("The Russian and Syrian defense ministries"):
    two words in lower case that are no name particles, labels or job titles."""
    words, _ = _lead_words()
    lower = [t for t in part.split() if t.islower() and t not in _PARTICLES and t not in words and not _is_title(t)
             and not _WEB_ADDRESS.search(t)]
    return len(lower) >= _MAX_PROSE_WORDS


def _trim(part: str) -> str:
    """Quotes, colons and a final full stop off a part; an initial keeps its stop ("Jane C.")."""
    part = part.strip(" :'\"")
    if part.endswith(".") and not re.search(r"(?:^|\s)[^\W\d_]\.$", part):
        part = part.rstrip(". ")
    return part.strip(" :'\"")


def _normalise(byline: str) -> str:
    """White space collapsed, soft hyphens and zero-width characters gone ("Mat\u00adthias")."""
    return " ".join(byline.translate(_INVISIBLE).split())


def _labelled_field(text: str) -> str:
    """From "Datum: 3.11.2021 Autor: Jane Doe Quelle: Post" the author field, "Jane Doe"."""
    match = _AUTHOR_FIELD.search(text)
    if match is None or match.start() == 0:
        return text
    rest = text[match.end():]
    following = _NEXT_FIELD.search(rest)
    return rest[:following.start()] if following else rest


def _without_asides(text: str) -> str:
    """Parentheses dropped unless they name an agency ("Jane Doe (AFP)"): "(Sponsored Post)"."""
    return _ASIDE.sub(lambda m: m.group(0) if _agency(m.group(1).strip()) else " ", text)


def _parts(byline: str) -> list[str]:
    text = _without_asides(_labelled_field(_normalise(byline)))
    text = _EMAIL_OR_HANDLE.sub(" ", text)
    text = _cut_tail(_strip_lead(text))
    parts = []
    for raw in _SEPARATORS.split(text):
        part = _trim(_strip_lead(_trim(raw or "")))
        if part and not _WEB_ADDRESS.search(part):
            parts.append(part)
    return parts


def split_byline(byline: str, publisher: Callable[[str], bool] | None = None) -> Byline:
    """Authors and agencies named in one byline, in order, without duplicates. ``publisher``
    tells the page's own publication ("Jane Doe, Business Insider"), left out whole before
    job-title words are trimmed ("Business" is a desk word too)."""
    authors: list[str] = []
    found: list[str] = []
    if _not_a_person(_strip_lead(_normalise(byline))):
        whole = _agency(byline.strip())
        return Byline((), (whole,) if whole else ())
    parts = _parts(byline)
    if any(_is_prose(part) for part in parts):
        return Byline((), ())
    for part in parts:
        if publisher is not None and publisher(part):
            continue
        agency = _agency(part) or _agency(" ".join(_strip_titles(part)))
        if agency is not None:
            found.append(agency)
            continue
        trailing = _trailing_agency(part)
        if trailing is not None:
            part, agency = trailing
            found.append(agency)
        if _names_organisation(part):
            continue
        part = re.sub(r"\s+(?:special\s+to|for|at|of)\s+(?:the\s+)?[A-Z].*$", "", part)
        name = _clean_name(part)
        if name is not None and _agency(name) is None and not (publisher is not None and publisher(name)):
            authors.append(name)
    if sum(" " not in name for name in authors) > _MAX_ONE_WORD_NAMES:
        authors = []
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(found)))


def split_bylines(bylines: Iterable[str], publisher: Callable[[str], bool] | None = None) -> Byline:
    """Authors and agencies across several bylines (trafilatura joins authors with "; ")."""
    authors: list[str] = []
    found: list[str] = []
    for byline in bylines:
        result = split_byline(byline, publisher)
        authors.extend(result.authors)
        found.extend(result.agencies)
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(found)))


def byline_handle(byline: str) -> str | None:
    """The user handle a byline gives when it names nobody by name ("by mady", "railfan_77"):
    forums and blogs sign with handles, which the name rules refuse."""
    text = _strip_lead(_normalise(byline))
    if not _HANDLE.fullmatch(text) or text.lower() in _placeholders() or _is_title(text):
        return None
    return None if _names_organisation(text) or _agency(text) else text
