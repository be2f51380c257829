"""What an attribution reports: a statement, a belief or intention, or a finding.

A researcher asking *who said what* wants statements ("said", "warned", "according to");
"thinks", "wants", "plans" report a belief or intention, and "a study found", "data show"
a finding. The act is read off the cue lemma, with one override: a cue whose source is a
document ("the report says", "according to a new poll") reports a finding. The word lists
are data (``data/acts.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from presslens.model import QUOTE_ACTS

__all__ = ["ActTable", "load_acts"]


@dataclass(frozen=True, slots=True)
class ActTable:
    """Cue lemma -> act, and the source nouns that make any cue a finding."""

    by_lemma: dict[str, str]
    document_sources: frozenset[str]
    default: str = "statement"

    def act(self, lemma: str | None, source_word: str | None = None) -> str:
        """The act of a cue lemma (None: a quote with no cue, i.e. speech) given its source's head word."""
        if source_word is not None and source_word.lower() in self.document_sources:
            return "finding"
        if lemma is None:
            return self.default
        return self.by_lemma.get(lemma, self.default)


@cache
def load_acts() -> ActTable:
    data = json.loads(resources.files("presslens.analysis").joinpath("data", "acts.json").read_text("utf-8"))
    by_lemma: dict[str, str] = {}
    for act in QUOTE_ACTS:
        for lemma in data.get(act, ()):
            by_lemma[lemma] = act
    default = data.get("default", "statement")
    if default not in QUOTE_ACTS or any(a not in QUOTE_ACTS for a in by_lemma.values()):
        raise ValueError(f"acts.json names an act outside {QUOTE_ACTS}")
    return ActTable(by_lemma=by_lemma, document_sources=frozenset(w.lower() for w in data["document_sources"]), default=default)
