"""Page classification (news article / other) on the shared evaluation pages.

    .venv/bin/python bench/page_class.py [--data ../shared/data] [--dump FILE]

Zyte's pages are all articles; trafilatura-eval-dev's are mixed and carry no class, so its
pages are judged by hand: ``bench/page_class_labels.json`` maps a page's URL to its class
(URLs only, no page text). Prints accuracy, precision and recall of "other" over the labelled
pages, and the share classed "news" on Zyte. ``--dump`` writes every page's class and fired
signals (JSON lines) for judging.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

from presslens.extraction import extract_article
from presslens.extraction.page_class import classify_page, score_page
from presslens.model import Article, RawDocument

HERE = Path(__file__).resolve().parent


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
    judged = [r for r in rows if r["url"] in labels and r["class"] != "rejected"]
    correct = sum(r["class"] == labels[r["url"]] for r in judged)
    predicted_other = [r for r in judged if r["class"] == "other"]
    actual_other = [r for r in judged if labels[r["url"]] == "other"]
    both = sum(labels[r["url"]] == "other" for r in predicted_other)
    print(f"zyte: {len(zyte)} article pages, classed news: {news_share:.3f}")
    print(f"trafilatura-eval-dev: {len(judged)} pages judged by hand "
          f"({len(actual_other)} other, {len(judged) - len(actual_other)} news)")
    print(f"  accuracy {correct / max(1, len(judged)):.3f}; 'other' precision "
          f"{both / max(1, len(predicted_other)):.3f}, recall {both / max(1, len(actual_other)):.3f}")
    traf = [r for r in rows if r["corpus"] == "trafilatura" and r["class"] != "rejected"]
    print(f"  all {len(traf)} pages: classed news {sum(r['class'] == 'news' for r in traf) / max(1, len(traf)):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
