"""Ingest benchmark: a WARC of N pages built from the Zyte benchmark pages, ingested into a
fresh corpus; prints articles/s, peak RSS, database bytes per article, and the ratio of the
whole ingest time to the bare extract+analyze time of the same pages.

    .venv/bin/python bench/ingest.py                # N=200, quick
    .venv/bin/python bench/ingest.py --n 1000 --n 10000 --no-bare
    .venv/bin/python bench/ingest.py --n 1000 --record   # also rewrite bench/RESULTS.md

The 181 pages repeat to reach N, each copy under its own URL (https://copyK.bench.example/...;
the pages' canonical links are removed) and with one sentence appended to its three longest
paragraphs, so copies are not exact duplicates:
they are stored, and found as near-duplicates of the first copy (the summary reports how
many). Each measurement runs in a fresh process (peak RSS is per process); the spaCy model
is loaded before timing starts in both the ingest and the bare run. The ratio is given in
wall time and in CPU time; on a shared machine the CPU-time ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ZYTE = REPO.parent / "shared" / "data" / "zyte-article-extraction" / "html"
RESULTS = REPO / "bench" / "RESULTS.md"
_PARAGRAPH = re.compile(rb"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
# The page's own idea of its URL would make every copy the same article (same id).
_SELF_URL = re.compile(
    rb"<link\b[^>]*\brel=[\"']?canonical[^>]*>|<meta\b[^>]*\b(?:property|name)=[\"']?(?:og:url|twitter:url)[^>]*>",
    re.IGNORECASE,
)


def _vary(html: bytes, copy: int) -> bytes:
    """Drop the page's canonical URL and append a sentence naming the copy to its longest
    paragraphs, so a copy is a near-duplicate under its own URL, not the same article."""
    html = _SELF_URL.sub(b"", html)
    if copy == 0:
        return html
    longest = sorted(_PARAGRAPH.finditer(html), key=lambda m: len(m.group(1)), reverse=True)[:3]
    note = f" This is syndicated copy number {copy} of the report.".encode()
    if not longest:
        return html.replace(b"</body>", b"<p>" + note + b"</p></body>", 1)
    for match in sorted(longest, key=lambda m: m.start(), reverse=True):  # back to front
        html = html[: match.end(1)] + note + html[match.end(1) :]
    return html


def build_warc(n: int, path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from presslens.model import RawDocument
    from presslens.sources.warc import write_warc

    pages = sorted(ZYTE.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no Zyte pages under {ZYTE}")

    def documents():  # type: ignore[no-untyped-def]
        for k in range(n):
            page = pages[k % len(pages)]
            copy = k // len(pages)
            html = _vary(gzip.decompress(page.read_bytes()), copy)
            page_id = page.name.split(".")[0][:16]
            yield RawDocument(uri=f"https://copy{copy}.bench.example/{page_id}", content=html, content_type="text/html")

    write_warc(documents(), path)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child_ingest(warc: Path, db: Path, chunk_size: int) -> dict[str, object]:
    from presslens.analysis import get_analyzer
    from presslens.scale import IngestOptions, run_ingest
    from presslens.store.corpus import Corpus

    get_analyzer()  # load the model before the clock starts
    rss_before = _peak_rss_mib()
    with Corpus(db) as corpus:
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = run_ingest([str(warc)], corpus, IngestOptions(chunk_size=chunk_size))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        stats = corpus.stats()
    db_bytes = db.stat().st_size + sum(p.stat().st_size for p in db.parent.glob(db.name + "-*"))
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "summary": summary.to_dict(),
        "articles": stats.articles,
        "stories": stats.stories,
        "quotes": stats.quotes,
        "db_bytes": db_bytes,
        "peak_rss_mib_after_model": rss_before,
        "peak_rss_mib": _peak_rss_mib(),
    }


def child_bare(warc: Path, chunk_size: int) -> dict[str, object]:
    """Extract + analyze the same articles as the ingest (each distinct one once, as the
    ingest analyses only articles it has not stored), timing only those calls."""
    from presslens.analysis import get_analyzer
    from presslens.extraction import extract_article
    from presslens.model import Article, RawDocument
    from presslens.sources import iter_documents
    from presslens.store.dedup import text_hash

    analyzer = get_analyzer()
    seen: set[str] = set()
    spent = 0.0
    done = 0
    chunk: list[RawDocument] = []

    cpu = 0.0

    def run(batch: list[RawDocument]) -> tuple[float, int]:
        nonlocal cpu
        started, cpu_started = time.perf_counter(), time.process_time()
        articles = []
        for result in (extract_article(raw) for raw in batch):
            if isinstance(result, Article) and result.id not in seen:
                fingerprint = text_hash(result.text)  # the ingest's exact-duplicate check
                if fingerprint not in seen:
                    seen.update((result.id, fingerprint))
                    articles.append(result)
        count = sum(1 for _ in analyzer.analyze_many(articles, batch_size=len(articles) or 1))
        cpu += time.process_time() - cpu_started
        return time.perf_counter() - started, count

    for item in iter_documents([str(warc)]):
        if isinstance(item, RawDocument):
            chunk.append(item)
        if len(chunk) >= chunk_size:
            took, count = run(chunk)
            spent, done, chunk = spent + took, done + count, []
    if chunk:
        took, count = run(chunk)
        spent, done = spent + took, done + count
    return {"seconds": spent, "cpu_seconds": cpu, "articles": done, "peak_rss_mib": _peak_rss_mib()}


def _child(args: list[str]) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _record(lines: list[str]) -> None:
    sys.path.insert(0, str(REPO))
    from bench.results import write_section

    write_section("## Ingest (`bench/ingest.py`)", "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", help="pages in the WARC (repeatable; default 200)")
    parser.add_argument("--chunk-size", type=int, default=16, help="documents per commit / analyze batch")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (ingest, bare), alternating; best kept")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare extract+analyze run (no ratio)")
    parser.add_argument("--workdir", type=Path, default=None, help="where WARCs and databases go (default: a temp dir)")
    parser.add_argument("--record", action="store_true", help="write the results into bench/RESULTS.md")
    parser.add_argument("--child", choices=["ingest", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--warc", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        result = child_ingest(args.warc, args.db, args.chunk_size) if args.child == "ingest" else child_bare(args.warc, args.chunk_size)
        print(json.dumps(result))
        return
    if not ZYTE.is_dir():
        raise SystemExit(f"the Zyte pages are not here: {ZYTE}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="presslens-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    lines = []
    for n in args.n or [200]:
        warc = workdir / f"bench-{n}.warc.gz"
        if not warc.exists():
            build_warc(n, warc)
        db = workdir / f"bench-{n}.db"
        ingests, bares = [], []
        for _ in range(args.repeat):  # alternate, and keep the fastest of each (least disturbed)
            for stale in [db, *db.parent.glob(db.name + "-*")]:
                stale.unlink(missing_ok=True)
            ingests.append(_child(["--child", "ingest", "--warc", str(warc), "--db", str(db), "--chunk-size", str(args.chunk_size)]))
            if not args.no_bare:
                bares.append(_child(["--child", "bare", "--warc", str(warc), "--chunk-size", str(args.chunk_size)]))
        ingest = min(ingests, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
        summary = ingest["summary"]
        assert isinstance(summary, dict)
        rate = summary["read"] / ingest["seconds"]  # type: ignore[operator]
        peak = max(float(r["peak_rss_mib"]) for r in ingests)  # type: ignore[arg-type]
        line = (
            f"N={n}: {rate:.2f} docs/s ({ingest['seconds']:.1f}s), stored {summary['stored']}"
            f" ({summary['near_duplicates']} near-duplicate copies), duplicates {summary['duplicates']},"
            f" failed {summary['failed_total']} {summary['failed']}; peak RSS {peak:.0f} MiB"
            f" (after model load {ingest['peak_rss_mib_after_model']:.0f} MiB);"
            f" DB {ingest['db_bytes'] / max(1, int(ingest['articles'])):.0f} bytes/article;"  # type: ignore[call-overload]
            f" store writes {summary['store_seconds']:.1f}s"
            f" = {100 * summary['store_seconds'] / ingest['seconds']:.1f}% of the ingest"  # type: ignore[operator]
        )
        if bares:
            bare = min(bares, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
            ratio = float(ingest["seconds"]) / float(bare["seconds"])  # type: ignore[arg-type]
            cpu_ratio = float(ingest["cpu_seconds"]) / float(bare["cpu_seconds"])  # type: ignore[arg-type]
            line += (
                f"; bare extract+analyze {bare['seconds']:.1f}s ({bare['articles']} articles),"
                f" ingest/bare = {ratio:.3f} wall, {cpu_ratio:.3f} CPU time"
            )
            if args.repeat > 1:
                line += f" (best of {args.repeat}, alternating)"
        print(line, flush=True)
        lines.append("- " + line)
    if args.record:
        stamp = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip()
        _record([f"{stamp}, 2-core x86_64 dev VM, 24 GiB, Python 3.11.7, chunk size {args.chunk_size}:", "", *lines])


if __name__ == "__main__":
    main()
