"""Bylines cleaned into authors and news agencies.

``"By Orlando CrowcroftAFP"`` -> authors ``("Orlando Crowcroft",)``, agencies ``("AFP",)``;
also ``"By A and B, Reuters"``, ``"A | AP"``, ``"A (AFP)"``. Noise goes: "By", dates and
times, "Updated ...", e-mail addresses, handles and job titles. Agencies and job-title words
are data (``data/agencies.txt``, ``data/job_titles.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from presslens.extraction.lexicons import agencies

__all__ = ["Byline", "split_byline", "split_bylines"]

_SPACE = re.compile(r"\s+")
_LEADING_BY = re.compile(
    r"^(?:(?:written|words|reporting|reported|story|text|article)\s+)?(?:by|von|por|par|door|av|di)\b[:\s]*",
    re.IGNORECASE,
)
_NOISE_TAIL = re.compile(
    r"\b(?:updated|published|posted|last\s+updated|first\s+published|modified|created|on\s+(?=\w+\s+\d))\b.*$"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\b.*$"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b.*$|\b\d{1,2}:\d{2}\b.*$|\b\d+\s+(?:min|minutes?|hours?|days?)\s+ago\b.*$",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(r"\s+(?:special\s+to|for|at|of)\s+(?:the\s+)?[A-Z].*$")
_EMAIL_OR_HANDLE = re.compile(r"\S+@\S+\.\w+|(?<!\w)@\w+")
_SEPARATORS = re.compile(r"\s*(?:[|,;/•·–—()\[\]]|\s-\s|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:de|da|del|der|den|di|du|van|von|bin|al|la|le|dos|das|ter|ten)|Mc\w+|O['’]\w+)$")
_MAX_NAME_TOKENS = 5


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...]
    agencies: tuple[str, ...]


@cache
def _title_words() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "job_titles.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _agency_suffix() -> re.Pattern[str]:
    """An agency name glued to the end of a name ("CrowcroftAFP") or after a space."""
    spellings = sorted(agencies(), key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in spellings)
    return re.compile(rf"^(?P<name>.*?[a-z.])(?P<space>\s*)(?P<agency>{alternatives})$")


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


def _agency(part: str) -> str | None:
    names = agencies()
    if part in names:
        return names[part]
    if len(part) > 4:  # long names are matched ignoring case; acronyms are not ("Ap" is no AP)
        lowered = {k.lower(): v for k, v in names.items() if len(k) > 4}
        return lowered.get(part.lower())
    return None


def _strip_titles(part: str) -> list[str]:
    tokens = part.split()
    titles = _title_words()
    while tokens and tokens[-1].lower().strip(".,") in titles:
        tokens.pop()
    while tokens and tokens[0].lower().strip(".,") in titles:
        tokens.pop(0)
    return tokens


def _clean_name(part: str) -> str | None:
    tokens = _strip_titles(part)
    if tokens and all(t.isupper() for t in tokens if len(t) > 2) and any(len(t) > 2 for t in tokens):
        tokens = [t.title() if len(t) > 2 else t for t in tokens]  # "JOHN SMITH" -> "John Smith"
    if not 1 <= len(tokens) <= _MAX_NAME_TOKENS:
        return None
    if not all(_NAME_TOKEN.match(token) for token in tokens) or not tokens[0][0].isupper():
        return None
    if len(tokens) == 1 and len(tokens[0]) < 3:
        return None
    return " ".join(tokens)


def _parts(byline: str) -> list[str]:
    text = _SPACE.sub(" ", byline.replace("\u00a0", " ")).strip()
    text = _LEADING_BY.sub("", text)
    text = _EMAIL_OR_HANDLE.sub(" ", text)
    text = _NOISE_TAIL.sub("", text).strip(" -–—|,")
    return [p.strip(" .:'\"") for p in _SEPARATORS.split(text) if p and p.strip(" .:'\"")]


def split_byline(byline: str) -> Byline:
    """Authors and agencies named in one byline, in order, without duplicates."""
    authors: list[str] = []
    found: list[str] = []
    for part in _parts(byline):
        agency = _agency(part) or _agency(" ".join(_strip_titles(part)))
        if agency is not None:
            found.append(agency)
            continue
        trailing = _trailing_agency(part)
        if trailing is not None:
            part, agency = trailing
            found.append(agency)
        part = _AFFILIATION.sub("", part)
        name = _clean_name(part)
        if name is not None and _agency(name) is None:
            authors.append(name)
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(found)))


def split_bylines(bylines: Iterable[str]) -> Byline:
    """Authors and agencies across several bylines (trafilatura joins authors with "; ")."""
    authors: list[str] = []
    found: list[str] = []
    for byline in bylines:
        result = split_byline(byline)
        authors.extend(result.authors)
        found.extend(result.agencies)
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(found)))
