"""Is a page a news article (or another article: a report, a blog post) or something else?

Shops, recipes, docs, forums, index and about pages hold sentences that look like quotes
("If you would like to ...") but report nobody. The class is read from what pages say of
themselves and from their shape, each signal scored in ``data/page_signals.json``:

- schema.org JSON-LD ``@type`` (NewsArticle, BlogPosting vs Product, Recipe, FAQPage...);
- Open Graph ``og:type`` (article vs product, website);
- the URL path (``/2024/05/slug``, ``/news/`` vs ``/product/``, ``/tag/``, the home page);
- a publication date declared in the page's metadata, and an author;
- the text: paragraphs of running prose vs short list lines, prices, quantities.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from presslens.model import Article

__all__ = ["PageSignals", "classify_page", "page_signals", "score_page"]

_LD_SCRIPT = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?\u2026\"\u201d\u00bb)]\s*$")
_MAX_SCAN = 400_000  # characters of HTML searched for types: the head and the top of the body


@dataclass(frozen=True, slots=True)
class PageSignals:
    """The scores of every signal, read once from ``data/page_signals.json``."""

    threshold: float
    prior: float
    ld_types: dict[str, float]
    og_types: dict[str, float]
    url_patterns: tuple[tuple[re.Pattern[str], float], ...]
    has_date: float
    declared_date: float
    declared_date_markers: tuple[str, ...]  # plain substrings: str.find beats a regex alternation
    has_author: float
    text: dict[str, Any]
    price: re.Pattern[str]
    quantity: re.Pattern[str]


@cache
def page_signals() -> PageSignals:
    raw = resources.files("presslens.extraction").joinpath("data", "page_signals.json").read_text("utf-8")
    data = json.loads(raw)
    return PageSignals(
        threshold=float(data["threshold"]),
        prior=float(data["prior"]),
        ld_types={k: float(v) for k, v in data["ld_types"].items()},
        og_types={k.lower(): float(v) for k, v in data["og_types"].items()},
        url_patterns=tuple((re.compile(p), float(v)) for p, v in data["url_patterns"].items()),
        has_date=float(data["has_date"]),
        declared_date=float(data["declared_date"]),
        declared_date_markers=tuple(data["declared_date_markers"]),
        has_author=float(data["has_author"]),
        text=dict(data["text"]),
        price=re.compile(data["price_pattern"], re.I),
        quantity=re.compile(data["quantity_pattern"], re.I),
    )


def declared_types(html: str) -> tuple[set[str], set[str]]:
    """(schema.org ``@type`` values in JSON-LD, ``og:type`` values) a page declares."""
    ld: set[str] = set()
    for script in _LD_SCRIPT.findall(html, 0, _MAX_SCAN):  # bounds, not a slice: no copy
        for value in _LD_TYPE.findall(script):
            try:
                parsed = json.loads(value)
            except ValueError:
                continue
            for kind in parsed if isinstance(parsed, list) else [parsed]:
                if isinstance(kind, str):
                    ld.add(kind.rsplit("/", 1)[-1])  # "http://schema.org/NewsArticle"
    og: set[str] = set()
    for tag in _META.findall(html, 0, _MAX_SCAN):
        if "og:type" not in tag.lower():  # the attributes are parsed only where they can say it
            continue
        attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}
        if (attrs.get("property") or attrs.get("name") or "").lower() == "og:type" and attrs.get("content"):
            og.add(attrs["content"].strip().lower())
    return ld, og


def score_page(article: Article, html: str | None = None) -> dict[str, float]:
    """Each signal that fired, with its score (for measuring and explaining a class)."""
    signals = page_signals()
    fired: dict[str, float] = {"prior": signals.prior}
    if html is not None:
        ld, og = declared_types(html)
        ld_scores = [signals.ld_types[t] for t in ld if t in signals.ld_types]
        if ld_scores:
            # a news page may describe a Product, a recipe page also calls itself an Article:
            # the strongest claim each way, added
            fired["ld"] = max(0.0, *ld_scores) + min(0.0, *ld_scores)
        og_scores = [signals.og_types[t] for t in og if t in signals.og_types]
        if og_scores:
            fired["og"] = max(og_scores, key=abs)
        if any(html.find(marker, 0, _MAX_SCAN) >= 0 for marker in signals.declared_date_markers):
            fired["declared_date"] = signals.declared_date
    if article.url:
        path = urlsplit(article.url).path.lower()
        for pattern, score in signals.url_patterns:
            if pattern.search(path):
                fired[f"url:{pattern.pattern[:24]}"] = score
    if article.published:
        fired["date"] = signals.has_date
    if article.authors:
        fired["author"] = signals.has_author
    fired.update(_text_signals(article, signals))
    return fired


def classify_page(article: Article, html: str | None = None) -> str:
    """``"news"`` for an article, ``"other"`` for any other page (see ``model.PAGE_CLASSES``)."""
    # "other" only on evidence: a page with no signal either way is taken for news
    return "news" if sum(score_page(article, html).values()) >= page_signals().threshold else "other"


def _text_signals(article: Article, signals: PageSignals) -> dict[str, float]:
    rules = signals.text
    lines = article.paragraph_texts()
    if not lines:
        return {}
    words = [len(_WORD.findall(line)) for line in lines]
    long_lines = sum(1 for line, n in zip(lines, words, strict=True) if n >= rules["long_paragraph_words"] and _SENTENCE_END.search(line))
    listy = sum(1 for line, n in zip(lines, words, strict=True) if n < 8 and not _SENTENCE_END.search(line))
    prices = sum(1 for line, n in zip(lines, words, strict=True) if n <= rules["price_share"]["max_words"] and signals.price.search(line))
    quantities = sum(1 for line in lines if signals.quantity.search(line))
    share = len(lines)
    fired: dict[str, float] = {}
    shares = {
        "long_paragraph_share": long_lines / share,
        "listy_share": listy / share,
        "price_share": prices / share,  # "€ 19,99" on a line of its own, not "$16M" in a story
        "quantity_share": quantities / share,
    }
    for name, value in shares.items():
        rule = rules[name]
        if value > rule["above"]:
            fired[f"text:{name}"] = float(rule["score"])
    few = rules["few_long_paragraphs"]
    if long_lines < few["below"]:
        fired["text:few_long_paragraphs"] = float(few["score"])
    return fired
