"""People the small model tags as organisations or places are still people, one per name."""

from __future__ import annotations

import pytest

import presslens

pytestmark = pytest.mark.slow

TEXT = (
    "The port authority's finance director, Marta Quillon, said the new tariffs would "
    "bring in more money than expected.\n\n"
    "Dock worker Ebo Tarrant said the crews had not been consulted.\n\n"
    "Quillon said she would meet the crews next week. She added that no jobs would go.\n\n"
    "Tarrant said the union would wait for the meeting."
)


def _speaker_names(analysis: presslens.Analysis) -> list[str | None]:
    return [analysis.speaker_name(q) for q in analysis.quotes]


def test_a_surname_alone_joins_the_full_name_whatever_the_ner_label() -> None:
    analysis = presslens.analyze_text(TEXT)
    names = _speaker_names(analysis)
    assert "Quillon" not in names and "Tarrant" not in names
    assert names.count("Marta Quillon") >= 2
    assert names.count("Ebo Tarrant") >= 2
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds["Marta Quillon"] == "PERSON"
    assert kinds["Ebo Tarrant"] == "PERSON"


def test_a_pronoun_after_a_surname_resolves_to_that_person() -> None:
    analysis = presslens.analyze_text(TEXT)
    added = next(q for q in analysis.quotes if "no jobs" in q.span.of(TEXT))
    assert analysis.speaker_name(added) == "Marta Quillon"


def test_an_organisation_name_is_not_made_a_person() -> None:
    text = (
        "Harbour Energy said profits had doubled.\n\n"
        "A spokesman for Harbour Energy said the company would pay a dividend."
    )
    analysis = presslens.analyze_text(text)
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds.get("Harbour Energy") != "PERSON"
