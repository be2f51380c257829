"""Subheadings inside the article body that trafilatura's precision mode drops come back."""

from __future__ import annotations

from presslens.extraction import extract_content
from presslens.extraction.headings import restore_headings
from presslens.extraction.html import parse_html

PARAS = tuple(
    f"Part {i}: the orchard on the hill lost half its apple trees in the storm, and the growers "
    f"said they would replant the rows with older varieties that stand the wind better."
    for i in range(6)
)


def article(headings: dict[int, str], before: str = "", after: str = "") -> str:
    blocks = "".join(f"{headings.get(i, '')}<p>{p}</p>" for i, p in enumerate(PARAS))
    return (f"<html><body>{before}<article><h1>The orchard after the storm</h1>{blocks}</article>"
            f"{after}</body></html>")


def restored(html: str, paragraphs: tuple[str, ...] = PARAS) -> tuple[str, ...]:
    tree = parse_html(html)
    assert tree is not None
    return restore_headings(tree, paragraphs)


def test_subheading_with_a_contents_anchor_comes_back_in_place() -> None:
    # a table-of-contents plugin's anchor inside the heading: trafilatura drops the heading
    contents = ("<div id='toc'><p>Contents</p><nav><ul><li><a href='#rows'>Replanting the rows</a></li>"
                "<li><a href='#sales'>Selling the harvest</a></li></ul></nav></div>")
    html = article({3: "<h2><span id='rows'></span>Replanting the rows</h2>"}, before=contents)
    text = extract_content(html).text
    assert "Replanting the rows\n\nPart 3:" in text
    assert text.index("Part 2:") < text.index("Replanting the rows")


def test_heading_is_restored_only_before_a_body_paragraph_other_than_the_first() -> None:
    html = article({0: "<h2>Before the first paragraph</h2>", 2: "<h3>What the growers said</h3>"})
    assert restored(html) == (*PARAS[:2], "What the growers said", *PARAS[2:])


def test_heading_whose_next_block_is_not_in_the_body_stays_out() -> None:
    teaser = ("<aside><h2>More from the valley</h2><p>A teaser for another story about the river "
              "that floods the lower fields every spring.</p></aside>")
    assert restored(article({}, after=teaser)) == PARAS


def test_heading_already_in_the_body_or_too_long_is_not_added() -> None:
    html = article({2: "<h2>Part 2 in short</h2>"})
    body = (*PARAS[:2], "Part 2 in short", *PARAS[2:])
    assert restored(html, body) == body
    long_heading = " ".join(["word"] * 25)
    assert restored(article({2: f"<h2>{long_heading}</h2>"})) == PARAS


def test_one_paragraph_is_left_alone() -> None:
    assert restored(article({1: "<h2>A section</h2>"}), PARAS[:1]) == PARAS[:1]


def test_no_heading_goes_between_a_repeated_headline_and_the_first_paragraph() -> None:
    contents = "<div id='toc'><nav><ul><li><a href='#top'>Top</a></li></ul></nav></div>"
    html = (f"<html><head><title>The orchard after the storm</title></head><body>{contents}<article>"
            "<h1>The orchard after the storm</h1><h2><span id='top'></span>A subtitle above the story</h2>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>")
    article = extract_content(html)
    assert article.text.startswith("Part 0:")
    assert "A subtitle above the story" not in article.text


def test_linked_heading_between_paragraphs_points_elsewhere_and_stays_out() -> None:
    html = article({3: "<h3><a href='/other-story'>Read also: the valley's new cider press opens</a></h3>"})
    assert restored(html) == PARAS
    html = article({3: "<h3>Read also: <a href='/other-story'>the valley's new cider press opens</a></h3>"})
    assert restored(html) == PARAS
