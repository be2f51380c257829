"""The scraped-text cleaner on dumps written for these tests (no real article is copied)."""

from __future__ import annotations

from presslens.extraction.text import clean_text

STORY = [
    "The city council approved a new budget on Monday after a debate that lasted more than six hours.",
    "Mayor Alan Price said the plan would \"protect every school and every clinic\" while cutting administrative costs.",
    "Opposition members argued that the figures were optimistic and said they would ask the auditor to review them.",
    "\"We have heard these promises before,\" said councillor Ruth Mendes. \"This time we will check every number.\"",
    "The budget takes effect in January and will be reviewed again in the spring.",
]


def dump(*chrome_before: str, body: list[str] = STORY, after: tuple[str, ...] = ()) -> str:
    return "\n".join([*chrome_before, *body, *after])


def test_body_is_kept_in_order_and_chrome_dropped() -> None:
    text = dump(
        "Home", "News", "Sport", "Sign in",
        "Council approves budget after six-hour debate",
        "By Lena Fischer and Omar Haddad, Reuters",
        "Share this article", "Comments",
        body=[STORY[0], "ADVERTISEMENT", *STORY[1:]],
        after=("Share this article", "Copyright 2031 The Paper. All rights reserved."),
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == tuple(STORY)
    assert cleaned.title == "Council approves budget after six-hour debate"
    assert cleaned.byline == "By Lena Fischer and Omar Haddad, Reuters"


def test_duplicated_caption_and_credit_become_one_caption() -> None:
    caption = "Councillors vote on the budget in the town hall on Monday."
    text = dump(
        "Council approves budget after six-hour debate",
        f" {caption}",
        f"{caption} Copyright\u00a0 AP/Town Hall Press Office",
        "Copyright\u00a0 AP/Town Hall Press Office",
        "By Lena Fischer",
    )
    cleaned = clean_text(text)
    assert [(c.text, c.credit) for c in cleaned.captions] == [(caption, "AP/Town Hall Press Office")]
    assert caption not in cleaned.paragraphs
    assert cleaned.paragraphs == tuple(STORY)


def test_related_headlines_after_the_marker() -> None:
    related = ["Schools brace for a tight year", "Auditor to publish report on city finances", "Clinic hours extended"]
    text = dump("Council approves budget", after=("Share this articleComments", "You might also like", *related))
    cleaned = clean_text(text)
    assert cleaned.related == tuple(related)
    assert not set(related) & set(cleaned.paragraphs)


def test_comments_after_the_article_are_not_body() -> None:
    comments = (
        "Comments",
        "reader123 on March 3, 2031 at 9:14 am said:",
        "This is the worst budget I have seen in twenty years of living in this city, and I will say so at the next meeting.",
        "Reply",
    )
    cleaned = clean_text(dump("Council approves budget", after=comments))
    assert cleaned.paragraphs == tuple(STORY)


def test_cookie_and_newsletter_prompts_are_dropped() -> None:
    text = dump(
        "We use cookies to give you the best experience on our site. By continuing to browse you agree to our use of cookies.",
        "Sign up for our newsletter to get the day's top stories in your inbox every morning.",
        "Council approves budget",
    )
    assert clean_text(text).paragraphs == tuple(STORY)


def test_teaser_lists_are_not_the_body() -> None:
    teasers = [
        f"* Story number {i} about something else entirely that happened somewhere in the region last week and..."
        for i in range(8)
    ]
    cleaned = clean_text(dump(*teasers, "Council approves budget"))
    assert cleaned.paragraphs == tuple(STORY)


def test_nothing_to_keep() -> None:
    cleaned = clean_text("Home\nNews\nSport\nSign in\n")
    assert cleaned.paragraphs == ()
    assert clean_text("").paragraphs == ()


def test_a_standfirst_cut_off_by_byline_and_share_bar_is_kept() -> None:
    lead = "The council passed its budget after a long night, but the opposition says the numbers will not hold up."
    text = dump(
        "Home", "News", "Sport",
        "Council approves budget after six-hour debate",
        lead,
        "By Lena Fischer",
        "12 March 2031",
        "Photo: Town Hall Press Office",
        "Share", "Tweet", "Email",
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == (lead, *STORY)
    assert cleaned.title == "Council approves budget after six-hour debate"


def test_a_standfirst_above_a_long_photo_caption_is_kept() -> None:
    lead = "The council passed its budget after a long night, but the opposition says the numbers will not hold up."
    caption = "Councillors and members of the public wait outside the town hall before the vote on Monday evening in the rain"
    text = dump("Home", "Council approves budget after six-hour debate", lead, caption, "Photo: Town Hall", "Share", "Tweet")
    assert clean_text(text).paragraphs == (lead, *STORY)


def test_a_teaser_above_a_menu_is_no_standfirst() -> None:
    teaser = "Another story about the harbour that the paper ran last week, with a long summary of what happened there."
    chrome = ("By Lena Fischer", "Share", "Tweet", "Email", "Print")
    menu = ("World", "Politics", "Business", "Science", "Health", "Arts", "Travel", "Food", "Opinion", "Video")
    text = dump("Home", teaser, *menu, "Council approves budget", *chrome)
    assert clean_text(text).paragraphs == tuple(STORY)
    assert teaser in clean_text(dump("Home", teaser, "Council approves budget", *chrome)).paragraphs


def test_a_paragraph_trailing_off_is_prose_but_teasers_are_not() -> None:
    trailing = (
        "Nobody in the chamber expected the vote to pass. The mayor had warned that it might take until dawn. "
        "And then, just after midnight, the last holdout changed her mind, and everyone went home..."
    )
    body = [trailing, *STORY]  # first, so that only its own score can bring it in
    assert clean_text(dump("Council approves budget", "Share", "Tweet", body=body)).paragraphs == tuple(body)
    teasers = [
        f"Story {i} about the port. It was a long week for the harbour workers, who said that the new rules would..."
        for i in range(4)
    ]
    assert not set(teasers) & set(clean_text(dump("Council approves budget", after=("Latest", *teasers))).paragraphs)


def test_a_box_label_and_the_teaser_under_it_are_dropped_but_a_subheading_stays() -> None:
    body = [*STORY[:2], "From the archive", "Harbour workers vote on a new contract", *STORY[2:4], "What comes next", STORY[4]]
    cleaned = clean_text(dump("Council approves budget", body=body))
    assert cleaned.paragraphs == (*STORY[:4], "What comes next", STORY[4])


def test_a_disclosure_and_an_app_prompt_at_the_edges_of_the_body_are_dropped() -> None:
    disclosure = "This post contains affiliate links, and we may earn a commission when you buy through them."
    app = "Get the latest news on your phone: download our app for iOS and Android."
    text = dump("Home", "Deals", "Council approves budget", "Share", "Tweet", disclosure, after=(app, "Contact", "Jobs", "Imprint"))
    assert clean_text(text).paragraphs == tuple(STORY)


def test_a_day_month_year_dateline_anchors_the_article_over_longer_posts_below() -> None:
    posts = [
        f"Reader {i}: I have lived in this city for forty years and I have never seen a budget this careless, "
        "the council should be ashamed of itself and every one of them should resign before the spring."
        for i in range(6)
    ]
    for dateline in ("12. März 2031", "12 de marzo de 2031", "12 March 2031"):
        text = dump(
            "Home", "Council approves budget", dateline,
            after=("Share", "Print", "Forum", "Latest posts", "Most active", "Log in", "Rules", *posts),
        )
        assert clean_text(text).paragraphs == tuple(STORY), dateline


def test_a_paragraph_above_a_bare_credit_line_is_no_caption() -> None:
    paragraph = (
        "The council met late into the night to agree on the budget, and the vote came only after the mayor promised "
        "to protect the clinics, the schools and the libraries from any cut this year or the next, whatever the auditor says."
    )
    body = [STORY[0], paragraph, "Photo: Town Hall Press Office", *STORY[1:]]
    cleaned = clean_text(dump("Council approves budget", body=body))
    assert paragraph in cleaned.paragraphs
    assert not cleaned.captions


def test_a_link_label_and_its_headline_inside_the_body_are_dropped() -> None:
    links = ["Read more: Harbour workers vote on a new contract", "À lire aussi » Le port vote un nouveau contrat"]
    body = [STORY[0], links[0], *STORY[1:3], links[1], *STORY[3:]]
    assert clean_text(dump("Council approves budget", body=body)).paragraphs == tuple(STORY)
    # the same words in a sentence of the article, with no separator after them, are body
    sentence = "Read more about the plan in the council's own report, which runs to four hundred pages."
    body = [STORY[0], sentence, *STORY[1:]]
    assert clean_text(dump("Council approves budget", body=body)).paragraphs == tuple(body)


def test_a_newsletter_box_inside_the_article_does_not_cut_it() -> None:
    box = [
        "The Morning Paper",
        "Sign up for our newsletter to get the day's top stories in your inbox.",
        "Email address",
        "Sign me up",
        "By submitting your information you agree to the terms and conditions.",
    ]
    later = [
        "Councillor Mendes said she would table an amendment at the next meeting to move money back to the libraries.",
        "The mayor's office said it was open to talks but that the overall figure would not change this year.",
        "A public hearing on the budget is scheduled for the first week of February at the town hall.",
    ]
    body = [*STORY, *box, *later]
    assert clean_text(dump("Council approves budget", body=body)).paragraphs == (*STORY, *later)


def test_a_list_announced_by_a_colon_stays_even_without_bullets() -> None:
    # html-text and other renderers drop the bullets of <li> items
    items = ["Libraries open on Sundays", "Free bus passes for pupils", "A new roof for the clinic"]
    body = [STORY[0], "The budget funds three new projects:", *items, *STORY[1:]]
    assert clean_text(dump("Council approves budget", body=body)).paragraphs == tuple(body)


def test_a_standfirst_above_a_table_of_contents_is_kept() -> None:
    lead = "The council passed its budget after a long night, but the opposition says the numbers will not hold up."
    headings = [f"What the budget means for {topic}" for topic in ("schools", "clinics", "libraries", "buses", "parks")]
    contents = ["Contents", *[f"{n}. {h}" for n, h in enumerate(headings, 1)]] * 2  # printed twice, as some sites do
    body = [STORY[0], headings[0], STORY[1], headings[1], STORY[2], headings[2], STORY[3], headings[3], STORY[4],
            headings[4], STORY[0].replace("Monday", "Tuesday")]
    text = dump("Home", "Council approves budget", lead, "By Lena Fischer", *contents, body=body)
    assert clean_text(text).paragraphs == (lead, *body)
