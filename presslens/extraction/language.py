"""A cheap language guess from stop words, for inputs that do not declare one."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["guess_language"]

_WORD = re.compile(r"[^\W\d_]+")
# The most frequent function words of each language; enough to tell them apart on a page.
_STOP_WORDS = {
    "en": "the of and to in is that for it with as was on be by are this from at have has said not but his they".split(),
    "de": "der die und in den von zu das mit sich des auf ist im dem nicht ein eine als auch es an wird aus".split(),
    "fr": "le la les de des et en un une du est que pour dans qui au sur pas plus par sont avec ce il elle".split(),
    "es": "el la de que y en los del se las por un una para con no es al lo como su más pero sus fue".split(),
    "it": "il di che la e in un per non una sono del della le si con da al dei nel ha anche più gli".split(),
    "pt": "de que e o a do da em um para com não uma os no se na por mais as dos como mas foi ao".split(),
    "nl": "de het een van en in is dat op te zijn met voor niet aan er die ook als bij door om".split(),
    # more languages only so that their pages are told apart from English (never analysed as it)
    "pl": "i w na z się nie do to że jest o jak po co ale od za przez dla są oraz jego także".split(),
    "cs": "a v se na je že s z do to o jako ve pro by za ale k jsou od po tak který".split(),
    "sv": "och i att det som en på är av för med till den har inte om ett de jag var".split(),
    "da": "og i at det som en på er af for med til den har ikke om et de jeg var".split(),
    "ru": "и в не на что с он как по это но из к у за от то же было так для".split(),
    "tr": "ve bir bu da de için ile çok olarak daha gibi ama en o ne kadar sonra her".split(),
}
_SETS = {lang: frozenset(words) for lang, words in _STOP_WORDS.items()}
# Each stop word's languages: every distinct word of a text is looked up once.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, stop in _SETS.items() if word in stop) for stop in _SETS.values() for word in stop
}
_MIN_HITS = 5
_MIN_SHARE = 0.08


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stop words are most frequent; None if unsure."""
    counts = Counter(_WORD.findall(text[:20_000]))
    if not counts:
        return None
    hits = dict.fromkeys(_SETS, 0)  # in _SETS order: a tie goes to the first language, as before
    for word, count in counts.items():
        for lang in _LANGUAGES_OF.get(word.lower(), ()):
            hits[lang] += count
    best = max(hits, key=hits.__getitem__)
    if hits[best] < _MIN_HITS or hits[best] < _MIN_SHARE * counts.total():
        return None
    return best
