"""Clean-text benchmark: the scraped-text cleaner must never eat an article that has no chrome.

    .venv/bin/python bench/clean_text.py [--data FILE] [--write] [--machine NOTE]

Every text of ``../shared/data/polnear/train.jsonl`` (840 clean news articles, no page chrome;
read in place, never copied) goes through ``presslens.extract`` exactly as a user calls it
(the format detected, not forced: some texts hold tweet pseudo-tags, which must not make them
pass for HTML). Reported:

- word recall: of the article's ``\\w+`` words (counted with multiplicity), the share found in
  what presslens kept as title and body text; everything else was dropped as chrome, caption,
  byline or related link. Target >= 0.998.
- rejected: articles where extraction failed ("no article text found"...). Target 0.
- articles not kept whole (recall below 0.99); the worst few by id on the console only.

There is no peer row: every extractor given clean text should keep all of it, so the figure
is absolute (the input itself scores 1.0). ``--write`` replaces the "Clean text" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"
RESULTS = REPO_ROOT / "bench" / "RESULTS.md"
SECTION = "## Clean text (`bench/clean_text.py`)"
RECALL_TARGET = 0.998
WHOLE = 0.99  # an article keeping less than this share of its words was cut

_WORD = re.compile(r"[^\W_]+")  # letters and digits: "___" separators are no words


# --- the metric -----------------------------------------------------------------------------


def kept_words(source: str, kept: str) -> tuple[int, int]:
    """(words of ``source`` found in ``kept``, words of ``source``), both with multiplicity."""
    have, want = Counter(_WORD.findall(kept)), Counter(_WORD.findall(source))
    return sum(min(count, have[word]) for word, count in want.items()), sum(want.values())


@dataclass(frozen=True, slots=True)
class Outcome:
    article_id: str
    kept: int
    words: int
    rejected: str | None  # the reason, when extraction failed


@dataclass(frozen=True, slots=True)
class Summary:
    articles: int
    recall: float
    rejected: int
    cut: int  # articles below WHOLE
    worst: tuple[tuple[str, float], ...]


def summarise(outcomes: Iterable[Outcome], worst: int = 5) -> Summary:
    """Word recall over all articles (a rejected article keeps nothing), rejections, cuts."""
    items = list(outcomes)
    kept = sum(o.kept for o in items)
    words = sum(o.words for o in items)
    shares = sorted((o.kept / o.words if o.words else 1.0, o.article_id) for o in items)
    return Summary(
        articles=len(items),
        recall=kept / words if words else 1.0,
        rejected=sum(o.rejected is not None for o in items),
        cut=sum(share < WHOLE for share, _ in shares),
        worst=tuple((article_id, share) for share, article_id in shares[:worst] if share < 1.0),
    )


# --- the run --------------------------------------------------------------------------------


def run(data: Path) -> tuple[Summary, float]:
    sys.path.insert(0, str(REPO_ROOT))
    from presslens import extract
    from presslens.errors import ExtractError

    outcomes: list[Outcome] = []
    start = time.perf_counter()
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            text = item["text"]
            try:
                article = extract(text)
            except ExtractError as error:
                outcomes.append(Outcome(item["id"], 0, kept_words(text, "")[1], str(error)))
                continue
            kept, words = kept_words(text, f"{article.title or ''}\n{article.text}")
            outcomes.append(Outcome(item["id"], kept, words, None))
    return summarise(outcomes), time.perf_counter() - start


def report(summary: Summary, data: Path, seconds: float) -> str:
    met = summary.recall >= RECALL_TARGET and summary.rejected == 0
    lines = [
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.machine()} "
        f"Python {platform.python_version()}; {summary.articles} clean articles from "
        f"`{data.parent.name}/{data.name}` extracted as scraped text in {seconds:.1f} s.",
        "",
        "| articles | word recall | rejected | cut (recall < 0.99) |",
        "|---|---|---|---|",
        f"| {summary.articles} | {summary.recall:.4f} | {summary.rejected} | {summary.cut} |",
        "",
        f"Target: word recall >= {RECALL_TARGET} and 0 rejected: {'met' if met else 'MISSED'}.",
    ]
    return "\n".join(lines)


def worst_lines(summary: Summary) -> list[str]:
    """The articles that lost most, for the console only (ids are headline slugs of
    research-only texts: they stay out of the repository)."""
    return [f"  {article_id}: {share:.3f}" for article_id, share in summary.worst]


def write_results(section: str, machine: str | None) -> None:
    """Replace this script's section of RESULTS.md (appended the first time)."""
    sys.path.insert(0, str(REPO_ROOT))
    from bench.results import write_section

    write_section(SECTION, f"{('Machine: ' + machine + '. ') if machine else ''}{section}", results=RESULTS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the PolNeAR train.jsonl")
    parser.add_argument("--write", action="store_true", help="replace the Clean text section of bench/RESULTS.md")
    parser.add_argument("--machine", default=None, help="machine description for RESULTS.md; say whether it was shared")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"benchmark data not found: {args.data}", file=sys.stderr)
        return 2
    summary, seconds = run(args.data)
    section = report(summary, args.data, seconds)
    print(section)
    if summary.worst:
        print("\nLowest recall:", *worst_lines(summary), sep="\n")
    if args.write:
        write_results(section, args.machine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
