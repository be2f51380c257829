"""Made-up news pages for ingest tests (all text written for these tests).

``news_page(i)`` is a complete HTML article whose sentences are picked and filled from
small pools by ``i``, so different pages share little text, while ``wire_copy`` makes a
near-duplicate of a page as another site would republish it.
"""

from __future__ import annotations

import html
import random
from pathlib import Path

PEOPLE = [
    ("Maria Okafor", "the county's transport director"),
    ("Daniel Brandt", "a spokesman for the regional council"),
    ("Aiko Tanaka", "the head of the farmers' union"),
    ("Samuel Mensah", "the mayor"),
    ("Lena Fischer", "a local shop owner"),
    ("Tomas Berg", "the chair of the residents' association"),
]
TOWNS = ["Riverton", "Eastfield", "Marrowby", "Hollin", "Westcombe", "Kettleby", "Ashford Vale", "Brackenhurst"]
TOPICS = [
    ("bridge", "The old bridge in {town} will close for {n} weeks of repairs starting in {month}."),
    ("ferry", "A new ferry service between {town} and the coast will begin running in {month}."),
    ("school", "Pupils in {town} moved into {n} new classrooms after a long building project."),
    ("harvest", "Farmers around {town} reported their smallest harvest in {n} years this {month}."),
    ("market", "The weekly market in {town} will move to the station square from {month}."),
    ("library", "The library in {town} will open on Sundays for the first time in {n} years."),
]
BACKGROUND = [
    "The plan was first discussed at a public meeting in {town} that drew about {n} residents.",
    "Officials said the cost had risen by {n} percent since the first estimate was published.",
    "The council expects to publish a full timetable before the end of {month}.",
    "Local businesses have asked for {n} extra parking spaces while the work goes on.",
    "A petition signed by {n} people called for the project to be finished before winter.",
    "The regional government agreed to cover part of the bill after months of talks.",
    "Residents who live near the site were sent letters explaining the changes in {month}.",
    "Similar projects in neighbouring towns took between {n} and {m} months to complete.",
    "The opposition group on the council said it would ask for an independent review.",
    "Engineers inspected the site twice in {month} and found no reason for further delay.",
]
DIRECT = [
    "We have waited long enough, and the people of {town} deserve better than this",
    "Nobody wants the disruption, but the alternative is far worse for everyone",
    "This is the biggest change the town has seen in {n} years",
    "We will keep listening to residents at every stage of the work",
    "I am confident the money is being spent in the right place",
]
INDIRECT = [
    "the timetable was realistic and that work would stay on budget",
    "more help would be offered to families affected by the changes",
    "the council had underestimated how many people rely on the service",
    "a second public meeting would be held in {month}",
]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]


def _fill(template: str, rng: random.Random, town: str) -> str:
    return template.format(town=town, n=rng.randint(3, 90), m=rng.randint(91, 120), month=rng.choice(MONTHS))


def article_parts(i: int) -> dict[str, object]:
    """Title, date, author and paragraphs of page ``i`` (deterministic)."""
    rng = random.Random(i)
    town = TOWNS[i % len(TOWNS)]
    topic, lead = TOPICS[i % len(TOPICS)]
    name, role = PEOPLE[i % len(PEOPLE)]
    other, other_role = PEOPLE[(i + 3) % len(PEOPLE)]
    background = rng.sample(BACKGROUND, 4)
    paragraphs = [
        _fill(lead, rng, town) + " " + _fill(background[0], rng, town),
        f'"{_fill(rng.choice(DIRECT), rng, town)}," said {name}, {role}.',
        _fill(background[1], rng, town) + " " + _fill(background[2], rng, town),
        f"{other}, {other_role}, said {_fill(rng.choice(INDIRECT), rng, town)}.",
        _fill(background[3], rng, town) + f" The story was updated {i} times on the day.",
    ]
    return {
        "title": f"{town} {topic} plan: update {i}",
        "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "author": "Staff reporter",
        "paragraphs": paragraphs,
        "speakers": (name, other),
    }


def news_page(i: int, *, site: str = "news.example.com", extra: str | None = None) -> str:
    parts = article_parts(i)
    paragraphs = list(parts["paragraphs"])  # type: ignore[call-overload]
    if extra:
        paragraphs.append(extra)
    url = f"https://{site}/local/{i:05d}-story"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    title = html.escape(str(parts["title"]))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta name="author" content="{parts['author']}">
<meta property="article:published_time" content="{parts['date']}T09:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By {parts['author']}</p>
{body}
</article></main>
<footer><p>Example News, all rights reserved.</p></footer>
</body></html>
"""


def wire_copy(i: int, site: str) -> str:
    """Page ``i`` as republished by ``site``: same story, another URL, one line added."""
    return news_page(i, site=site, extra=f"This report was distributed to partner sites including {site}.")


def write_pages(directory: Path, count: int, *, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = directory / f"page-{i:05d}.html"
        path.write_text(news_page(i), encoding="utf-8")
        paths.append(path)
    return paths
