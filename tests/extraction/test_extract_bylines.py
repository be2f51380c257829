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
