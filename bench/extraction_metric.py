"""The metrics behind bench/extraction.py, as the data sets' NOTE.md files define them.

Zyte (``zyte-article-extraction/NOTE.md``): 4-token shingles of the body against the gold
``articleBody``; per-page precision and recall averaged over pages, F1 of the two means.

trafilatura-eval-dev (``trafilatura-eval-dev/NOTE.md``), text compared after Unicode NFC and
collapsed white space:

- body: over all pages, a ``with`` snippet found in the main text is a true positive, one not
  found a false negative; a ``without`` snippet found is a false positive; precision, recall
  and F1 over the totals;
- title: the gold title is contained in the extracted title, ignoring case (pages with a
  gold title);
- author (relaxed): the set of names equals the gold set, ignoring case and the separators
  ``;`` ``,`` ``and`` ``&`` (pages with a gold author); spurious: the share of pages whose
  gold author is empty where an author was extracted anyway;
- date: the first ten characters of the extracted date equal the gold ``YYYY-MM-DD`` (pages
  with a gold date).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "DevGold",
    "DevPrediction",
    "DevScore",
    "Score",
    "author_names",
    "normalise",
    "page_counts",
    "score",
    "score_dev",
    "snippet_counts",
]

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|&|\band\b)\s*", re.IGNORECASE)


# --- Zyte: shingles, per-page means -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    accuracy: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, each divided by tp + fp + fn, as the benchmark does."""
    truth, pred = _shingles(gold), _shingles(predicted)
    tp = sum(min(truth[s], pred[s]) for s in truth.keys() & pred.keys())
    fp = sum(pred.values()) - tp
    fn = sum(truth.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean per-page precision (pages with tp + fp > 0) and recall (tp + fn > 0); F1 of means.
    ``accuracy`` is the share of pages whose tokens equal the gold tokens exactly."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = n = 0
    for gold, predicted in pairs:
        n += 1
        exact += _TOKEN.findall(gold) == _TOKEN.findall(predicted)
        tp, fp, fn = page_counts(gold, predicted)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(p, r, _f1(p, r), exact / n if n else 0.0)


# --- trafilatura-eval-dev: snippets and metadata fields -----------------------------------------


def normalise(text: str | None) -> str:
    """Unicode NFC, white space collapsed to single spaces, ends stripped."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def snippet_counts(text: str, with_snippets: Sequence[str], without_snippets: Sequence[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page: ``with`` snippets found / ``without`` found / ``with`` missed."""
    body = normalise(text)
    found = sum(normalise(s) in body for s in with_snippets)
    leaked = sum(normalise(s) in body for s in without_snippets)
    return found, leaked, len(with_snippets) - found


def author_names(value: str | Sequence[str] | None) -> frozenset[str]:
    """The set of names in an author field, lower-cased, split at ``;`` ``,`` ``and`` ``&``."""
    if value is None:
        return frozenset()
    joined = value if isinstance(value, str) else "; ".join(value)
    parts = _AUTHOR_SEPARATORS.split(normalise(joined).lower())
    return frozenset(p.strip() for p in parts if p.strip())


@dataclass(frozen=True, slots=True)
class DevGold:
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]
    title: str | None = None  # None: the page has no metadata gold
    author: str | None = None  # "" : the page names no author
    date: str | None = None


@dataclass(frozen=True, slots=True)
class DevPrediction:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Rate:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class DevScore:
    precision: float
    recall: float
    f1: float
    title: Rate
    author: Rate
    spurious: Rate
    date: Rate


def _title_hit(gold: str, predicted: str | None) -> bool:
    return bool(predicted) and normalise(gold).lower() in normalise(predicted).lower()


def _date_hit(gold: str, predicted: str | None) -> bool:
    return bool(predicted) and normalise(predicted)[:10] == normalise(gold)


def score_dev(pairs: Iterable[tuple[DevGold, DevPrediction]]) -> DevScore:
    tp = fp = fn = 0
    title = [0, 0]
    author = [0, 0]
    spurious = [0, 0]
    date = [0, 0]
    for gold, predicted in pairs:
        page_tp, page_fp, page_fn = snippet_counts(predicted.text, gold.with_snippets, gold.without_snippets)
        tp, fp, fn = tp + page_tp, fp + page_fp, fn + page_fn
        if gold.title:
            title[0] += _title_hit(gold.title, predicted.title)
            title[1] += 1
        if gold.author is not None:
            gold_names, names = author_names(gold.author), author_names(predicted.authors)
            if gold_names:
                author[0] += gold_names == names
                author[1] += 1
            else:
                spurious[0] += bool(names)
                spurious[1] += 1
        if gold.date:
            date[0] += _date_hit(gold.date, predicted.date)
            date[1] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return DevScore(precision, recall, _f1(precision, recall), Rate(*title), Rate(*author), Rate(*spurious), Rate(*date))
