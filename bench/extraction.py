"""Extraction benchmark: presslens vs trafilatura vs readability-lxml on the Zyte benchmark.

    .venv/bin/python bench/extraction.py [--data DIR] [--rounds N] [--write-results]

Scores, in one run, on the 181 pages of ``../shared/data/zyte-article-extraction`` (metric
from its NOTE.md: 4-token shingles, per-page precision/recall averaged, F1 of the means):

1. HTML: presslens, trafilatura 2.3.1 (``include_comments=False``, the 0.960 reference) and
   readability-lxml; pages per second of each (best of ``--rounds`` timed passes, one process).
2. Scraped text: every page rendered to text with inscriptis, chrome included, as a scraper
   would; the raw dump, trafilatura given the dump, and presslens' text cleaner.

``--write-results`` replaces the "Extraction" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "zyte-article-extraction"
RESULTS = REPO_ROOT / "bench" / "RESULTS.md"

_TOKEN = re.compile(r"\w+")


# --- the benchmark's metric -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    url: str
    html: bytes
    gold: str


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    accuracy: float


def load_pages(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(page_id, item["url"], html, item["articleBody"]))
    return pages


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
    """Mean per-page precision (pages with tp + fp > 0) and recall (tp + fn > 0); F1 of means."""
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
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, exact / n if n else 0.0)


# --- the tools --------------------------------------------------------------------------------


def presslens_tool(input_format: str) -> Callable[[bytes, str | None], str]:
    from presslens.extraction import ExtractOptions, extract_article
    from presslens.model import Article, RawDocument

    options = ExtractOptions(input_format=input_format, min_words=0)

    def run(content: bytes, url: str | None) -> str:
        result = extract_article(RawDocument(uri=url or "<bench>", content=content), options=options)
        return result.text if isinstance(result, Article) else ""

    return run


def trafilatura_tool(content: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(content, url=url, include_comments=False) or ""


def readability_tool(content: bytes, url: str | None) -> str:
    from lxml import html as lxml_html
    from readability import Document

    try:
        summary = Document(content, url=url).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - readability raises bare Exceptions on odd pages; score it empty
        return ""
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


def inscriptis_dump(content: bytes) -> str:
    from inscriptis import get_text

    return get_text(content.decode("utf-8", errors="replace"))


def html_text_dump(content: bytes) -> str:
    import html_text

    return str(html_text.extract_text(content.decode("utf-8", errors="replace")))


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    score: Score
    pages_per_s: float | None


def run_tool(name: str, tool: Callable[[bytes, str | None], str], inputs: Sequence[tuple[bytes, str | None]],
             golds: Sequence[str], rounds: int) -> Row:
    best = float("inf")
    outputs: list[str] = []
    for _ in range(rounds):
        start = time.perf_counter()
        outputs = [tool(content, url) for content, url in inputs]
        best = min(best, time.perf_counter() - start)
    return Row(name, score(zip(golds, outputs)), len(inputs) / best)


def run(data: Path, rounds: int) -> tuple[list[Row], list[Row], int]:
    pages = load_pages(data)
    golds = [p.gold for p in pages]
    html_inputs = [(p.html, p.url) for p in pages]
    tools = [
        ("presslens", presslens_tool("auto")),
        ("trafilatura", trafilatura_tool),
        ("readability-lxml", readability_tool),
    ]
    for _, tool in tools:  # warm imports and caches outside the timed passes
        tool(*html_inputs[0])
    html_rows = [run_tool(name, tool, html_inputs, golds, rounds) for name, tool in tools]
    dumps = [inscriptis_dump(p.html) for p in pages]
    text_inputs = [(d.encode("utf-8"), None) for d in dumps]
    other_dumps = [html_text_dump(p.html) for p in pages]
    text_rows = [
        Row("raw inscriptis dump", score(zip(golds, dumps)), None),
        run_tool("trafilatura on the dump", trafilatura_tool, text_inputs, golds, 1),
        run_tool("presslens text cleaner", presslens_tool("auto"), text_inputs, golds, rounds),
        Row("raw html-text dump (check)", score(zip(golds, other_dumps)), None),
        run_tool("presslens text cleaner on html-text dump (check)", presslens_tool("auto"),
                 [(d.encode("utf-8"), None) for d in other_dumps], golds, 1),
    ]
    return html_rows, text_rows, len(pages)


# --- reporting --------------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> list[str]:
    lines = ["| tool | precision | recall | F1 | accuracy | pages/s |", "|---|---|---|---|---|---|"]
    for row in rows:
        speed = "" if row.pages_per_s is None else f"{row.pages_per_s:.1f}"
        s = row.score
        lines.append(f"| {row.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.4f} | {s.accuracy:.3f} | {speed} |")
    return lines


def report(html_rows: Sequence[Row], text_rows: Sequence[Row], data: Path, rounds: int, pages: int) -> str:
    ours = next(r for r in html_rows if r.name == "presslens")
    reference = next(r for r in html_rows if r.name == "trafilatura")
    cleaner = next(r for r in text_rows if r.name == "presslens text cleaner")
    speed_ratio = (ours.pages_per_s or 0) / (reference.pages_per_s or 1)
    lines = [
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.machine()} "
        f"Python {platform.python_version()}; {pages} pages from "
        f"`{data.name}`; speed is the best of {rounds} timed passes in one process.",
        "",
        "HTML (target: F1 >= 0.965 at >= 0.8x trafilatura's pages/s):",
        "",
        *table(html_rows),
        "",
        f"presslens / trafilatura: F1 {ours.score.f1 / reference.score.f1:.3f}x "
        f"({ours.score.f1:.4f} vs {reference.score.f1:.4f}), speed {speed_ratio:.2f}x.",
        "",
        "Scraped text, each page rendered with inscriptis, chrome included (target: F1 >= 0.88; "
        "the html-text rows check that the cleaner is not tied to one renderer):",
        "",
        *table(text_rows),
        "",
        f"Targets: HTML F1 {'met' if ours.score.f1 >= 0.965 else 'MISSED'}, "
        f"speed {'met' if speed_ratio >= 0.8 else 'MISSED'}, "
        f"text F1 {'met' if cleaner.score.f1 >= 0.88 else 'MISSED'}.",
    ]
    return "\n".join(lines)


def write_results(section: str, machine: str | None) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    header = "## Extraction (`bench/extraction.py`)"
    start = text.index(header) + len(header)
    following = text.find("\n## ", start)
    end = len(text) if following == -1 else following
    body = f"\n\n{('Machine: ' + machine + '. ') if machine else ''}{section}\n"
    RESULTS.write_text(text[:start] + body + text[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the zyte-article-extraction folder")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes per tool; the best one counts")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--machine", default=None, help="machine description for RESULTS.md")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"benchmark data not found in {args.data}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    html_rows, text_rows, pages = run(args.data, max(1, args.rounds))
    section = report(html_rows, text_rows, args.data, max(1, args.rounds), pages)
    print(section)
    if args.write_results:
        write_results(section, args.machine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
