"""Word lists the analyzer reads as data: cue lemmas with learned weights, role nouns, places.

``data/cues.json`` is written by ``bench/learn_cues.py`` from PolNeAR train annotations
(only words, counts and weights; no text). The other files are written by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "Places", "load_lexicon", "load_places"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Cue forms (surface form -> lemma) and weights per (lemma, frame)."""

    forms: dict[str, str]
    weights: dict[str, float]
    threshold: float = 0.3
    floating_threshold: float = 0.5
    default_weight: float = 0.0  # weight of pairs the table lacks (1.0 when learning)
    speech_lemmas: frozenset[str] = field(default_factory=frozenset)
    # calibration learned after the weights, feature by feature in order: feature -> value -> factor
    factors: dict[str, dict[str, float]] = field(default_factory=dict)

    def weight(self, lemma: str, frame: str) -> float:
        return self.weights.get(f"{lemma}|{frame}", self.default_weight)

    def calibrated(self, weight: float, features: dict[str, str]) -> float:
        """The weight times the learned factor of each feature's value (1.0 when unknown)."""
        for name, value in features.items():
            weight *= self.factors.get(name, {}).get(value, 1.0)
        return min(1.0, weight)


@dataclass(frozen=True, slots=True)
class Places:
    """Countries with their demonyms and seats of government (metonyms), and role nouns."""

    countries: frozenset[str]  # lower-cased names, including common short forms
    country_of: dict[str, str]  # lower-cased name, demonym, capital or seat -> country name
    seats: frozenset[str]  # lower-cased metonyms for a government ("moscow", "the kremlin")
    roles: frozenset[str]  # lower-cased role nouns ("president", "top diplomat")
    role_group: dict[str, str] = field(default_factory=dict)  # role -> first role of its group


def _read_json(name: str) -> Any:
    return json.loads(resources.files("presslens.analysis").joinpath("data", name).read_text("utf-8"))


@cache
def load_lexicon() -> Lexicon:
    data = _read_json("cues.json")
    return Lexicon(
        forms=dict(data["forms"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        threshold=float(data["threshold"]),
        floating_threshold=float(data.get("floating_threshold", 0.5)),
        speech_lemmas=frozenset(data.get("speech_lemmas", ())),
        factors={name: {k: float(v) for k, v in table.items()} for name, table in data.get("factors", {}).items()},
    )


@cache
def load_places() -> Places:
    data = _read_json("places.json")
    country_of: dict[str, str] = {}
    seats: set[str] = set()
    for entry in data["countries"]:
        name = entry["name"]
        for alias in [name, *entry.get("aliases", ())]:
            country_of[alias.lower()] = name
        for demonym in entry.get("demonyms", ()):
            country_of[demonym.lower()] = name
        for seat in entry.get("seats", ()):
            country_of[seat.lower()] = name
            seats.add(seat.lower())
    countries = frozenset(
        alias.lower() for entry in data["countries"] for alias in [entry["name"], *entry.get("aliases", ())]
    )
    role_group = {role: group[0] for group in data.get("role_groups", ()) for role in group}
    return Places(
        countries=countries,
        country_of=country_of,
        seats=frozenset(seats),
        roles=frozenset(r.lower() for r in data["roles"]),
        role_group=role_group,
    )
