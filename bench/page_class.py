"""Page classification (news article / other) on the shared evaluation pages.

    .venv/bin/python bench/page_class.py [--data ../shared/data] [--dump FILE]

Zyte's pages are all articles; trafilatura-eval-dev's are mixed and carry no class, so its
pages are judged by hand: ``bench/page_class_labels.json`` maps a hash of a page's URL to its class
(URLs only, no page text). Prints accuracy, precision and recall of "other" over the labelled
pages, and the share classed "news" on Zyte. ``--dump`` writes every page's class and fired
signals (JSON lines) for judging. ``--write`` replaces the Page class section of
``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from presslens.extraction import extract_article
from presslens.extraction.page_class import classify_page, score_page
from presslens.model import Article, RawDocument

HERE = Path(__file__).resolve().parent
SECTION = "## Page class (`bench/page_class.py`)"


def write_results(results: Path, section: str, machine: str) -> None:
    """Replace this script's section of RESULTS.md (appended the first time)."""
    sys.path.insert(0, str(HERE.parent))
    from bench.results import write_section

    write_section(SECTION, f"Machine: {machine}.\n\n{section}", results=results)


def _pages(data: Path) -> list[tuple[str, str, str]]:
    """(corpus, url, html) for every page."""
    found: list[tuple[str, str, str]] = []
    zyte = data / "zyte-article-extraction"
    for page_id, entry in json.loads((zyte / "ground-truth.json").read_text("utf-8")).items():
        html = gzip.decompress((zyte / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
        found.append(("zyte", entry["url"], html))
    traf = data / "trafilatura-eval-dev"
    for url, entry in json.loads((traf / "evaldata.json").read_text("utf-8")).items():
        html = gzip.decompress((traf / "pages" / entry["file"]).read_bytes()).decode("utf-8", "replace")
        found.append(("trafilatura", url, html))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--dump", type=Path, help="write each page's class and signals here (JSON lines)")
    parser.add_argument("--write", action="store_true", help="replace the Page class section of bench/RESULTS.md")
    parser.add_argument("--machine", default="2-core x86_64 dev VM shared with other jobs", help="machine note for RESULTS.md")
    args = parser.parse_args(argv)
    if not (args.data / "zyte-article-extraction").is_dir():
        print(f"no evaluation data under {args.data}", file=sys.stderr)
        return 2
    labels: dict[str, str] = json.loads((HERE / "page_class_labels.json").read_text("utf-8"))["labels"]
    rows: list[dict[str, Any]] = []
    for corpus, url, html in _pages(args.data):
        uri = url if url.startswith("http") else "https://example.invalid/" + url.split("::")[-1]
        result = extract_article(RawDocument(uri=uri, content=html.encode("utf-8")))
        if not isinstance(result, Article):
            rows.append({"corpus": corpus, "url": url, "class": "rejected", "signals": {}})
            continue
        rows.append(
            {"corpus": corpus, "url": url, "class": classify_page(result, html), "signals": score_page(result, html),
             "title": result.title}
        )
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    zyte = [r for r in rows if r["corpus"] == "zyte" and r["class"] != "rejected"]
    news_share = sum(r["class"] == "news" for r in zyte) / max(1, len(zyte))
    for row in rows:  # labels are keyed by a hash of the URL (see the labels file)
        row["key"] = hashlib.sha256(row["url"].encode()).hexdigest()[:16]
    judged = [r for r in rows if r["key"] in labels and r["class"] != "rejected"]
    correct = sum(r["class"] == labels[r["key"]] for r in judged)
    predicted_other = [r for r in judged if r["class"] == "other"]
    actual_other = [r for r in judged if labels[r["key"]] == "other"]
    both = sum(labels[r["key"]] == "other" for r in predicted_other)
    traf = [r for r in rows if r["corpus"] == "trafilatura" and r["class"] != "rejected"]
    majority = (len(judged) - len(actual_other)) / max(1, len(judged))
    table = "\n".join(
        [
            "| pages | judged | accuracy | always-news baseline | 'other' precision | 'other' recall | classed news |",
            "|---|---|---|---|---|---|---|",
            f"| Zyte (all articles) | {len(zyte)} | {news_share:.3f} | 1.000 | - | - | {news_share:.3f} |",
            f"| trafilatura-eval-dev, judged by hand ({len(actual_other)} other) | {len(judged)} | "
            f"{correct / max(1, len(judged)):.3f} | {majority:.3f} | {both / max(1, len(predicted_other)):.3f} | "
            f"{both / max(1, len(actual_other)):.3f} | "
            f"{sum(r['class'] == 'news' for r in traf) / max(1, len(traf)):.3f} of {len(traf)} |",
        ]
    )
    note = (
        "A page is `other` only on evidence, so that news is not hidden from the default views: "
        "on the judged pages, most shops, recipes and about pages are caught, docs and wiki pages "
        "that look like articles are not. Labels: `bench/page_class_labels.json` (hashes of URLs only)."
    )
    print(table)
    if args.write:
        write_results(HERE / "RESULTS.md", table + "\n\n" + note, args.machine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
