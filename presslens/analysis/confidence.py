"""Calibrated confidence: the chance that a quote is a correct attribution with its speaker.

The raw score of a quote (its cue's learned weight, times how sure the speaker resolution
is) ranks quotes but its value is not a probability. A logistic calibration (Platt scaling
over a few features the analyzer already has: raw score, kind, act, cue or none, kind of
speaker) turns it into one. It is fitted on PolNeAR train by ``bench/calibrate.py`` and
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

from presslens.model import Quote

__all__ = ["Calibration", "calibrate_quotes", "features_of", "load_calibration", "quote_features", "speaker_class"]

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


@dataclass(frozen=True, slots=True)
class Calibration:
    """``sigmoid(intercept + slope * logit(raw) + sum of feature weights)``."""

    intercept: float = 0.0
    slope: float = 1.0
    weights: dict[str, float] = field(default_factory=dict)

    def __call__(self, raw: float, features: list[str]) -> float:
        raw = min(max(raw, _EPSILON), 1.0 - _EPSILON)
        z = self.intercept + self.slope * math.log(raw / (1.0 - raw))
        z += sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict[str, object]:
        return {"intercept": self.intercept, "slope": self.slope, "weights": dict(sorted(self.weights.items()))}


@cache
def load_calibration() -> Calibration:
    data = json.loads(resources.files("presslens.analysis").joinpath("data", "confidence.json").read_text("utf-8"))
    return Calibration(
        intercept=float(data["intercept"]),
        slope=float(data["slope"]),
        weights={k: float(v) for k, v in data["weights"].items()},
    )


def features_of(text: str, quote: Quote, kinds: Mapping[str, str]) -> list[str]:
    """The calibration's features of one quote of an article (``kinds``: entity id -> kind)."""
    mention = None if quote.speaker_mention is None else quote.speaker_mention.of(text)
    speaker = speaker_class(mention, None if quote.speaker is None else kinds.get(quote.speaker))
    words = sum(len(_WORD.findall(text, p.start, p.end)) for p in quote.parts)
    return quote_features(kind=quote.kind, act=quote.act, cued=quote.cue is not None, speaker=speaker, words=words, parts=len(quote.parts))


def calibrate_quotes(text: str, quotes: Sequence[Quote], kinds: Mapping[str, str]) -> list[Quote]:
    """Raw scores turned into probabilities of a correct attribution."""
    calibration = load_calibration()
    return [replace(q, confidence=round(calibration(q.confidence, features_of(text, q, kinds)), 3)) for q in quotes]
