"""Canonical speakers across the corpus: merge on evidence, never on a shared surname alone."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from presslens.store import db
from presslens.store.speakers import can_be_speaker, parse_person_name, resolve_speaker


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = db.connect(tmp_path / "speakers.db")
    yield connection
    connection.close()


def resolve(conn: sqlite3.Connection, *names: str, kind: str = "PERSON") -> list[int]:
    return [resolve_speaker(conn, name, kind, now="2024-01-01T00:00:00+00:00") for name in names]


def name_of(conn: sqlite3.Connection, speaker_id: int) -> str:
    return str(conn.execute("SELECT name FROM speakers WHERE id = ?", (speaker_id,)).fetchone()[0])


def aliases(conn: sqlite3.Connection, speaker_id: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT alias FROM speaker_aliases WHERE speaker_id = ?", (speaker_id,))}


@pytest.mark.parametrize(
    "order",
    [
        ("Lukashenko", "Alexander Lukashenko", "Alexander G. Lukashenko"),
        ("Alexander G. Lukashenko", "Lukashenko", "Alexander Lukashenko"),
        ("Alexander Lukashenko", "Alexander G. Lukashenko", "Lukashenko"),
    ],
)
def test_the_three_spellings_of_one_man_are_one_speaker_in_any_order(conn: sqlite3.Connection, order: tuple[str, ...]) -> None:
    ids = resolve(conn, *order)
    assert len(set(ids)) == 1
    assert aliases(conn, ids[0]) == set(order)
    assert "Lukashenko" in name_of(conn, ids[0]) and name_of(conn, ids[0]) != "Lukashenko"


def test_people_who_share_a_surname_stay_apart(conn: sqlite3.Connection) -> None:
    jane, john = resolve(conn, "Jane Smith", "John Smith")
    assert jane != john
    # "Smith" alone could be either: it does not join one of them
    [smith] = resolve(conn, "Smith")
    assert smith not in (jane, john)
    # an initial that fits both is not evidence either
    [j] = resolve(conn, "J. Smith")
    assert j not in (jane, john)


def test_an_initial_joins_the_one_matching_first_name(conn: sqlite3.Connection) -> None:
    full, initial, other = resolve(conn, "Alexander Lukashenko", "A. Lukashenko", "Viktor Lukashenko")
    assert full == initial != other


def test_contradicting_middle_initials_do_not_merge(conn: sqlite3.Connection) -> None:
    g, v, plain = resolve(conn, "Alexander G. Lukashenko", "Alexander V. Lukashenko", "Alexander Grigoryevich Lukashenko")
    assert g != v and plain == g


def test_titles_case_and_accents_do_not_make_new_speakers(conn: sqlite3.Connection) -> None:
    ids = resolve(conn, "José Álvarez", "President Jose Alvarez", "JOSÉ ÁLVAREZ", "Mr. Álvarez")
    assert len(set(ids)) == 1


def test_organisations_merge_only_on_the_same_folded_name(conn: sqlite3.Connection) -> None:
    a, b, c = resolve(conn, "Ministry of Health", "ministry of health", "Ministry of Defence", kind="ORG")
    assert a == b != c


def test_a_surname_alone_is_claimed_by_the_first_full_name_only_if_unambiguous(conn: sqlite3.Connection) -> None:
    surname, first_full, second_full = resolve(conn, "Okafor", "Maria Okafor", "Daniel Okafor")
    assert surname == first_full != second_full


@pytest.mark.parametrize(
    ("name", "first", "surname"),
    [
        ("Ursula von der Leyen", "ursula", "von der leyen"),
        ("Martin Luther King Jr.", "martin", "king"),
        ("Prime Minister Keir Starmer", "keir", "starmer"),
        ("Lukashenko's", None, "lukashenko"),
    ],
)
def test_parse_person_name(name: str, first: str | None, surname: str) -> None:
    parsed = parse_person_name(name)
    assert parsed is not None and (parsed.first, parsed.surname) == (first, surname)


def test_a_name_without_letters_or_a_description_is_not_a_person() -> None:
    assert parse_person_name("—") is None
    assert parse_person_name("the minister") is None


def test_descriptions_resolve_only_to_the_same_description(conn: sqlite3.Connection) -> None:
    a, b, c = resolve(conn, "the minister", "The Minister", "the mayor")
    assert a == b != c


@pytest.mark.parametrize(("name", "expected"), [("He", False), ("they", False), ("...", False), ("Maria Okafor", True), ("the mayor", True)])
def test_who_can_be_a_speaker(name: str, expected: bool) -> None:
    assert can_be_speaker(name) is expected
