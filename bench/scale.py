"""Scale-out benchmark: the same WARC shards through the local engine and the Ray engine,
each with 1 and 2 workers; prints articles/s, parallel efficiency at 2 workers and Ray's
cost against the local engine.

    .venv/bin/python bench/scale.py                      # 8 shards x 12 pages, 3 rounds
    .venv/bin/python bench/scale.py --rounds 5 --write   # also rewrite its bench/RESULTS.md section

Shards are built from the Zyte benchmark pages (read from ../shared/data, written to a
temporary folder only), each page under its own URL with a sentence varied per copy, as in
bench/ingest.py. Every engine is started and warmed up (each worker has loaded the spaCy
model) before timing, then the four configurations run in alternation, ``--rounds`` times,
each into a fresh dataset folder; the median round counts. Targets: efficiency >= 0.8 at 2
workers; Ray within 1.2x of the local engine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## Scale out (`bench/scale.py`)"
# Assumption for the projection (not measured here): CC-NEWS has shipped on the order of
# 10-15 million HTML records a month in recent years; check the month's warc.paths.
CC_NEWS_DAY = 400_000
PROJECTION_CORES = (16, 64, 256)
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def build_shards(directory: Path, shards: int, per_shard: int, *, offset: int = 0) -> list[Path]:
    import gzip

    from ingest import ZYTE, _vary  # bench/ingest.py: the same page variation

    from presslens.model import RawDocument
    from presslens.sources.warc import write_warc

    pages = sorted(ZYTE.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no Zyte pages under {ZYTE}")
    paths = []
    for shard in range(shards):
        docs = []
        for k in range(per_shard):
            n = offset + shard * per_shard + k
            page, copy = pages[n % len(pages)], n // len(pages)
            html = _vary(gzip.decompress(page.read_bytes()), copy)
            docs.append(RawDocument(uri=f"https://copy{copy}.bench.example/{page.name[:16]}", content=html, content_type="text/html"))
        path = directory / f"shard-{offset + shard:03d}.warc.gz"
        write_warc(docs, path)
        paths.append(path)
    return paths


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user + system) this process and ``pids`` have used so far (Linux /proc)."""
    total = time.process_time()
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    return total


def _projection(cpu_ms: float, bytes_per_article: float) -> list[str]:
    """Core-hours and wall time for a CC-NEWS day, month and year, from the measured CPU cost
    per article on the Ray engine with 2 workers and the measured Parquet bytes per article."""
    lines = [
        "",
        f"Projection for CC-NEWS. Assumed: {CC_NEWS_DAY:,} HTML records a day, every one analysed (no",
        "`--language` filter), cores not shared, and many more shards than cores (a month is hundreds of",
        f"WARC files), so wall time = core-hours / N. Measured: {cpu_ms:.0f} CPU ms per article (Ray, 2 workers),",
        f"{bytes_per_article / 1024:.1f} KiB of Parquet per article.",
        "",
        "| corpus | articles | core-hours | " + " | ".join(f"wall on {n} cores" for n in PROJECTION_CORES) + " | Parquet |",
        "|---|---|---|" + "---|" * len(PROJECTION_CORES) + "---|",
    ]
    for name, days in (("1 day", 1), ("1 month", 30), ("1 year", 365)):
        count = CC_NEWS_DAY * days
        core_hours = count * cpu_ms / 1000 / 3600
        walls = [core_hours / n for n in PROJECTION_CORES]
        size = count * bytes_per_article / 1024**3
        lines.append(
            f"| {name} | {count:,} | {core_hours:,.0f} | " + " | ".join(_hours(w) for w in walls) + f" | {size:,.1f} GiB |"
        )
    return lines


def _hours(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def _engines(ray: Any) -> dict[str, Any]:
    from presslens.scale.executor import LocalExecutor, ProcessExecutor
    from presslens.scale.ray_engine import RayExecutor

    return {
        "local x1": LocalExecutor(),
        "local x2": ProcessExecutor(2),
        "ray x1": RayExecutor(1),
        "ray x2": RayExecutor(2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--per-shard", type=int, default=12, help="pages per shard")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (median counts)")
    parser.add_argument("--machine", default="2-core x86_64 dev VM shared with other helpers' jobs (load moves between runs)")
    parser.add_argument("--write", action="store_true", help="rewrite this script's section of bench/RESULTS.md")
    args = parser.parse_args()

    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # keep Ray on 127.0.0.1
    import logging

    import ray

    from presslens.scale.job import run_job
    from presslens.scale.shards import list_shards

    with tempfile.TemporaryDirectory(prefix="presslens-scale-") as tmp:
        root = Path(tmp)
        (root / "warc").mkdir()
        (root / "warm").mkdir()
        shards = list_shards(str(p) for p in build_shards(root / "warc", args.shards, args.per_shard))
        warm = list_shards(str(p) for p in build_shards(root / "warm", 4, 1, offset=10_000))
        # 3 logical CPUs so the 1- and 2-actor engines can both stay warm; they never run at once
        ray.init(num_cpus=3, include_dashboard=False, _node_ip_address="127.0.0.1", logging_level=logging.WARNING, log_to_driver=False)
        engines = _engines(ray)
        rates: dict[str, list[float]] = {name: [] for name in engines}
        cpu_costs: dict[str, list[float]] = {name: [] for name in engines}  # CPU ms per article
        articles = 0
        dataset_bytes = 0
        try:
            for name, engine in engines.items():
                run_job(warm, root / "out" / f"warm-{name}", executor=engine)
            for round_ in range(args.rounds):
                order = list(engines) if round_ % 2 == 0 else list(reversed(engines))
                for name in order:
                    out = root / "out" / f"{name}-{round_}"
                    pids = engines[name].worker_pids()
                    cpu_before = _cpu_seconds(pids)
                    started = time.perf_counter()
                    summary = run_job(shards, out, executor=engines[name])
                    seconds = time.perf_counter() - started
                    cpu = _cpu_seconds(pids) - cpu_before
                    assert summary.done == len(shards) and not summary.failed, summary
                    articles = summary.articles
                    dataset_bytes = sum(f.stat().st_size for f in out.rglob("*.parquet"))
                    rates[name].append(articles / seconds)
                    cpu_costs[name].append(1000 * cpu / articles)
                    print(
                        f"round {round_ + 1} {name}: {articles / seconds:.2f} articles/s ({seconds:.1f} s, "
                        f"{1000 * cpu / articles:.0f} CPU ms/article)",
                        flush=True,
                    )
        finally:
            for engine in engines.values():
                engine.close()
            ray.shutdown()

    median = {name: statistics.median(values) for name, values in rates.items()}
    cost = {name: statistics.median(values) for name, values in cpu_costs.items()}
    efficiency = {kind: median[f"{kind} x2"] / (2 * median[f"{kind} x1"]) for kind in ("local", "ray")}
    cpu_efficiency = {kind: cost[f"{kind} x1"] / cost[f"{kind} x2"] for kind in ("local", "ray")}
    overhead = {n: median[f"local x{n}"] / median[f"ray x{n}"] for n in (1, 2)}
    cpu_overhead = {n: cost[f"ray x{n}"] / cost[f"local x{n}"] for n in (1, 2)}
    load = os.getloadavg()
    lines = [
        f"{date.today().isoformat()}, {args.machine}; {os.cpu_count()} cores, Python {platform.python_version()}.",
        f"{len(shards)} WARC shards x {args.per_shard} Zyte pages ({articles} articles written per run), chunk size 16,",
        f"engines warm (every worker has loaded the model) before timing; median of {args.rounds} alternating rounds.",
        "",
        f"Load average after the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) on {os.cpu_count()} cores.",
        "",
        "| engine | workers | articles/s (median) | runs | CPU ms/article (median) |",
        "|---|---|---|---|---|",
    ]
    for name, values in rates.items():
        kind, workers = name.split(" x")
        runs = ", ".join(f"{v:.2f}" for v in values)
        lines.append(f"| {kind} | {workers} | {median[name]:.2f} | {runs} | {cost[name]:.0f} |")
    lines += [
        "",
        f"- Parallel efficiency at 2 workers, wall clock (rate x2 / (2 x rate x1)): local **{efficiency['local']:.2f}**, "
        f"Ray **{efficiency['ray']:.2f}** (target >= 0.8); in CPU per article (x1 / x2): local "
        f"**{cpu_efficiency['local']:.2f}**, Ray **{cpu_efficiency['ray']:.2f}**.",
        f"- Ray against the local engine, wall clock (local rate / Ray rate): **{overhead[1]:.2f}x** at 1 worker, "
        f"**{overhead[2]:.2f}x** at 2 workers (target <= 1.2x); in CPU per article (Ray / local): "
        f"**{cpu_overhead[1]:.2f}x**, **{cpu_overhead[2]:.2f}x**.",
        "- CPU counts the driver and the workers (from /proc), not Ray's daemons (raylet, GCS), which are in",
        "  the wall clock. The machine has 2 cores shared with other jobs: with the load above, 2 workers",
        "  compete with them for cores, so the wall-clock efficiency is a floor set by the machine, while the",
        "  CPU figures say whether the engines themselves add work.",
    ]
    lines += _projection(cost["ray x2"], dataset_bytes / max(articles, 1))
    print("\n".join(lines))
    if args.write:
        text = RESULTS.read_text()
        section = SECTION + "\n\n" + "\n".join(lines) + "\n"
        start = text.find(SECTION)
        if start < 0:
            RESULTS.write_text(text.rstrip("\n") + "\n\n" + section)
        else:
            end = text.find("\n## ", start + 1)
            RESULTS.write_text(text[:start] + section + (text[end + 1 :] if end >= 0 else ""))


if __name__ == "__main__":
    main()
