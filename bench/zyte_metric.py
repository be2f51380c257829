"""The Zyte article-extraction benchmark's metric (see its NOTE.md), and page loading."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ZYTE_DIR = REPO_ROOT.parent / "shared" / "data" / "zyte-article-extraction"

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    url: str
    html: bytes
    gold: str


def load_pages(root: Path = ZYTE_DIR) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(page_id, item["url"], html, item["articleBody"]))
    return pages


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    accuracy: float


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) normalised by tp + fp + fn, as in the benchmark."""
    truth, pred = _shingles(gold), _shingles(predicted)
    tp = sum(min(truth[s], pred[s]) for s in truth.keys() & pred.keys())
    fp = sum(pred.values()) - tp
    fn = sum(truth.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean per-page precision and recall over (gold, predicted) pairs; F1 of the means."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    n = 0
    for gold, predicted in pairs:
        n += 1
        if _TOKEN.findall(gold) == _TOKEN.findall(predicted):
            exact += 1
        tp, fp, fn = page_counts(gold, predicted)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f1, exact / n if n else 0.0)
