"""Issue 7: the scraped-text cleaner never eats the article.

Every text here was written for these tests. Body lines may end in "said:" or "told
reporters:", body sentences may mention newsletters, cookies, subscriptions, copyright,
photos, comments and advertising, and a surname may be an agency's name: none of that is
chrome. Chrome is recognised by its shape and position, so the same words in a banner at the
edge of a page, or among other chrome, are still dropped.
"""

from __future__ import annotations

import pytest

from presslens.extraction import ExtractOptions, extract_content
from presslens.extraction.bylines import split_byline
from presslens.extraction.captions import split_credit
from presslens.extraction.text import clean_text

pytestmark = pytest.mark.issue(7)

TEXT = ExtractOptions(input_format="text")

TITLE = "Bakery workers vote to end strike at Marlow biscuit plant"
BYLINE = "By Michael Bloomberg"
ARTICLE = [
    "Workers at the Marlow biscuit plant voted on Tuesday to end a three-week strike after the company agreed to raise pay by six percent and to hire forty permanent staff.",
    "The union's regional secretary, Dana Whitfield, addressed the crowd outside the gates and said:",
    "\"Nobody here wanted to stop the ovens. We stopped them because it was the only way to be heard, and today we were heard.\"",
    "The plant, known locally as the cookie factory, produces about two million packets a week. Its owners announced the deal in a newsletter sent to suppliers on Monday night.",
    "Managers told reporters:",
    "\"We will be back at full production by the weekend, and the new contracts will be signed before the end of the month.\"",
    "The strike drew national attention after a striker's photo of the empty loading bays, released as a copyright-free image, was shared thousands of times and drew hundreds of comments online.",
    "Local shops said subscriptions to the town's weekly paper rose during the dispute, and several businesses paid for advertising that backed the strikers. The first shift returns on Thursday at six.",
]


def article_text(*lines: str) -> str:
    return "\n\n".join(lines)


def test_a_clean_eight_paragraph_article_comes_through_whole() -> None:
    article = extract_content(article_text(TITLE, BYLINE, *ARTICLE), options=TEXT)
    assert article.paragraph_texts() == tuple(ARTICLE)
    assert article.title == TITLE
    assert article.authors == ("Michael Bloomberg",)
    assert article.agencies == ()
    assert article.captions == ()


def test_the_same_article_is_text_without_a_forced_format() -> None:
    article = extract_content(article_text(TITLE, BYLINE, *ARTICLE))
    assert article.extractor == "text-cleaner"
    assert article.paragraph_texts() == tuple(ARTICLE)


@pytest.mark.parametrize(
    "announcing",
    [
        "The minister spoke to the crowd for a few minutes and then said:",
        "Asked about the timetable, the spokeswoman told reporters:",
        "In a statement released on Friday, the company wrote:",
        "Her lawyer, who has followed the case for years, says:",
    ],
)
def test_a_body_line_ending_in_said_colon_does_not_end_the_article(announcing: str) -> None:
    body = [
        "The regional council approved the new tram line after a vote that split the governing coalition down the middle.",
        announcing,
        "\"This is a line for the people who have waited longest, and they will not wait much longer.\"",
        "Construction is due to start next spring and to last three years, according to the council's own estimate.",
        "The opposition has asked for an independent review of the costs before the first contract is signed.",
    ]
    assert clean_text(article_text("Council backs tram line", *body)).paragraphs == tuple(body)


def test_a_comment_header_with_its_date_still_ends_the_article() -> None:
    body = [
        "The regional council approved the new tram line after a vote that split the governing coalition down the middle.",
        "Construction is due to start next spring and to last three years, according to the council's own estimate.",
    ]
    comments = [
        "Comments",
        "tramfan77 on June 4, 2031 at 8:12 pm said:",
        "About time too, the buses on this route have been full every morning for as long as I can remember, honestly.",
        "Reply",
    ]
    assert clean_text(article_text("Council backs tram line", *body, *comments)).paragraphs == tuple(body)


@pytest.mark.parametrize(
    "mention",
    [
        "The factory, which the town still calls the cookie factory, sent its newsletter to every household.",
        "Subscriptions to the magazine fell by a third, and the publisher ended its print newsletter in March.",
        "The court ruled that the photos were not protected by copyright and could be printed by any newspaper.",
        "Readers left more than four hundred comments under the mayor's post before it was deleted.",
        "The company spent more on advertising last year than on research, its annual report shows.",
        "The regulator said the app's privacy policy did not explain how long location data was kept.",
    ],
)
def test_body_sentences_about_chrome_topics_are_body(mention: str) -> None:
    body = [
        "Shares in the publisher fell sharply on Wednesday after it warned that profits would miss forecasts for a second year.",
        mention,
        "Analysts said the warning was expected, but that the size of the shortfall had surprised the market.",
    ]
    assert clean_text(article_text("Publisher warns on profits", *body)).paragraphs == tuple(body)


@pytest.mark.parametrize("position", ["first", "last"])
def test_a_chrome_topic_at_the_edge_of_a_clean_article_is_body(position: str) -> None:
    mention = "The newspaper said its online subscriptions had doubled since it closed the comments section last year."
    others = [
        "Print sales kept falling, by about eight percent a year, and two regional editions were merged in the spring.",
        "The editor said the paper would keep its weekend magazine, which still carries most of its advertising.",
    ]
    body = [mention, *others] if position == "first" else [*others, mention]
    assert clean_text(article_text(*body)).paragraphs == tuple(body)


def test_prompts_beside_other_chrome_are_still_dropped() -> None:
    body = [
        "Shares in the publisher fell sharply on Wednesday after it warned that profits would miss forecasts for a second year.",
        "Analysts said the warning was expected, but that the size of the shortfall had surprised the market.",
    ]
    page = article_text(
        "Home", "Markets", "Sign in",
        "Publisher warns on profits",
        *body,
        "Share this article",
        "Get our newsletter: the day's business news in your inbox every morning.",
        "Newsletter abonnieren",
        "We use cookies to improve your experience. By continuing you agree to our cookie policy.",
    )
    assert clean_text(page).paragraphs == tuple(body)


def test_copyright_free_in_a_sentence_is_no_caption_credit() -> None:
    sentence = "The museum put the letters online as copyright-free scans for schools."
    assert split_credit(sentence) is None
    assert split_credit("The photo by Ana Ruiz won a prize in 2030 and was shown in three cities.") is None
    body = [
        "The letters, written between 1914 and 1918, had been kept in a drawer at the town hall for almost a century.",
        sentence,
        "Historians said the collection was among the largest of its kind in the region.",
    ]
    cleaned = clean_text(article_text("Museum opens war letters", *body))
    assert cleaned.paragraphs == tuple(body)
    assert cleaned.captions == ()


def test_real_credits_still_make_captions() -> None:
    assert split_credit("Volunteers sort the letters. Copyright Reuters/Ana Ruiz") == (
        "Volunteers sort the letters.",
        "Reuters/Ana Ruiz",
    )
    assert split_credit("Volunteers sort the letters. Photo: courtesy of the museum") == (
        "Volunteers sort the letters.",
        "courtesy of the museum",
    )
    # a credit in brackets after the caption, as German and Swiss sites print them
    assert split_credit("Volunteers sort the letters. (Bild: Stadtarchiv Basel)") == (
        "Volunteers sort the letters.",
        "Stadtarchiv Basel",
    )


@pytest.mark.parametrize(
    ("byline", "authors", "agencies"),
    [
        ("By Michael Bloomberg", ("Michael Bloomberg",), ()),
        ("By Helena Reuters", ("Helena Reuters",), ()),
        ("By Joana Lusa", ("Joana Lusa",), ()),
        ("By Mette Ritzau", ("Mette Ritzau",), ()),
        ("By Daniel Press", ("Daniel Press",), ()),
        ("By Mette Ritzau, Ritzau", ("Mette Ritzau",), ("Ritzau",)),
        ("By Michael Bloomberg | Bloomberg News", ("Michael Bloomberg",), ("Bloomberg",)),
        # the glued form the rule was written for, and an acronym after a space, still split
        ("By Orlando CrowcroftAFP", ("Orlando Crowcroft",), ("AFP",)),
        ("By Joana LusaReuters", ("Joana Lusa",), ("Reuters",)),
        ("By Jane Doe AFP", ("Jane Doe",), ("AFP",)),
    ],
)
def test_a_surname_may_be_an_agency_name(byline: str, authors: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    result = split_byline(byline)
    assert (result.authors, result.agencies) == (authors, agencies)


def test_a_sentence_broken_across_lines_is_kept_whole() -> None:
    # renderers break lines at <br>: the part after the break goes on in lower case
    body = [
        "The ferry operator said on Monday that the winter timetable would start a week early",
        "because two of its four boats need repairs before the storms.",
        "Passengers on the island route will have three crossings a day instead of five until March.",
    ]
    page = article_text("Home", "Travel", "Ferry timetable cut early", *body, "Share", "Print", "Related", "Bus fares to rise")
    assert clean_text(page).paragraphs == tuple(body)


def test_labels_and_link_boxes_inside_the_article_are_dropped_but_subheadings_stay() -> None:
    body = [
        "The ferry operator said on Monday that the winter timetable would start a week early.",
        "Passengers on the island route will have three crossings a day instead of five until March.",
    ]
    later = "The operator expects the repaired boats back in service before the Easter holidays."
    page = article_text(
        "Ferry timetable cut early",
        *body,
        "Mehr zum Thema",  # a related heading in German, then a box of links
        "Fähre Nord",
        "Inselverkehr",
        "Repairs",  # a subheading introduces the paragraph after it
        later,
    )
    assert clean_text(page).paragraphs == (*body, "Repairs", later)


def test_the_article_under_its_byline_wins_over_longer_reader_posts_below() -> None:
    # the posts hold more prose than the article; a chrome box stands between them
    body = [
        "The ferry operator said on Monday that the winter timetable would start a week early.",
        "Passengers on the island route will have three crossings a day instead of five until March.",
        "The operator expects the repaired boats back in service before the Easter holidays.",
        "Island councillors said they would ask the ministry to pay for a replacement boat next year.",
    ]
    posts = [
        f"Reader post {i}: I have taken this ferry every week for years and the service has never been this poor, "
        "the boats are late, the cafe is closed and nobody answers the phone at the harbour office."
        for i in range(6)
    ]
    page = article_text(
        "Ferry timetable cut early", "By Ines Carvalho", "12 October 2031",
        *body,
        "Share", "Print", "Forum", "Latest posts", "Most active", "Log in", "Rules",
        *posts,
    )
    assert clean_text(page).paragraphs == tuple(body)
