"""Word lists kept as data files (``data/*.txt``), loaded once on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_SPACE = re.compile(r"\s+")


def normalise_line(line: str) -> str:
    """Lower-case a line and collapse whitespace (NBSP included) for lexicon look-ups."""
    return _SPACE.sub(" ", line).strip().lower()


def _data_lines(name: str) -> list[str]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Whole-line phrases, some of them prefixes (written with a trailing ``*``)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    def matches(self, line: str) -> bool:
        return self.matches_exactly(line) or self.matches_start(line)

    def matches_exactly(self, line: str) -> bool:
        return normalise_line(line).rstrip(":").strip() in self.exact

    def matches_start(self, line: str) -> bool:
        return normalise_line(line).rstrip(":").strip().startswith(self.prefixes)


def _phrase_list(name: str) -> PhraseList:
    exact, prefixes = set(), []
    for entry in _data_lines(name):
        entry = entry.lower()
        if entry.endswith("*"):
            prefixes.append(entry[:-1])
        else:
            exact.add(entry)
    return PhraseList(frozenset(exact), tuple(prefixes))


@dataclass(frozen=True, slots=True)
class InlinePhrases:
    """Phrases looked for anywhere in a line (lower-cased, whitespace collapsed)."""

    phrases: tuple[str, ...]

    def search(self, line: str) -> bool:
        key = normalise_line(line)
        return any(phrase in key for phrase in self.phrases)


@cache
def chrome_lines() -> PhraseList:
    return _phrase_list("chrome_lines.txt")


@cache
def chrome_phrases() -> InlinePhrases:
    """Prompt phrases (cookies, newsletters, sign-in, legal): a hint, never proof, of chrome."""
    return InlinePhrases(tuple(dict.fromkeys(entry.lower() for entry in _data_lines("chrome_phrases.txt"))))


@cache
def chrome_words() -> frozenset[str]:
    """Single chrome words (any language): a hint, never proof, of chrome on a short line."""
    return frozenset(entry.lower() for entry in _data_lines("chrome_words.txt"))


@cache
def related_markers() -> PhraseList:
    return _phrase_list("related_markers.txt")


@cache
def end_markers() -> PhraseList:
    return _phrase_list("end_markers.txt")


@cache
def agencies() -> dict[str, str]:
    """Every spelling of a news agency -> its canonical name."""
    names: dict[str, str] = {}
    for entry in _data_lines("agencies.txt"):
        spellings = [s.strip() for s in entry.split("|")]
        for spelling in spellings:
            names[spelling] = spellings[0]
    return names
