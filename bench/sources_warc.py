"""How fast the sources stage reads WARC.gz, FastWARC against the warcio fallback.

Writes a synthetic WARC.gz of N HTML pages (text made up here, ~20 KB each), then times
``iter_warc`` with each backend and reports documents/s, MB/s and the peak Python heap
(tracemalloc) at two sizes, to show memory does not grow with N.

    .venv/bin/python bench/sources_warc.py [--n 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from presslens.model import RawDocument
from presslens.sources.warc import iter_warc, write_warc


def _pages(n: int) -> Iterator[RawDocument]:
    paragraph = "<p>The council met on Tuesday and said the harbour would reopen next spring, officials said.</p>"
    return (
        RawDocument(
            uri=f"http://news.example/{i}.html",
            content=f"<html><head><title>Story {i}</title></head><body>{paragraph * 200}</body></html>".encode(),
            content_type="text/html",
            encoding="utf-8",
        )
        for i in range(n)
    )


def _measure(path: Path, fast: bool) -> tuple[float, int, int, int]:
    tracemalloc.start()
    start = time.perf_counter()
    count = size = 0
    for item in iter_warc(path, use_fastwarc=fast):
        if isinstance(item, RawDocument):
            count += 1
            size += len(item.content)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, count, size, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="pages in the larger WARC")
    args = parser.parse_args()
    import courlan  # noqa: F401  (imports stay outside the timings)
    import fastwarc.warc  # noqa: F401
    import warcio.archiveiterator  # noqa: F401
    with tempfile.TemporaryDirectory() as folder:
        for n in (args.n // 10, args.n):
            path = Path(folder) / f"bench-{n}.warc.gz"
            write_warc(_pages(n), path)
            megabytes = path.stat().st_size / 1e6
            for name, fast in (("fastwarc", True), ("warcio", False)):
                seconds, count, size, peak = _measure(path, fast)
                print(
                    f"{name:8s} N={n:6d} ({megabytes:6.1f} MB gz): {count / seconds:8.0f} docs/s, "
                    f"{size / 1e6 / seconds:6.1f} MB/s html, peak heap {peak / 1e6:5.1f} MB"
                )


if __name__ == "__main__":
    main()
