"""Bylines split into authors and agencies, noise removed."""

from __future__ import annotations

import pytest

from presslens.extraction.bylines import split_byline, split_bylines


@pytest.mark.parametrize(
    ("byline", "authors", "agencies"),
    [
        ("By\u00a0Orlando CrowcroftAFP", ("Orlando Crowcroft",), ("AFP",)),
        ("By Jane DoeReuters", ("Jane Doe",), ("Reuters",)),
        ("By Jane Doe and John Smith, Reuters", ("Jane Doe", "John Smith"), ("Reuters",)),
        ("Jane Doe | AP", ("Jane Doe",), ("AP",)),
        ("Jane Doe (AFP)", ("Jane Doe",), ("AFP",)),
        ("By Umair Irfan Updated Nov 13, 2019, 10:28am EST", ("Umair Irfan",), ()),
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", ("Chris Davies",), ()),
        ("By Bill Hoppe | Special to the Pioneer Press", ("Bill Hoppe",), ()),
        ("By Maria van der Berg, Senior Political Correspondent", ("Maria van der Berg",), ()),
        ("By JANE DOE, AP Medical Writer", ("Jane Doe",), ("AP",)),
        ("The Associated Press", (), ("AP",)),
        ("Agence France-Presse", (), ("AFP",)),
        ("Reuters staff", (), ("Reuters",)),
        ("By Samuel Osei (AFP)", ("Samuel Osei",), ("AFP",)),
        ("Words by Lea Müller • dpa", ("Lea Müller",), ("dpa",)),
        ("By Ana Lima y Pedro Ruiz, EFE", ("Ana Lima", "Pedro Ruiz"), ("EFE",)),
        ("By jane@example.com", (), ()),
        ("Updated", (), ()),
        ("", (), ()),
    ],
)
def test_split_byline(byline: str, authors: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    result = split_byline(byline)
    assert result.authors == authors
    assert result.agencies == agencies


def test_acronyms_match_case_sensitively() -> None:
    # "Ap" or "pa" inside a name are not agencies; "Pa Ngo" is a name.
    assert split_byline("By Pa Ngo").authors == ("Pa Ngo",)
    assert split_byline("By Pa Ngo").agencies == ()


def test_several_bylines_are_merged_without_duplicates() -> None:
    result = split_bylines(["Jane Doe", "Jane Doe; Reuters", "John Smith (AP)"])
    assert result.authors == ("Jane Doe", "John Smith")
    assert result.agencies == ("Reuters", "AP")


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # opening labels, in several languages and shapes
        ("Veröffentlicht am 8. Februar 2022 von Jana Körting", ("Jana Körting",)),
        ("View all posts by Tomas Brekke", ("Tomas Brekke",)),
        ("Autor: Ilse Wendholt", ("Ilse Wendholt",)),
        ("AUTOR/IN Hanno Vierbein", ("Hanno Vierbein",)),
        ("Eine Kolumne von Marek Stoll", ("Marek Stoll",)),
        ("Posted by Odile Marchetti @ 9:15 am", ("Odile Marchetti",)),
        ("Por Álvaro Núñez", ("Álvaro Núñez",)),
        ("Auteur Anaïs Lefèvre", ("Anaïs Lefèvre",)),
        ("Von FOCUS-Online-Experte Carla Brenner", ("Carla Brenner",)),
        # dates and times in other languages, other credits after the writer
        ("VON JONAS EHRLICH am 21. April 2020", ("Jonas Ehrlich",)),
        ("Léa Marin | lundi 9 décembre 2019 à 09h08", ("Léa Marin",)),
        ("Text von Paul Obermaier Illustration von Nina Falk", ("Paul Obermaier",)),
        ("12.03.2022 | 13:10 Uhr | Greta Hollmann", ("Greta Hollmann",)),
        # labelled fields, asides, invisible characters
        ("Datum: 19.11.2021 Autor: Rainer Albrecht Quelle: Nordblick", ("Rainer Albrecht",)),
        ("Autor: Ole Jensen (Sponsored Post)", ("Ole Jensen",)),
        ("Von Mat\u00adthi\u00adas Greve", ("Matthias Greve",)),
        # initials keep their stops; names that look like labels or months stay names
        ("R. J. Okafor", ("R. J. Okafor",)),
        ("Lena Brandt C.", ("Lena Brandt C.",)),
        ("May Ellison", ("May Ellison",)),
        ("Di Stefano", ("Di Stefano",)),
        ("Walter von Aachen", ("Walter von Aachen",)),
        # initials are no "e" or "y" (and, in Portuguese and Spanish); a stop after a word parts names
        ("Mara E. Lindqvist", ("Mara E. Lindqvist",)),
        ("Tomas Y. Berg e Ana Costa", ("Tomas Y. Berg", "Ana Costa")),
        ("Ruth Ames Monday, March", ("Ruth Ames",)),
        # a title after a name goes
        ("Michael L. Ortega, PhD", ("Michael L. Ortega",)),
    ],
)
def test_byline_labels_dates_and_names(byline: str, authors: tuple[str, ...]) -> None:
    assert split_byline(byline).authors == authors


@pytest.mark.parametrize(
    "byline",
    [
        "Landesministerium für Umwelt und Verkehr",  # an organisation named first
        "Northwind Media",
        "nordwerk GmbH",
        "Redaktion Nordblick",  # an editorial team, not a writer
        "Nordblick Verlag, Kiel, Germany",  # an address
        "www.nordblick.example",
        "facebook.com/nordblick",
        "GNB",  # letters of a company or a desk
        "Politik; Wirtschaft; Sport; Kultur",  # a list of sections
        "Name (required)",
        "Uncategorized",
    ],
)
def test_bylines_that_name_no_person(byline: str) -> None:
    assert split_byline(byline).authors == ()


def test_a_person_beside_a_company_is_kept() -> None:
    assert split_byline("Jane Doe, Northwind Media GmbH").authors == ("Jane Doe",)
    assert split_byline("Jane Doe, Deutsche Presse-Agentur") == split_byline("Jane Doe (dpa)")


def test_a_clean_name_splits_to_itself() -> None:
    # metadata.py hands the chosen names on as bylines; core.py splits them again
    for name in ("R. J. Okafor", "Álvaro Núñez", "Walter von Aachen", "Lena Brandt C.", "Mara E. Lindqvist"):
        assert split_byline(name).authors == (name,)
    assert split_byline("AFP").agencies == ("AFP",)


def test_handles_after_a_by_word() -> None:
    from presslens.extraction.bylines import byline_handle

    assert byline_handle("by quietfox") == "quietfox"
    assert byline_handle("railfan_77") == "railfan_77"
    assert byline_handle("kj") is None  # initials, not a handle
    assert byline_handle("admin") is None
    assert byline_handle("Jane Doe") is None


def test_the_publisher_is_left_out_before_titles_are_trimmed() -> None:
    def publisher(text: str) -> bool:
        return text.lower() in ("business courier", "courier")

    # "Business" is also a desk word: trimmed first, "Courier" would look like a name
    assert split_byline("Ines Moll, Business Courier", publisher).authors == ("Ines Moll",)
    assert split_byline("Ines Moll. Sputnik International").agencies == ("Sputnik",)


def test_a_sentence_is_no_byline() -> None:
    assert split_byline("The harbour and island ferries run hourly").authors == ()
    assert split_byline("Jane Doe, staff writer").authors == ("Jane Doe",)  # titles in lower case are fine
    assert split_byline("Autor: Ole Jensen, Redner bei ole-jensen.de").authors == ("Ole Jensen",)


def test_an_agency_after_a_name_in_capitals() -> None:
    result = split_byline("Ada Brenner and NILS HOLM Associated Press")
    assert result.authors == ("Ada Brenner", "Nils Holm")
    assert result.agencies == ("AP",)
