"""Precision in the wild: the default view's quotes on real English news pages, judged by hand.

Usage: ``python bench/wild.py [--sample 40] [--seed 8] [--out /tmp/presslens-wild-sample.md] [--write]``.
Extracts and analyses the English pages (news, or not yet classified) of
``../shared/data/trafilatura-eval-dev/`` and ``../shared/data/zyte-article-extraction/``
through presslens' public API, and reports:

- rates that need no judge: the share of default-view quotes whose speaker resolved to a
  named entity, and the share of distinct speaker names that look like names;
- a random sample (fixed seed) of default-view quotes with their context, written OUTSIDE the
  repository (``--out``; the pages are research-only and their text never enters the repo),
  each with a stable id (hash of URL and offsets);
- the judged counts: ``bench/wild_judgments.json`` maps sample ids to a verdict, written by a
  person reading the sample: ``ok`` (a statement with the right speaker), ``wrong-speaker``,
  ``not-statement`` (a belief, instruction, title, ... or no attribution at all).

``--write`` replaces the Wild precision section of ``bench/RESULTS.md``. The pages are
development data: tune on them by kind of page, never per page.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
JUDGMENTS = ROOT / "bench" / "wild_judgments.json"
VERDICTS = ("ok", "wrong-speaker", "not-statement")
# a name: 1-5 capitalised words (particles allowed), letters and name punctuation only
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'\u2019-]*|de|da|del|der|van|von|al|bin|la|le|du)$")
_NOT_NAME = frozenset(
    "i we you he she it they this that there here the a an and or but if when what who one some many "
    "people others officials experts".split()
)


def pages() -> list[tuple[str, str, bytes]]:
    """(collection, url, html bytes) of every page of both collections."""
    found: list[tuple[str, str, bytes]] = []
    trafi = DATA / "trafilatura-eval-dev"
    for url, entry in json.loads((trafi / "evaldata.json").read_text()).items():
        path = trafi / "pages" / entry["file"]
        if path.exists():
            found.append(("trafilatura-eval-dev", url, gzip.decompress(path.read_bytes())))
    zyte = DATA / "zyte-article-extraction"
    for page_id, entry in json.loads((zyte / "ground-truth.json").read_text()).items():
        path = zyte / "html" / f"{page_id}.html.gz"
        if path.exists():
            found.append(("zyte", entry["url"], gzip.decompress(path.read_bytes())))
    return found


def looks_like_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 5 and name.lower() not in _NOT_NAME and all(_NAME_WORD.match(w) for w in words)


def quote_id(url: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{url}#{start}-{end}".encode()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description="default-view precision on real English news pages")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path, default=Path("/tmp/presslens-wild-sample.md"), help="sample for judging (outside the repo)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if not (DATA / "trafilatura-eval-dev").exists():
        sys.exit(f"evaluation pages not found under {DATA}")

    import presslens
    from presslens import DEFAULT_MIN_CONFIDENCE
    from presslens.analysis import get_analyzer

    counts: Counter[str] = Counter()
    articles = []
    for collection, url, html in pages():
        counts[f"pages {collection}"] += 1
        try:
            article = presslens.extract(html, url=url)
        except presslens.PresslensError:
            counts["not extracted"] += 1
            continue
        if not (article.language or "").lower().startswith("en"):
            counts["not English"] += 1
            continue
        if article.page_class not in (None, "news"):
            counts["not news"] += 1
            continue
        articles.append((url, article))
    analyzer = get_analyzer()
    everything: list[dict[str, Any]] = []
    for (url, article), analysis in zip(articles, analyzer.analyze_many(a for _, a in articles), strict=True):
        text = article.text
        kinds = {e.id: e.kind for e in analysis.entities}
        for q in analysis.quotes:
            para = next((p for p in article.paragraphs if p.start <= q.span.start < p.end), q.span)
            everything.append(
                {
                    "id": quote_id(url, q.span.start, q.span.end),
                    "url": url,
                    "speaker": analysis.speaker_name(q),
                    "speaker_kind": None if q.speaker is None else kinds.get(q.speaker),
                    "mention": None if q.speaker_mention is None else q.speaker_mention.of(text),
                    "cue": None if q.cue is None else q.cue.span.of(text),
                    "act": q.act,
                    "kind": q.kind,
                    "confidence": q.confidence,
                    "quote": q.span.of(text),
                    "context": text[para.start : max(para.end, q.span.end)],
                }
            )
    view = [q for q in everything if q["act"] == "statement" and q["confidence"] >= DEFAULT_MIN_CONFIDENCE]
    named = [q for q in view if q["speaker"] is not None]
    speakers = {q["speaker"] for q in view if q["speaker"]}
    name_like = [s for s in speakers if looks_like_name(s)]
    acts = Counter(q["act"] for q in everything)
    sample = random.Random(args.seed).sample(view, min(args.sample, len(view)))
    write_sample(args.out, sample)
    judgments = json.loads(JUDGMENTS.read_text())["judgments"] if JUDGMENTS.exists() else {}
    verdicts = Counter(judgments.get(q["id"], {}).get("verdict", "unjudged") for q in sample)
    judged = sum(verdicts[v] for v in VERDICTS)
    ok_share = verdicts["ok"] / judged if judged else 0.0
    # every judged quote still in the default view (samples of earlier runs included)
    in_view = Counter(judgments[q["id"]]["verdict"] for q in view if q["id"] in judgments)
    pooled = sum(in_view.values())

    lines = [
        f"Pages: {counts['pages trafilatura-eval-dev']} trafilatura-eval-dev + {counts['pages zyte']} Zyte; "
        f"{len(articles)} English news (or unclassified) articles analysed ({counts['not English']} not English, "
        f"{counts['not news']} not news, {counts['not extracted']} without an article).",
        "",
        "| quotes | every act | statements | beliefs | findings | default view (statements, confidence >= "
        f"{DEFAULT_MIN_CONFIDENCE}) |",
        "|---|---|---|---|---|---|",
        f"| count | {len(everything)} | {acts['statement']} | {acts['belief']} | {acts['finding']} | {len(view)} |",
        "",
        "Rates that need no judge (default view): "
        f"speaker resolved to a named entity {len(named)}/{len(view)} = {len(named) / max(len(view), 1):.3f}; "
        f"distinct speaker names that look like names {len(name_like)}/{len(speakers)} = "
        f"{len(name_like) / max(len(speakers), 1):.3f}.",
        "",
        f"Judged sample (seed {args.seed}, {len(sample)} default-view quotes, judged by reading each quote "
        "in its paragraph; verdicts in `bench/wild_judgments.json`): "
        f"ok (a statement with the right speaker) {verdicts['ok']}, wrong speaker {verdicts['wrong-speaker']}, "
        f"not a statement {verdicts['not-statement']}, not judged {verdicts['unjudged']}; "
        f"share ok {verdicts['ok']}/{judged} = {ok_share:.3f} (target >= 0.90: {'met' if judged and ok_share >= 0.9 else 'NOT met'}).",
        "",
        f"All judged quotes still in the default view (this sample and earlier runs' samples): {pooled}; ok "
        f"{in_view['ok']}, wrong speaker {in_view['wrong-speaker']}, not a statement {in_view['not-statement']}; "
        f"share ok {in_view['ok'] / max(pooled, 1):.3f}.",
    ]
    print("\n".join(lines))
    print(f"\nsample for judging: {args.out}")
    if args.write:
        write_results(lines)


def write_sample(path: Path, sample: list[dict[str, Any]]) -> None:
    out = ["# presslens wild sample (research-only page text: do not copy into the repository)", ""]
    for n, q in enumerate(sample, 1):
        out += [
            f"## {n}. `{q['id']}` {q['url']}",
            f"speaker: **{q['speaker']}** ({q['speaker_kind']}; mention {q['mention']!r}); cue {q['cue']!r}; "
            f"{q['kind']}; confidence {q['confidence']}",
            "",
            f"> {q['quote'][:600]}",
            "",
            f"context: {q['context'][:1200]}",
            "",
        ]
    path.write_text("\n".join(out))


def write_results(lines: list[str]) -> None:
    results = ROOT / "bench" / "RESULTS.md"
    from bench.results import write_section

    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(
        [
            "## Wild precision (`bench/wild.py`)",
            "",
            f"Run {date}: `python bench/wild.py --write`. The sample's text stays outside the repository; "
            "only quote ids and verdicts are kept.",
            "",
            *lines,
            "",
        ]
    )
    heading, _, rest = body.partition("\n")
    write_section(heading, rest, results=results)


if __name__ == "__main__":
    main()
