"""extract_article / extract_content: expected failures as values, exact paragraph offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.errors import ExtractError
from presslens.extraction import ExtractOptions, article_id, extract_article, extract_content
from presslens.extraction.core import _layout
from presslens.model import Article, RawDocument, Rejected

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def raw(content: bytes, uri: str = "test-input", **kwargs: str) -> RawDocument:
    return RawDocument(uri=uri, content=content, **kwargs)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty-input"),
        (b"  \n\t\n ", "empty-input"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary-input"),
        (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x1B]) * 200, "undecodable"),
        (b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>", "no-article"),
        (b"<html><head><title>Nothing here</title></head><body></body></html>", "no-article"),
        (b"Home\nNews\nSport\nSign in\n", "no-article"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(content: bytes, code: str) -> None:
    result = extract_article(raw(content))
    assert isinstance(result, Rejected)
    assert result.code == code
    assert result.source_id == "test-input"
    assert result.reason and "\n" not in result.reason


def test_a_50_mb_page_is_rejected_before_parsing() -> None:
    page = b"<html><body>" + b"<p>" + b"word " * 10_000_000 + b"</p></body></html>"
    assert len(page) > 50_000_000
    result = extract_article(raw(page))
    assert isinstance(result, Rejected) and result.code == "too-large"
    assert "MB" in result.reason


def test_the_size_limit_is_an_option() -> None:
    content = (SAMPLES / "wind-farm-dump.txt").read_bytes()
    assert isinstance(extract_article(raw(content)), Article)
    small = extract_article(raw(content), options=ExtractOptions(max_bytes=100))
    assert isinstance(small, Rejected) and small.code == "too-large"


def test_extract_content_raises_with_code_and_source() -> None:
    with pytest.raises(ExtractError) as caught:
        extract_content(b"", url="https://example.com/empty")
    assert caught.value.code == "empty-input"
    assert caught.value.source_id == "https://example.com/empty"
    assert "https://example.com/empty" in str(caught.value)


def test_text_and_html_are_told_apart() -> None:
    text = extract_content((SAMPLES / "wind-farm-dump.txt").read_text(encoding="utf-8"))
    html = extract_content((SAMPLES / "harbour-bridge-vote.html").read_bytes())
    assert text.extractor == "text-cleaner"
    assert html.extractor == "trafilatura"


def test_input_format_can_be_forced() -> None:
    # An HTML page forced through the text cleaner keeps its markup as text: no crash, and
    # the extractor says which path ran.
    result = extract_article(
        raw((SAMPLES / "harbour-bridge-vote.html").read_bytes()), options=ExtractOptions(input_format="text")
    )
    assert isinstance(result, (Article, Rejected))
    if isinstance(result, Article):
        assert result.extractor == "text-cleaner"


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_paragraph_offsets_are_exact_on_samples(sample: str) -> None:
    article = extract_content((SAMPLES / sample).read_bytes())
    assert article.paragraphs
    assert article.text == "\n\n".join(article.paragraph_texts())
    for span in article.paragraphs:
        piece = article.text[span.start : span.end]
        assert piece and piece == piece.strip() and "\n\n" not in piece


def test_article_round_trips_through_dict() -> None:
    article = extract_content((SAMPLES / "harbour-bridge-vote.html").read_bytes())
    assert Article.from_dict(article.to_dict()) == article


paragraph_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), min_size=1).map(str.strip).filter(bool)


@given(st.lists(paragraph_text, max_size=12))
def test_layout_offsets_are_exact(paragraphs: list[str]) -> None:
    text, spans = _layout(paragraphs)
    assert text == "\n\n".join(paragraphs)
    assert [text[s.start : s.end] for s in spans] == paragraphs


words = st.sampled_from(["the", "council", "said", "budget", "Home", "Share", "ADVERTISEMENT", "By", "a", "vote", "\u00a0"])
line = st.lists(words, min_size=1, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(line, line.map(lambda s: s + "."), st.just("")), max_size=40))
def test_cleaned_text_offsets_are_exact(lines: list[str]) -> None:
    result = extract_article(raw("\n".join(lines).encode("utf-8")), options=ExtractOptions(min_words=0, input_format="text"))
    if isinstance(result, Article):
        assert [result.text[s.start : s.end] for s in result.paragraphs] == list(result.paragraph_texts())
        assert result.text == "\n\n".join(result.paragraph_texts())


def test_article_id_prefers_the_canonical_url() -> None:
    a = article_id("https://Example.com/story?utm_source=x#top", "one text")
    b = article_id("https://example.com/story", "another text")
    assert a == b and a.startswith("u")
    assert article_id(None, "Some  Text") == article_id(None, "some text")
    assert article_id(None, "some text") != article_id(None, "other text")
    assert article_id("file.html", "x").startswith("t")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("2019-11-19", "2019-11-19"),
        ("2019-11-19T08:30:00Z", "2019-11-19T08:30:00+00:00"),
        ("2019-11-19T08:30:00+02:00", "2019-11-19T08:30:00+02:00"),
        ("November 19, 2019", "2019-11-19"),
        ("19 Nov 2019", "2019-11-19"),
        ("0001-01-01T00:00:00Z", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_declared_dates_leave_the_stage_as_iso_or_not_at_all(declared: str | None, expected: str | None) -> None:
    from presslens.extraction.dates import normalise_date

    assert normalise_date(declared) == expected


def test_a_page_with_a_written_out_date_gets_an_iso_date() -> None:
    body = "".join(
        f"<p>The river ferry will stop running in winter, the council said, the {n} cut this year.</p>"
        for n in ("first", "second", "third", "fourth")
    )
    page = (
        '<html><head><meta property="article:published_time" content="March 3, 2024">'
        f"<title>Ferry cut</title></head><body><article><h1>Ferry cut</h1>{body}</article></body></html>"
    )
    article = extract_content(page, url="https://example.com/ferry-cut")
    assert article.published == "2024-03-03"



def test_min_words_bound_and_the_count_in_the_reason() -> None:
    content = ("The harbour board said on Monday that ferries would run again after the storm passed. "
               "Crews had checked every pier along the eastern shore of the bay, a spokesman said.\n").encode("utf-8")
    kept = extract_article(raw(content), options=ExtractOptions(min_words=0, input_format="text"))
    assert isinstance(kept, Article)
    words = len(kept.text.split())
    assert words > 10
    assert isinstance(extract_article(raw(content), options=ExtractOptions(min_words=words, input_format="text")), Article)
    result = extract_article(raw(content), options=ExtractOptions(min_words=words + 1, input_format="text"))
    assert isinstance(result, Rejected) and result.code == "no-article"
    assert f"({words} words of body)" in result.reason
