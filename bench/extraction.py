"""Extraction benchmark: presslens beside trafilatura (default and precision modes) on two sets.

    .venv/bin/python bench/extraction.py [--part PART ...] [--rounds N] [--write-results --machine TEXT]

Parts (``--part``, repeatable; default all): ``zyte-html``, ``zyte-text``, ``dev-html``,
``dev-text``; ``zyte``, ``dev``, ``html`` and ``text`` name two parts each.

- ``zyte-html``: the 181 pages of ``../shared/data/zyte-article-extraction`` (metric from its
  NOTE.md: 4-token shingles, per-page precision/recall averaged, F1 of the means). presslens,
  trafilatura 2.3.1 ``extract(include_comments=False)`` in its default mode and with
  ``favor_precision=True``, readability-lxml; pages/s of each is the median of ``--rounds``
  alternating timed passes in one process (tool A, B, C, D, A, B, ...).
- ``zyte-text``: every Zyte page rendered to text with inscriptis and with html-text, chrome
  included, as a scraper would; the raw dump beside presslens' text cleaner.
- ``dev-html``: the 467 pages of ``../shared/data/trafilatura-eval-dev`` (metrics from its
  NOTE.md: body snippets that must / must not appear, title, author relaxed, spurious authors
  on author-less pages, date); presslens beside trafilatura ``bare_extraction(with_metadata=True)``
  in both modes, and presslens' ratio to the better trafilatura row per field.
- ``dev-text``: the dev pages rendered with inscriptis and html-text, scored with the same
  snippets: raw dump beside presslens' text cleaner.

The metric code is ``bench/extraction_metric.py``. ``--write-results`` (all parts only)
replaces the "Extraction" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.extraction_metric import DevGold, DevPrediction, DevScore, Score, score, score_dev  # noqa: E402

SHARED = REPO_ROOT.parent / "shared" / "data"
DEFAULT_ZYTE = SHARED / "zyte-article-extraction"
DEFAULT_DEV = SHARED / "trafilatura-eval-dev"
RESULTS = REPO_ROOT / "bench" / "RESULTS.md"
PARTS = ("zyte-html", "zyte-text", "dev-html", "dev-text")
ALIASES = {
    "zyte": ("zyte-html", "zyte-text"),
    "dev": ("dev-html", "dev-text"),
    "html": ("zyte-html", "dev-html"),
    "text": ("zyte-text", "dev-text"),
    "all": PARTS,
}
ZYTE_F1_TARGET = 0.970
SPEED_TARGET = 1.0
DEV_TARGETS = {"author": 0.65, "spurious": 0.20, "date": 0.90, "title": 0.85}
TEXT_F1_TARGET = 0.90

T = TypeVar("T")


# --- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    html: bytes
    gold: str


@dataclass(frozen=True, slots=True)
class DevPage:
    url: str
    html: bytes
    gold: DevGold


def load_zyte(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(item["url"], gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes()), item["articleBody"])
        for page_id, item in sorted(truth.items())
    ]


def _gold_text(value: object) -> str | None:
    if value is None:
        return None
    return "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def load_dev(root: Path) -> list[DevPage]:
    truth = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(truth.items()):
        gold = DevGold(
            with_snippets=tuple(item.get("with", ())),
            without_snippets=tuple(item.get("without", ())),
            title=_gold_text(item.get("title")),
            author=_gold_text(item.get("author")),
            date=_gold_text(item.get("date")),
        )
        pages.append(DevPage(url, gzip.decompress((root / "pages" / item["file"]).read_bytes()), gold))
    return pages


# --- the tools ----------------------------------------------------------------------------------


def presslens_article(input_format: str) -> Callable[[bytes, str | None], Any]:
    from presslens.extraction import ExtractOptions, extract_article
    from presslens.model import RawDocument

    options = ExtractOptions(input_format=input_format, min_words=0)

    def run(content: bytes, url: str | None) -> Any:
        return extract_article(RawDocument(uri=url or "<bench>", content=content), options=options)

    return run


def presslens_text(input_format: str) -> Callable[[bytes, str | None], str]:
    from presslens.model import Article

    extract = presslens_article(input_format)

    def run(content: bytes, url: str | None) -> str:
        result = extract(content, url)
        return result.text if isinstance(result, Article) else ""

    return run


def presslens_dev(content: bytes, url: str | None) -> DevPrediction:
    from presslens.model import Article

    result = _PRESSLENS_HTML(content, url)
    if not isinstance(result, Article):
        return DevPrediction(text="")
    # An agency-only byline ("AFP") is the page's author as the gold sees it.
    names = result.authors or result.agencies
    return DevPrediction(text=result.text, title=result.title, authors=names, date=result.published)


_PRESSLENS_HTML = presslens_article("html")


def trafilatura_text(precision: bool) -> Callable[[bytes, str | None], str]:
    import trafilatura

    def run(content: bytes, url: str | None) -> str:
        return trafilatura.extract(content, url=url, include_comments=False, favor_precision=precision) or ""

    return run


def trafilatura_dev(precision: bool) -> Callable[[bytes, str | None], DevPrediction]:
    import trafilatura

    def run(content: bytes, url: str | None) -> DevPrediction:
        document = trafilatura.bare_extraction(
            content, url=url, with_metadata=True, include_comments=False, favor_precision=precision
        )
        if document is None:
            return DevPrediction(text="")
        author = getattr(document, "author", None)
        return DevPrediction(
            text=getattr(document, "text", None) or "",
            title=getattr(document, "title", None),
            authors=(author,) if author else (),
            date=getattr(document, "date", None),
        )

    return run


def readability_text(content: bytes, url: str | None) -> str:
    from lxml import html as lxml_html
    from readability import Document

    try:
        summary = Document(content, url=url).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - readability raises bare Exceptions on odd pages; score it empty
        return ""
    return str(lxml_html.fromstring(summary).text_content()) if summary.strip() else ""


def _decoded(content: bytes) -> str:
    from trafilatura.utils import decode_file

    return decode_file(content)


def inscriptis_dump(content: bytes) -> str:
    from inscriptis import get_text

    return str(get_text(_decoded(content)))


def html_text_dump(content: bytes) -> str:
    import html_text

    return str(html_text.extract_text(_decoded(content)))


# --- timed, alternating runs --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timed:
    outputs: list[Any]
    pages_per_s: list[float]  # one figure per timed pass, wall clock
    cpu_pages_per_s: list[float]  # the same passes in this process's CPU time

    @property
    def median(self) -> float:
        return statistics.median(self.pages_per_s)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_pages_per_s)


def run_alternating(tools: Sequence[tuple[str, Callable[[bytes, str | None], T]]],
                    inputs: Sequence[tuple[bytes, str | None]], rounds: int) -> dict[str, Timed]:
    """Each round runs every tool once over all inputs, in turn; pages/s per pass is kept."""
    for _, tool in tools:  # imports and caches warm outside the timed passes
        tool(*inputs[0])
    outputs: dict[str, list[Any]] = {}
    speeds: dict[str, list[float]] = {name: [] for name, _ in tools}
    cpu_speeds: dict[str, list[float]] = {name: [] for name, _ in tools}
    for _ in range(rounds):
        for name, tool in tools:
            start, cpu_start = time.perf_counter(), time.process_time()
            outputs[name] = [tool(content, url) for content, url in inputs]
            speeds[name].append(len(inputs) / (time.perf_counter() - start))
            cpu_speeds[name].append(len(inputs) / max(time.process_time() - cpu_start, 1e-9))
    return {name: Timed(outputs[name], speeds[name], cpu_speeds[name]) for name, _ in tools}


# --- the parts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    score: Score
    pages_per_s: float | None = None
    cpu_pages_per_s: float | None = None


@dataclass(frozen=True, slots=True)
class DevRow:
    name: str
    score: DevScore
    pages_per_s: float | None = None


def zyte_html(pages: Sequence[Page], rounds: int) -> list[Row]:
    inputs = [(p.html, p.url) for p in pages]
    tools: list[tuple[str, Callable[[bytes, str | None], str]]] = [
        ("presslens", presslens_text("auto")),
        ("trafilatura default", trafilatura_text(False)),
        ("trafilatura precision", trafilatura_text(True)),
        ("readability-lxml", readability_text),
    ]
    timed = run_alternating(tools, inputs, rounds)
    golds = [p.gold for p in pages]
    return [Row(name, score(zip(golds, t.outputs)), t.median, t.cpu_median) for name, t in timed.items()]


def _text_rows(dumps: Sequence[tuple[str, list[str]]], scorer: Callable[[list[str]], T],
               row: Callable[[str, T, float | None], Any], rounds: int) -> list[Any]:
    rows = []
    cleaner = presslens_text("text")
    for renderer, texts in dumps:
        rows.append(row(f"raw {renderer} dump", scorer(texts), None))
        timed = run_alternating([("cleaner", cleaner)], [(t.encode("utf-8"), None) for t in texts], rounds)
        rows.append(row(f"presslens text cleaner on the {renderer} dump", scorer(timed["cleaner"].outputs),
                        timed["cleaner"].median))
    return rows


def zyte_text(pages: Sequence[Page], rounds: int) -> list[Row]:
    golds = [p.gold for p in pages]
    dumps = [("inscriptis", [inscriptis_dump(p.html) for p in pages]),
             ("html-text", [html_text_dump(p.html) for p in pages])]
    return _text_rows(dumps, lambda texts: score(zip(golds, texts)), Row, rounds)


def dev_html(pages: Sequence[DevPage], rounds: int) -> list[DevRow]:
    inputs = [(p.html, p.url) for p in pages]
    tools: list[tuple[str, Callable[[bytes, str | None], DevPrediction]]] = [
        ("presslens", presslens_dev),
        ("trafilatura default", trafilatura_dev(False)),
        ("trafilatura precision", trafilatura_dev(True)),
    ]
    timed = run_alternating(tools, inputs, rounds)
    golds = [p.gold for p in pages]
    return [DevRow(name, score_dev(zip(golds, t.outputs)), t.median) for name, t in timed.items()]


def dev_text(pages: Sequence[DevPage], rounds: int) -> list[DevRow]:
    golds = [p.gold for p in pages]
    dumps = [("inscriptis", [inscriptis_dump(p.html) for p in pages]),
             ("html-text", [html_text_dump(p.html) for p in pages])]

    def scorer(texts: list[str]) -> DevScore:
        return score_dev((gold, DevPrediction(text=text)) for gold, text in zip(golds, texts))

    return _text_rows(dumps, scorer, DevRow, rounds)


# --- reporting ----------------------------------------------------------------------------------


def _speed(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def zyte_table(rows: Sequence[Row]) -> list[str]:
    lines = ["| tool | precision | recall | F1 | accuracy | pages/s | pages/CPU-s |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        s = row.score
        lines.append(f"| {row.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.4f} | {s.accuracy:.3f} "
                     f"| {_speed(row.pages_per_s)} | {_speed(row.cpu_pages_per_s)} |")
    return lines


def dev_table(rows: Sequence[DevRow], metadata: bool = True) -> list[str]:
    if not metadata:
        lines = ["| tool | body P | body R | body F1 | pages/s |", "|---|---|---|---|---|"]
        for row in rows:
            s = row.score
            lines.append(f"| {row.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.4f} | {_speed(row.pages_per_s)} |")
        return lines
    lines = [
        "| tool | body P | body R | body F1 | title | author (relaxed) | spurious authors | date | pages/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        s = row.score
        lines.append(
            f"| {row.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.4f} | {s.title.value:.3f} "
            f"| {s.author.value:.3f} | {s.spurious.value:.3f} | {s.date.value:.3f} | {_speed(row.pages_per_s)} |"
        )
    first = rows[0].score
    lines.append(f"| (pages scored) | {len(rows)} tools | | | {first.title.total} | {first.author.total} "
                 f"| {first.spurious.total} | {first.date.total} | |")
    return lines


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.3f}x" if theirs else "n/a"


def dev_summary(rows: Sequence[DevRow]) -> list[str]:
    ours = next(r.score for r in rows if r.name == "presslens")
    peers = [r.score for r in rows if r.name.startswith("trafilatura")]
    best = {
        "body F1": max(p.f1 for p in peers),
        "title": max(p.title.value for p in peers),
        "author": max(p.author.value for p in peers),
        "date": max(p.date.value for p in peers),
    }
    fewest_spurious = min(p.spurious.value for p in peers)
    mine = {"body F1": ours.f1, "title": ours.title.value, "author": ours.author.value, "date": ours.date.value}
    ratios = ", ".join(f"{k} {_ratio(mine[k], best[k])} ({mine[k]:.3f} vs {best[k]:.3f})" for k in best)
    met = {
        "body F1 >= better trafilatura": ours.f1 >= best["body F1"],
        f"title >= {DEV_TARGETS['title']}": ours.title.value >= DEV_TARGETS["title"],
        f"author >= {DEV_TARGETS['author']}": ours.author.value >= DEV_TARGETS["author"],
        f"spurious <= {DEV_TARGETS['spurious']}": ours.spurious.value <= DEV_TARGETS["spurious"],
        f"date >= {DEV_TARGETS['date']}": ours.date.value >= DEV_TARGETS["date"],
    }
    return [
        f"presslens / better trafilatura mode per field: {ratios}; spurious authors "
        f"{ours.spurious.value:.3f} vs {fewest_spurious:.3f} (fewer is better).",
        "",
        "Targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in met.items()) + ".",
    ]


def zyte_summary(rows: Sequence[Row], rounds: int) -> list[str]:
    ours = next(r for r in rows if r.name == "presslens")
    default = next(r for r in rows if r.name == "trafilatura default")
    better = max((r for r in rows if r.name.startswith("trafilatura")), key=lambda r: r.score.f1)
    speed = (ours.pages_per_s or 0) / (default.pages_per_s or 1)
    cpu_speed = (ours.cpu_pages_per_s or 0) / (default.cpu_pages_per_s or 1)
    return [
        f"presslens / {better.name} (the better F1): {_ratio(ours.score.f1, better.score.f1)} "
        f"({ours.score.f1:.4f} vs {better.score.f1:.4f}); speed vs trafilatura default {speed:.2f}x "
        f"(median of {rounds} alternating passes, wall clock; {cpu_speed:.2f}x in CPU time, "
        f"which other jobs on a shared machine disturb less).",
        "",
        f"Targets: F1 >= {ZYTE_F1_TARGET} {'met' if ours.score.f1 >= ZYTE_F1_TARGET else 'MISSED'}, "
        f"speed >= {SPEED_TARGET}x {'met' if speed >= SPEED_TARGET else 'MISSED'}.",
    ]


def text_summary(rows: Sequence[Any], f1: Callable[[Any], float]) -> list[str]:
    cleaners = [r for r in rows if r.name.startswith("presslens")]
    return [", ".join(f"{r.name}: F1 {f1(r):.4f} ({'met' if f1(r) >= TEXT_F1_TARGET else 'MISSED'})"
                      for r in cleaners) + f" (target >= {TEXT_F1_TARGET})."]


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} (1 min) / {five:.2f} (5 min)"


def run(parts: Sequence[str], zyte_root: Path, dev_root: Path, rounds: int, dev_rounds: int) -> str:
    started = _load()
    lines = [
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average at start {started}.",
    ]
    if "zyte-html" in parts or "zyte-text" in parts:
        pages = load_zyte(zyte_root)
    if "zyte-html" in parts:
        rows = zyte_html(pages, rounds)
        lines += ["", f"### Zyte article-extraction benchmark, HTML ({len(pages)} pages; tuned on)", "",
                  *zyte_table(rows), "", *zyte_summary(rows, rounds)]
    if "zyte-text" in parts:
        text_rows = zyte_text(pages, 1)
        lines += ["", f"### Zyte pages as scraped text ({len(pages)} pages; tuned on)", "",
                  "Each page rendered to text with its chrome, as a scraper would.", "",
                  *zyte_table(text_rows), "", *text_summary(text_rows, lambda r: r.score.f1)]
    if "dev-html" in parts or "dev-text" in parts:
        dev_pages = load_dev(dev_root)
    if "dev-html" in parts:
        dev_rows = dev_html(dev_pages, dev_rounds)
        lines += ["", f"### trafilatura-eval-dev, HTML ({len(dev_pages)} pages; tuned on)", "",
                  *dev_table(dev_rows), "",
                  f"pages/s: median of {dev_rounds} alternating pass(es); trafilatura here extracts metadata too.",
                  "", *dev_summary(dev_rows)]
    if "dev-text" in parts:
        dev_text_rows = dev_text(dev_pages, 1)
        lines += ["", f"### trafilatura-eval-dev pages as scraped text ({len(dev_pages)} pages)", "",
                  "Each page rendered to text with its chrome; body snippets scored as for HTML.", "",
                  *dev_table(dev_text_rows, metadata=False), "",
                  *text_summary(dev_text_rows, lambda r: r.score.f1)]
    lines += ["", f"Load average at the end: {_load()}."]
    return "\n".join(lines)


def write_results(section: str, machine: str) -> None:
    from bench.results import write_section

    write_section("## Extraction (`bench/extraction.py`)", f"Machine: {machine}.\n\n{section}", results=RESULTS)


def _parts(chosen: Sequence[str] | None) -> tuple[str, ...]:
    names: list[str] = []
    for part in chosen or ["all"]:
        names.extend(ALIASES.get(part, (part,)))
    return tuple(p for p in PARTS if p in names)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--part", action="append", choices=[*PARTS, *ALIASES],
                        help="run only this part (repeatable); default: all")
    parser.add_argument("--zyte", type=Path, default=DEFAULT_ZYTE, help="the zyte-article-extraction folder")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="the trafilatura-eval-dev folder")
    parser.add_argument("--rounds", type=int, default=3, help="alternating timed passes on Zyte (median counts)")
    parser.add_argument("--dev-rounds", type=int, default=1, help="alternating timed passes on the dev set")
    parser.add_argument("--write-results", action="store_true", help="replace the Extraction section of bench/RESULTS.md")
    parser.add_argument("--machine", default=None,
                        help="machine description for RESULTS.md; say whether other jobs shared it")
    args = parser.parse_args(argv)
    parts = _parts(args.part)
    if args.write_results and (parts != PARTS or not args.machine):
        parser.error("--write-results needs every part and a --machine description")
    for needed, folder, marker in (("zyte", args.zyte, "ground-truth.json"), ("dev", args.dev, "evaldata.json")):
        if any(p.startswith(needed) for p in parts) and not (folder / marker).exists():
            print(f"benchmark data not found in {folder}", file=sys.stderr)
            return 2
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    section = run(parts, args.zyte, args.dev, max(1, args.rounds), max(1, args.dev_rounds))
    print(section)
    if args.write_results:
        write_results(section, args.machine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
