"""Speakers are people: a clean name, the title kept as a role, short forms merged (issue 8)."""

from __future__ import annotations

import pytest

import presslens
from presslens.names import looks_like_name, same_given_name, split_role

pytestmark = pytest.mark.issue(8)


@pytest.mark.parametrize(
    ("written", "role", "name"),
    [
        ("registered dietitian Trista Best", "registered dietitian", "Trista Best"),
        ("Honourable Natalio Wheatley", "Honourable", "Natalio Wheatley"),
        ("Tanaiste Leo Varadkar", "Tanaiste", "Leo Varadkar"),
        ("Der Virologe Christian Drosten", "Der Virologe", "Christian Drosten"),
        ("Russian Foreign Minister Sergei Lavrov", "Russian Foreign Minister", "Sergei Lavrov"),
        ("La présidente Marie Dupont", "La présidente", "Marie Dupont"),
        ("Mr. Alan Grove", None, "Alan Grove"),  # an honorific is dropped, not a role
        ("John Major", None, "John Major"),  # a surname that is also a title stays
        ("John M. Ford", None, "John M. Ford"),  # a middle initial is not "M." (Monsieur)
        ("M. Emmanuel Macron", None, "Emmanuel Macron"),
        ("only Tom Ardley", None, "Tom Ardley"),  # a word the parse left in front
        ("Ursula von der Leyen", None, "Ursula von der Leyen"),
    ],
)
def test_split_role(written: str, role: str | None, name: str) -> None:
    assert split_role(written) == (role, name)


@pytest.mark.parametrize("word", ["Hinweis", "IBAN", "Kategorie", "Fazit", "Erstens", "year", "FAQ", "Update"])
def test_label_words_are_never_names(word: str) -> None:
    assert not looks_like_name(word, "PERSON")
    assert not looks_like_name(word, "ORG")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Bashar al-Assad", "PERSON", True),
        ("J. Okafor", "PERSON", True),
        ("Tel 0171 234 5678", "ORG", False),
        ("the year 2024", "PERSON", False),
        ("UPDATE", "PERSON", False),
        ("Port Alder Council", "ORG", True),
        ("le Président", "OTHER", False),  # a title written as a name
        ("Minister", "PERSON", False),
        ("the mayor", None, True),  # a description, resolved in its article
    ],
)
def test_a_speaker_name_must_look_like_a_name(name: str, kind: str, expected: bool) -> None:
    assert looks_like_name(name, kind) is expected


def test_short_forms_match_their_full_name_only() -> None:
    assert same_given_name("Liz", "Elizabeth")
    assert same_given_name("Kate", "Catherine") and same_given_name("Kate", "Katherine")
    assert not same_given_name("Katherine", "Catherine")  # two full names
    assert not same_given_name("Alex", "Sandra")  # two short forms
    assert not same_given_name("Jane", "John")


@pytest.mark.slow
def test_titles_in_front_of_names_become_roles() -> None:
    text = (
        "Fibre keeps you full for longer, registered dietitian Orla Penhallow said in an interview.\n\n"
        "\"We will rebuild the harbour wall before winter,\" said Honourable Tavish Rendell on Tuesday.\n\n"
        "Tanaiste Brona Keegan said the budget would be balanced next year."
    )
    analysis = presslens.analyze_text(text)
    people = {e.name: e.role for e in analysis.entities if e.kind == "PERSON"}
    assert people == {
        "Orla Penhallow": "registered dietitian",
        "Tavish Rendell": "Honourable",
        "Brona Keegan": "Tanaiste",
    }
    assert sorted(analysis.speaker_name(q) or "" for q in analysis.quotes) == sorted(people)


@pytest.mark.slow
def test_a_short_form_and_the_full_name_are_one_person_in_a_story() -> None:
    text = (
        "Liz Marrow said the tax cuts would stay in place until the spring.\n\n"
        "Later, Elizabeth Marrow told reporters that she would not resign over the vote."
    )
    analysis = presslens.analyze_text(text)
    names = {analysis.speaker_name(q) for q in analysis.quotes}
    assert names == {"Elizabeth Marrow"}


@pytest.mark.slow
def test_two_people_with_one_surname_stay_two() -> None:
    text = (
        "Jane Marrow said the tax cuts would stay in place until the spring.\n\n"
        "John Marrow told reporters that the vote would be held again in May."
    )
    analysis = presslens.analyze_text(text)
    assert {analysis.speaker_name(q) for q in analysis.quotes} == {"Jane Marrow", "John Marrow"}


@pytest.mark.slow
def test_a_label_before_a_colon_is_not_a_speaker() -> None:
    text = (
        "Hinweis: Die Angaben werden täglich aktualisiert und sind ohne Gewähr für alle Leser.\n\n"
        "Fazit: The new phone is fast and light, but the battery is weak after a day."
    )
    analysis = presslens.analyze_text(text)
    assert all(q.speaker is None for q in analysis.quotes)
    assert not {"Hinweis", "Fazit"} & {e.name for e in analysis.entities}
