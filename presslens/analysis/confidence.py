"""Calibrated confidence: the chance that a quote is a correct attribution with its speaker.

The raw score of a quote (its cue's learned weight, times how sure the speaker resolution
is) ranks quotes but its value is not a probability. A logistic calibration (Platt scaling
over features the analyzer already has: raw score, kind, act, cue verb, kind of speaker,
where the cue and the speaker stand, what the content looks like) turns it into one. It is fitted on PolNeAR train by ``bench/calibrate.py`` and
stored as data (``data/confidence.json``); ``bench/attribution.py`` prints its reliability
on PolNeAR dev (predicted confidence vs share correct).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from presslens.analysis.lexicon import load_lexicon
from presslens.model import Quote

__all__ = [
    "Calibration",
    "calibrate_quotes",
    "context_features",
    "features_of",
    "load_calibration",
    "mention_class",
    "quote_features",
    "speaker_class",
]

# a speaker named by these is the writer or the reader, not a source ("If you would like to")
_PERSONAL = frozenset("i me my we us our you your".split())
# pronouns that often stand for a thing or a vague group ("it says", "they claim")
_THING = frozenset("it its they them their this that which".split())
_EPSILON = 1e-3
_WORD = re.compile(r"\w+")


def speaker_class(mention_text: str | None, entity_kind: str | None) -> str:
    """What kind of speaker a quote has: a named person or other entity, a writer/reader
    pronoun, a pronoun for a thing or group, an unresolved mention ("a spokesman", an
    unresolved "he"), or none."""
    if mention_text is None:
        return "none"
    lower = mention_text.strip().lower()
    if lower in _PERSONAL:
        return "personal"
    if lower in _THING:
        return "thing"
    if entity_kind == "PERSON":
        return "person"
    if entity_kind is not None:
        return "entity"
    return "unresolved"


# how a speaker mention reads: a pronoun, a name, a noun phrase, a count of people ("61 percent")
_PRONOUN_CLASS = {"he": "he-she", "she": "he-she", "i": "i-we", "we": "i-we", "they": "they", "you": "you", "it": "it"}
_RELATIVES = frozenset({"who", "that", "which", "whom"})
_DETERMINERS = frozenset("the a an one another some many most several two three four".split())
_NAME_PARTICLES = frozenset("of the and for in at on de da van von al".split())
_GAPS = ((0, "0"), (2, "1-2"), (6, "3-6"))
_QUOTE_ENDS = "\"'\u201d\u2019\u00bb "


def mention_class(mention_text: str | None) -> str:
    """How a speaker mention reads, whatever it resolved to."""
    if mention_text is None or not mention_text.strip():
        return "none"
    lower = mention_text.strip().lower()
    if lower in _PRONOUN_CLASS:
        return _PRONOUN_CLASS[lower]
    if lower in _RELATIVES:
        return "relative"
    words = mention_text.split()
    if words[0][:1].isdigit() or "percent" in lower or "%" in mention_text:
        return "number"
    if words[0].lower() in _DETERMINERS:
        return "noun-phrase" if len(words) <= 4 else "long-noun-phrase"
    if all(w[:1].isupper() for w in words if w.isalpha() and w.lower() not in _NAME_PARTICLES):
        return "name" if len(words) <= 4 else "long-name"
    return "other"


_LENGTHS = ((3, "1-3"), (7, "4-7"), (15, "8-15"), (40, "16-40"))


def quote_features(*, kind: str, act: str, cued: bool, speaker: str, words: int, parts: int) -> list[str]:
    """The calibration's categorical features of one quote, as ``name=value`` strings."""
    length = next((label for top, label in _LENGTHS if words <= top), "41+")
    return [
        f"kind={kind}",
        f"act={act}",
        f"cue={'yes' if cued else 'none'}",
        f"speaker={speaker}",
        f"words={length}",
        f"parts={'one' if parts < 2 else 'several'}",  # an interrupted quote is rarely a mistake
    ]


def context_features(text: str, quote: Quote, *, lemmas: frozenset[str], speech_lemmas: frozenset[str]) -> list[str]:
    """Features read off the quote in its text: the cue verb (its own weight when ``lemmas``
    holds it, else speech verb or other), where the cue stands (before, after or inside the
    content) and where the speaker stands (before or after the cue, how many words away, in
    another paragraph), how the mention reads, and the content's shape; with the crossings
    that matter (a mention after "told" is whom it was said to)."""
    lemma = None if quote.cue is None else quote.cue.lemma
    if lemma is None:
        features = ["lemma=none"]
    else:
        features = [f"lemma={lemma if lemma in lemmas else ('speech' if lemma in speech_lemmas else 'other')}"]
    mention = None if quote.speaker_mention is None else quote.speaker_mention.of(text)
    mclass = mention_class(mention)
    features += [f"mention={mclass}", f"{quote.kind}&mention={mclass}", f"{quote.kind}&cue={'yes' if quote.cue else 'none'}"]
    if quote.cue is not None:
        cs, ce = quote.cue.span.start, quote.cue.span.end
        side = "before" if ce <= quote.span.start else "after" if cs >= quote.span.end else "inside"
        features.append(f"cue={side}")
        if quote.speaker_mention is not None:
            ms, me = quote.speaker_mention.start, quote.speaker_mention.end
            mside = "before" if me <= cs else "after"
            gap = text[me:cs] if me <= cs else text[ce:ms] if ms >= ce else ""
            n = len(_WORD.findall(gap))
            features += [
                f"speaker={mside}",
                f"gap={next((label for top, label in _GAPS if n <= top), '7+')}",
                f"cue={side}&speaker={mside}",
            ]
            if "\n" in gap:
                features.append("gap=paragraph")
            if lemma == "tell":
                features.append(f"tell&speaker={mside}")
    body = " ".join(text[p.start : p.end] for p in quote.parts).strip()
    if body.lower().startswith("that "):
        features.append("content=that")
    if body.rstrip(_QUOTE_ENDS).endswith("?"):
        features.append("content=question")
    if not text[text.rfind("\n", 0, quote.span.start) + 1 : quote.span.start].strip():
        features.append("content=opens-paragraph")
    return features


@dataclass(frozen=True, slots=True)
class Calibration:
    """``sigmoid(intercept + slope * logit(raw) + sum of feature weights)``; ``lemmas`` are
    the cue lemmas common enough on train to have a weight of their own."""

    intercept: float = 0.0
    slope: float = 1.0
    weights: dict[str, float] = field(default_factory=dict)
    lemmas: frozenset[str] = frozenset()

    def __call__(self, raw: float, features: list[str]) -> float:
        raw = min(max(raw, _EPSILON), 1.0 - _EPSILON)
        z = self.intercept + self.slope * math.log(raw / (1.0 - raw))
        z += sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict[str, object]:
        return {
            "intercept": self.intercept,
            "slope": self.slope,
            "lemmas": sorted(self.lemmas),
            "weights": dict(sorted(self.weights.items())),
        }


@cache
def load_calibration() -> Calibration:
    data = json.loads(resources.files("presslens.analysis").joinpath("data", "confidence.json").read_text("utf-8"))
    return Calibration(
        intercept=float(data["intercept"]),
        slope=float(data["slope"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        lemmas=frozenset(data.get("lemmas", ())),
    )


def features_of(text: str, quote: Quote, kinds: Mapping[str, str], lemmas: frozenset[str]) -> list[str]:
    """The calibration's features of one quote of an article (``kinds``: entity id -> kind)."""
    mention = None if quote.speaker_mention is None else quote.speaker_mention.of(text)
    speaker = speaker_class(mention, None if quote.speaker is None else kinds.get(quote.speaker))
    words = sum(len(_WORD.findall(text, p.start, p.end)) for p in quote.parts)
    base = quote_features(kind=quote.kind, act=quote.act, cued=quote.cue is not None, speaker=speaker, words=words, parts=len(quote.parts))
    return base + context_features(text, quote, lemmas=lemmas, speech_lemmas=load_lexicon().speech_lemmas)


def calibrate_quotes(text: str, quotes: Sequence[Quote], kinds: Mapping[str, str]) -> list[Quote]:
    """Raw scores turned into probabilities of a correct attribution."""
    calibration = load_calibration()
    return [
        replace(q, confidence=round(calibration(q.confidence, features_of(text, q, kinds, calibration.lemmas)), 3))
        for q in quotes
    ]
