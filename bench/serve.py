"""Serving benchmark: `presslens serve` over a 10,000-article corpus, under a bounded load
from concurrent clients on loopback; prints p50/p95 latency and requests/s for quotes by
speaker (`/api/quotes?speaker=`), search (`/api/search?q=`) and the article page
(`/articles/{id}`, HTML). Target: p95 < 100 ms.

    .venv/bin/python bench/serve.py                     # build (or reuse) the corpus, 3 rounds
    .venv/bin/python bench/serve.py --write --machine "2 shared cores, other jobs running"

The corpus: the ingest bench's generator (`bench/ingest.py`, Zyte benchmark pages under their
own URLs) makes a WARC of `--seed` pages, ingested through the whole pipeline (extraction,
spaCy analysis, store). Analysing 10,000 pages that way takes hours on two shared cores, so
the other articles are varied copies of the seed analyses written through the store's public
API (`Corpus.batch().add`): each copy gets its own id, URL, site and publication date (spread
over three years), and one word in three outside names and cues replaced by a word from the
seed vocabulary, so copies are distinct stories (not near-duplicates), their quotes differ
and every offset still points at the right text. Speakers keep their names, so each seed
speaker is quoted in many stories, as the well-known are.

The load: `--requests` per endpoint from `--clients` threads (one httpx client each; by
default 1, the latency of a request alone, then 8, with queueing on two cores), after
a warm-up; each round runs the endpoints in a different order (alternating), the server is
`python -m presslens serve` as users start it (its default: one worker process per core, at
most 4), in processes of its own; the medians over `--rounds` are reported.
There is no peer server for this corpus, so the ratio printed is p95 against the target.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ingest import ZYTE, build_warc  # noqa: E402  (the ingest bench's generator, reused)

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## Serve (`bench/serve.py`)"
TARGET_P95_MS = 100.0
_WORD = re.compile(r"\w+")
SITES = 60


def _build_seed(seed: int, workdir: Path) -> Path:
    from presslens.scale import run_ingest
    from presslens.store.corpus import Corpus

    db = workdir / f"seed-{seed}.db"
    if db.exists():
        return db
    warc = workdir / f"seed-{seed}.warc.gz"
    if not warc.exists():
        build_warc(seed, warc)
    partial = db.with_suffix(".partial.db")
    with Corpus(partial) as corpus:
        summary = run_ingest([str(warc)], corpus)
    print(f"seed: {summary.stored} articles analysed from {seed} pages", flush=True)
    partial.rename(db)
    return db


def _protected(analysis: Any) -> list[tuple[int, int]]:
    """Spans whose words stay as they are: names and cues."""
    spans = [(m.start, m.end) for e in analysis.entities for m in e.mentions]
    for quote in analysis.quotes:
        if quote.cue is not None:
            spans.append((quote.cue.span.start, quote.cue.span.end))
        if quote.speaker_mention is not None:
            spans.append((quote.speaker_mention.start, quote.speaker_mention.end))
    return spans


def _boundaries(analysis: Any) -> set[int]:
    article = analysis.article
    found = {0, len(article.text)}
    for span in (*article.paragraphs, *(m for e in analysis.entities for m in e.mentions)):
        found.update((span.start, span.end))
    for quote in analysis.quotes:
        for span in (quote.span, *quote.parts, quote.speaker_mention, quote.cue.span if quote.cue else None):
            if span is not None:
                found.update((span.start, span.end))
    return found


def vary(analysis: Any, copy: int, vocabulary: list[str], rng: random.Random, published: str) -> Any:
    """A distinct story made from ``analysis``: one word in three replaced (never inside a
    name or cue, never across a span boundary), every span moved to its new offsets."""
    from presslens.model import Span

    article = analysis.article
    text = article.text
    protected = _protected(analysis)
    cuts = sorted(_boundaries(analysis))
    pieces: list[str] = []
    shifts: list[tuple[int, int]] = []  # (old end of a replaced word, total shift after it)
    shift, last = 0, 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        if rng.random() >= 1 / 3:
            continue
        if any(s < end and start < e for s, e in protected):
            continue
        inside = bisect.bisect_right(cuts, start)
        if inside < len(cuts) and cuts[inside] < end:  # a span starts or ends inside the word
            continue
        word = rng.choice(vocabulary)
        pieces += [text[last:start], word]
        shift += len(word) - (end - start)
        shifts.append((end, shift))
        last = end
    pieces.append(text[last:])
    new_text = "".join(pieces)
    ends = [end for end, _ in shifts]

    def moved(offset: int) -> int:
        index = bisect.bisect_right(ends, offset) - 1
        return offset + (shifts[index][1] if index >= 0 else 0)

    def span(old: Any) -> Any:
        return None if old is None else Span(start=moved(old.start), end=moved(old.end))

    quotes = tuple(
        replace(
            q,
            span=span(q.span),
            parts=tuple(span(p) for p in q.parts),
            cue=None if q.cue is None else replace(q.cue, span=span(q.cue.span)),
            speaker_mention=span(q.speaker_mention),
        )
        for q in analysis.quotes
    )
    entities = tuple(replace(e, mentions=tuple(span(m) for m in e.mentions)) for e in analysis.entities)
    host = f"site{copy % SITES}.bench.example"
    new_article = replace(
        article,
        id=f"b{copy:07d}{article.id[:8]}",
        text=new_text,
        paragraphs=tuple(span(p) for p in article.paragraphs),
        url=f"https://{host}/story/{copy}",
        site=host,
        published=published,
    )
    return replace(analysis, article=new_article, entities=entities, quotes=quotes)


def build_corpus(articles: int, seed: int, workdir: Path) -> Path:
    from presslens.store.corpus import Corpus

    db = workdir / f"serve-{articles}-{seed}.db"
    if db.exists():
        with Corpus(db, create=False):  # a corpus kept from an older presslens is migrated first
            return db
    seed_db = _build_seed(seed, workdir)
    with Corpus(seed_db, read_only=True) as source:
        seeds = [source.article(a.id).analysis for a in source.articles(limit=None)]
    seeds = [s for s in seeds if s.quotes]
    vocabulary = sorted({w.lower() for s in seeds for w in _WORD.findall(s.article.text) if len(w) > 3 and w.isalpha()})
    rng = random.Random(10)
    first_day = date(2022, 1, 1)
    partial = db.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    with Corpus(partial) as corpus:
        copy = 0
        while copy < articles:
            with corpus.batch() as batch:
                for _ in range(min(500, articles - copy)):
                    base = seeds[copy % len(seeds)]
                    day = first_day + timedelta(days=rng.randrange(3 * 365))
                    batch.add(vary(base, copy, vocabulary, rng, day.isoformat()), source="bench")
                    copy += 1
            print(f"  {copy} articles written ({time.perf_counter() - started:.0f}s)", flush=True)
        stats = corpus.stats()
    partial.rename(db)
    print(f"corpus: {stats.articles} articles, {stats.stories} stories, {stats.quotes} quotes, {stats.speakers} speakers", flush=True)
    return db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "presslens", "serve", "--db", str(db), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _targets(url: str, rng: random.Random) -> dict[str, list[str]]:
    import httpx

    speakers = httpx.get(url + "/api/speakers", params={"limit": 40}, timeout=120).json()["items"]
    articles = httpx.get(url + "/api/articles", params={"limit": 500}, timeout=120).json()["items"]
    words = [w for s in speakers for w in s["name"].split() if len(w) > 3]
    quotes = httpx.get(url + "/api/quotes", params={"limit": 200}, timeout=120).json()["items"]
    terms = [w for q in quotes for w in _WORD.findall(q["text"]) if len(w) > 4 and w.isalpha()]
    return {
        "quotes by speaker": [f"/api/quotes?speaker={s['name']}" for s in speakers],
        "search": [f"/api/search?q={t}" for t in (terms + words)],
        "article page": [f"/articles/{a['id']}" for a in articles],
    }


def _load(url: str, paths: list[str], clients: int) -> tuple[list[float], float, int]:
    import httpx

    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    queue = list(reversed(paths))

    def worker() -> None:
        nonlocal failures
        with httpx.Client(base_url=url, timeout=30) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    path = queue.pop()
                started = time.perf_counter()
                response = client.get(path)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took * 1000)
                    failures += response.status_code != 200

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, failures


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(db: Path, requests: int, clients: int, rounds: int) -> dict[str, dict[str, float]]:
    rng = random.Random(7)
    server, url = _start_server(db)
    try:
        targets = _targets(url, rng)
        names = list(targets)
        for name in names:  # warm-up: caches, connections, templates
            _load(url, [rng.choice(targets[name]) for _ in range(20)], clients)
        per_round: dict[str, list[dict[str, float]]] = {name: [] for name in names}
        for number in range(rounds):
            order = names if number % 2 == 0 else names[::-1]
            for name in order:
                paths = [rng.choice(targets[name]) for _ in range(requests)]
                latencies, seconds, failures = _load(url, paths, clients)
                if failures:
                    raise SystemExit(f"{name}: {failures} requests failed")
                per_round[name].append(
                    {
                        "p50": _percentile(latencies, 0.50),
                        "p95": _percentile(latencies, 0.95),
                        "rps": len(latencies) / seconds,
                    }
                )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a request still running keeps uvicorn from stopping
            server.kill()
            server.wait()
    return {
        name: {key: statistics.median(r[key] for r in rounds_of) for key in ("p50", "p95", "rps")}
        for name, rounds_of in per_round.items()
    }


def _write(lines: list[str]) -> None:
    from bench.results import write_section

    write_section(SECTION, "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=120, help="pages analysed by the full pipeline")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint per round")
    parser.add_argument("--clients", type=int, action="append", help="concurrent clients (repeatable; default 1 and 8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (endpoint order alternates); medians kept")
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / "_work", help="where corpora are built and kept")
    parser.add_argument("--machine", default="2-core x86_64 dev VM shared with other jobs", help="what ran it, for RESULTS.md")
    parser.add_argument("--write", action="store_true", help="write the results into bench/RESULTS.md")
    args = parser.parse_args()
    if not ZYTE.is_dir():
        raise SystemExit(f"the Zyte pages are not here: {ZYTE}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = build_corpus(args.articles, args.seed, args.workdir)
    clients = args.clients or [1, 8]
    lines = []
    for count in clients:
        for name, r in run(db, args.requests, count, args.rounds).items():
            line = (
                f"{count} client{'s' if count > 1 else ''}, {name}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms"
                f" ({r['p95'] / TARGET_P95_MS:.2f}x the {TARGET_P95_MS:.0f} ms target), {r['rps']:.0f} requests/s"
            )
            print(line, flush=True)
            lines.append("- " + line)
    if args.write:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        header = (
            f"{stamp}, {args.machine}; {args.articles:,} articles ({args.seed} analysed by the pipeline, the rest"
            f" varied copies written through the store); {args.requests} requests per endpoint per round from"
            f" {' and '.join(map(str, clients))} concurrent clients on loopback, medians of {args.rounds} alternating rounds:"
        )
        _write([header, "", *lines])


if __name__ == "__main__":
    main()
