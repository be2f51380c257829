"""The publication day a page states: local days of UTC instants and the date the page shows
its reader (presslens.extraction.page_dates, issue 7). Pages written for these tests."""

from __future__ import annotations

import json

import pytest

from presslens.extraction.dates import normalise_date
from presslens.extraction.html import parse_html
from presslens.extraction.page_dates import choose_published

pytestmark = pytest.mark.issue(7)

URL = "https://harbour.example.org/news/ferry-timetable"
BODY = "".join(
    f"<p>Paragraph {n} on the new ferry timetable, which adds an evening crossing on weekdays and "
    f"moves the first boat of the morning half an hour earlier for commuters.</p>"
    for n in ("one", "two", "three")
)


def page(head: str = "", date_line: str = "", after: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav><article>"
        f"<header><h1>Ferry timetable changes</h1><div class='meta'>{date_line}</div></header>"
        f"{BODY}</article>{after}</body></html>"
    )


def meta(field: str, value: str, attribute: str = "property") -> str:
    return f"<meta {attribute}='{field}' content='{value}'>"


def published(html: str, url: str | None = URL, **declared: str) -> str | None:
    tree = parse_html(html)
    assert tree is not None
    return choose_published(tree, url, **declared)


# --- a UTC instant and the local day -----------------------------------------------------------


def test_utc_instant_takes_the_local_day_its_url_shows() -> None:
    east = page(meta("article:published_time", "2021-01-14T23:40:00+00:00"))
    assert published(east, "https://harbour.example.org/2021/01/15/ferry-timetable") == "2021-01-15"
    west = page(meta("article:published_time", "2021-01-14T03:40:00Z"))
    assert published(west, "https://harbour.example.org/2021/01/13/ferry-timetable") == "2021-01-13"


def test_url_day_that_no_time_zone_reaches_changes_nothing() -> None:
    # 23:40 UTC is the next day east of Greenwich, never the day before
    html = page(meta("article:published_time", "2021-01-14T23:40:00+00:00"))
    assert published(html, "https://harbour.example.org/2021/01/12/ferry-timetable") == "2021-01-14T23:40:00+00:00"
    same_day = published(html, "https://harbour.example.org/2021/01/14/ferry-timetable")
    assert same_day == "2021-01-14T23:40:00+00:00"


def test_utc_instant_takes_the_day_of_a_local_time_element_for_the_same_instant() -> None:
    head = meta("article:published_time", "2021-03-09T04:15:00Z")
    local = page(head, "<time datetime='2021-03-08 22:15:00'>March 8, 2021 at 10:15 p.m.</time>")
    assert published(local, url=None) == "2021-03-08"
    with_offset = page(head, "<time datetime='2021-03-08T23:15:00-05:00'>March 8</time>")
    assert published(with_offset, url=None) == "2021-03-08"


def test_a_time_element_for_another_instant_is_no_evidence() -> None:
    head = meta("article:published_time", "2021-03-09T04:15:00Z")
    comment = page(head, after="<div class='comments'><time datetime='2021-03-08 19:02:00'>Reply</time></div>")
    assert published(comment, url=None) == "2021-03-09T04:15:00+00:00"


def test_local_midnight_stored_in_utc_is_the_next_day() -> None:
    assert published(page(meta("article:published_time", "2022-06-30T22:00:00.000Z")), url=None) == "2022-07-01"
    assert published(page(meta("article:published_time", "2022-06-30T23:00:00Z")), url=None) == "2022-07-01"
    # a real time of day, or an offset the page states, stays as it is
    assert published(page(meta("article:published_time", "2022-06-30T23:07:00Z")), url=None) == (
        "2022-06-30T23:07:00+00:00"
    )
    assert published(page(meta("article:published_time", "2022-06-30T23:00:00+02:00")), url=None) == (
        "2022-06-30T23:00:00+02:00"
    )


# --- the date the page shows -------------------------------------------------------------------


def test_a_page_showing_only_its_modified_day_is_dated_by_it() -> None:
    head = meta("article:published_time", "2019-04-02T09:00:00+02:00") + meta(
        "article:modified_time", "2021-11-20T10:30:00+01:00")
    assert published(page(head, "Updated 20 November 2021")) == "2021-11-20T10:30:00+01:00"


def test_published_day_shown_beside_the_modified_one_wins() -> None:
    head = meta("article:published_time", "2019-04-02T09:00:00+02:00") + meta(
        "article:modified_time", "2021-11-20T10:30:00+01:00")
    both = page(head, "<span>Published 2 April 2019</span> <span>Updated 20 November 2021</span>")
    assert published(both) == "2019-04-02T09:00:00+02:00"
    neither = page(head, "<span>By the harbour desk</span>")
    assert published(neither) == "2019-04-02T09:00:00+02:00"


def test_modified_day_from_json_ld_is_read_in_another_shape() -> None:
    ld = {"@type": "NewsArticle", "dateCreated": "01/05/2004"}
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    html = page(head, "<div class='recipe-date'>Updated June 13, 2019</div>")
    found = published(html, declared="2004-01-05", declared_modified="06/13/2019")
    assert found == "2019-06-13"


def test_a_generic_date_field_gives_way_to_the_one_date_line_near_it() -> None:
    head = meta("date", "2020-02-12", attribute="name")
    assert published(page(head, "<div class='news-date'>05.02.2020</div>")) == "2020-02-05"


def test_an_event_date_far_from_the_declared_one_is_no_date_line() -> None:
    head = meta("date", "2020-02-12", attribute="name")
    assert published(page(head, "<div class='event'>Opening 14.06.2020</div>")) == "2020-02-12"


def test_several_shown_dates_leave_the_declared_one() -> None:
    head = meta("date", "2020-02-12", attribute="name")
    dates = "<div>Part one: 05.02.2020</div><div>Part two: 07.02.2020</div>"
    assert published(page(head, dates)) == "2020-02-12"


def test_json_ld_and_meta_in_agreement_are_not_second_guessed() -> None:
    head = meta("article:published_time", "2020-02-12T08:00:00+01:00")
    html = page(head, "<div class='news-date'>05.02.2020</div>")
    assert published(html, declared="2020-02-12T08:00:00+01:00") == "2020-02-12T08:00:00+01:00"


def test_json_ld_and_meta_in_disagreement_give_way_to_the_shown_day() -> None:
    head = meta("article:published_time", "2022-01-06T08:29:34")
    html = page(head, "<div class='info'>06.01.2022</div>")
    assert published(html, declared="2022-01-04T07:29:00Z") == "2022-01-06"
    unshown = page(head, "<div class='info'>By the harbour desk</div>")
    assert published(unshown, declared="2022-01-04T07:29:00Z") == "2022-01-04T07:29:00+00:00"


def test_a_date_outside_the_headline_region_is_not_the_date_line() -> None:
    head = meta("date", "2020-02-12", attribute="name")
    html = (
        f"<html><head>{head}</head><body><div><div><div><div><div><div><div><div>"
        f"<header><h1>Ferry timetable changes</h1></header>{BODY}</div></div></div></div></div></div></div></div>"
        f"<footer><div>Archive 05.02.2020</div></footer></body></html>"
    )
    assert published(html) == "2020-02-12"


# --- declared values ---------------------------------------------------------------------------


def test_rfc_2822_dates_keep_their_time_and_offset() -> None:
    assert normalise_date("Wed, 04 May 2022 00:25:56 GMT") == "2022-05-04T00:25:56+00:00"
    assert normalise_date("Tue, 3 May 2022 21:25:56 -0300") == "2022-05-03T21:25:56-03:00"
    assert normalise_date("Mon, 1 Jan 1900 10:00:00 GMT") is None  # before news on the web


def test_no_date_anywhere_is_none() -> None:
    assert published(page(), url="https://harbour.example.org/news/ferry") is None


# --- where the markup states it ----------------------------------------------------------------


def test_body_microdata_is_read_when_the_head_states_no_date() -> None:
    microdata = page(date_line="<meta itemprop='datePublished' content='2023-05-02T07:45:00+02:00'>2 May")
    assert published(microdata, url=None) == "2023-05-02T07:45:00+02:00"


def test_time_elements_in_order_of_how_specific_they_are() -> None:
    marked = page(date_line="<time datetime='2023-04-30T12:00:00+02:00'>30 April</time>",
                  after="<aside><time itemprop='datePublished' datetime='2023-05-02T07:45:00+02:00'>x</time></aside>")
    assert published(marked, url=None) == "2023-05-02T07:45:00+02:00"
    in_article = (
        "<html><body><aside><time datetime='2023-04-01T09:00:00+02:00'>1 April</time></aside>"
        f"<article><h1>Ferry timetable changes</h1><time datetime='2023-05-02T07:45:00+02:00'>2 May</time>{BODY}"
        "</article></body></html>"
    )
    assert published(in_article, url=None) == "2023-05-02T07:45:00+02:00"


def test_the_heads_published_field_comes_before_generic_ones_in_page_order() -> None:
    head = meta("date", "2023-04-30", attribute="name") + meta("article:published_time", "2023-05-02T07:45:00+02:00")
    assert published(page(head), url=None) == "2023-05-02T07:45:00+02:00"
