"""Scale-out jobs (issue 11): shards -> local or Ray engine -> Parquet dataset -> corpus.

Real stages, a real local Ray (see conftest), real Parquet read back with pyarrow.dataset.
WARC shards are generated here from the made-up pages of news_fixtures.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner
from news_fixtures import news_page

from presslens.cli.main import cli
from presslens.errors import ConfigError
from presslens.model import Article, RawDocument, Span
from presslens.scale.executor import Lost, ProcessExecutor, WorkerLostError
from presslens.scale.filters import RecordFilter
from presslens.scale.job import JobOptions, run_job
from presslens.scale.load import load_dataset
from presslens.scale.shard_work import ShardReport
from presslens.scale.shards import Shard, list_shards, read_manifest
from presslens.sources.warc import write_warc
from presslens.store.corpus import Corpus

pytestmark = pytest.mark.issue(11)

SHARDS = 4
PER_SHARD = 3


def _doc(i: int, site: str = "news.example.com") -> RawDocument:
    return RawDocument(
        uri=f"https://{site}/local/{i:05d}-story",
        content=news_page(i, site=site).encode(),
        content_type="text/html",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def shard_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 WARC shards of 3 pages (12 articles over 12 months); the last shard also holds a
    page with no article (an extract error) and a page from a host the filter test denies."""
    root = tmp_path_factory.mktemp("warcs")
    for shard in range(SHARDS):
        docs = [_doc(shard * PER_SHARD + k) for k in range(PER_SHARD)]
        if shard == SHARDS - 1:
            docs.append(RawDocument(uri="https://news.example.com/empty", content=b"<html><body><nav>Home</nav></body></html>", content_type="text/html", encoding="utf-8"))
            docs.append(_doc(90, site="ads.example.net"))
        write_warc(docs, root / f"CC-NEWS-{shard:02d}.warc.gz")
    return root


def _shards(shard_dir: Path) -> list[Shard]:
    return list_shards([str(shard_dir / "*.warc.gz")])


def _rows(out: Path, table: str) -> list[dict[str, Any]]:
    return ds.dataset(out / table, format="parquet", partitioning="hive").to_table().to_pylist()


def _content(out: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Articles and quotes of a dataset, in a stable order, without the shard column."""
    articles = sorted((r["id"], r["title"], r["published"], r["text"], r["month"]) for r in _rows(out, "articles"))
    quotes = sorted(
        (r["article_id"], r["seq"], r["start"], r["end"], r["kind"], r["speaker_name"], r["confidence"])
        for r in _rows(out, "quotes")
    )
    return articles, quotes


@pytest.fixture(scope="module")
def reference(shard_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dataset the local engine (one worker, in this process) writes."""
    out = tmp_path_factory.mktemp("reference") / "dataset"
    summary = run_job(_shards(shard_dir), out)
    assert (summary.done, summary.failed, summary.articles, summary.errors) == (SHARDS, {}, SHARDS * PER_SHARD + 1, 1)
    return out


def test_the_manifest_lists_shards_relative_to_itself_or_a_base_url(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.warc.gz").write_bytes(b"")
    manifest = tmp_path / "warc.paths"
    manifest.write_text("# CC-NEWS day\ncrawl/a.warc.gz\n\n/data/b.warc.gz\nhttps://data.example/c.warc.gz\n")
    assert read_manifest(manifest) == [
        str(tmp_path / "crawl" / "a.warc.gz"),
        "/data/b.warc.gz",
        "https://data.example/c.warc.gz",
    ]
    assert read_manifest(manifest, base_url="https://data.example/cc")[0] == "https://data.example/cc/crawl/a.warc.gz"
    shards = list_shards([str(manifest), str(tmp_path / "crawl" / "*.warc.gz")])
    assert [s.uri for s in shards][0] == str(tmp_path / "crawl" / "a.warc.gz")
    assert len(shards) == 3  # the glob names a shard the manifest already listed
    assert len({s.id for s in shards}) == 3 and shards[0].id.startswith("a-")
    with pytest.raises(ConfigError):
        list_shards([str(tmp_path / "nothing-*.warc")])


def test_filters_drop_only_what_they_know_to_be_outside() -> None:
    def article(**fields: Any) -> Article:
        return Article(id="a", text="Words.", paragraphs=(Span(start=0, end=6),), **fields)

    keep = RecordFilter(languages=("en",), since="2024-01-01", until="2024-06-30", news_only=True)
    assert keep.article_reason(article(language="en", published="2024-03-02T10:00:00Z", page_class="news")) is None
    assert keep.article_reason(article(language="fr", published="2024-03-02")) == "language"
    assert keep.article_reason(article(language="en", published="2023-12-31")) == "date"
    assert keep.article_reason(article(language="en", published="2024-07-01")) == "date"
    assert keep.article_reason(article(language="en", page_class="other")) == "not-news"
    # unknown language, date and page class (classifier not run) pass
    assert keep.article_reason(article()) is None
    hosts = RecordFilter(allow_hosts=("example.com",), deny_hosts=("ads.example.com",))
    assert hosts.url_reason("https://www.example.com/a") is None
    assert hosts.url_reason("https://ads.example.com/a") == "host-denied"
    assert hosts.url_reason("https://example.org/a") == "host-not-allowed"
    for bad in ({"since": "last week"}, {"since": "2024-02-01", "until": "2024-01-01"}):
        with pytest.raises(ConfigError):
            RecordFilter(**bad)  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_job_writes_a_hive_dataset_that_filters_and_loads(shard_dir: Path, reference: Path, tmp_path: Path) -> None:
    articles = _rows(reference, "articles")
    assert len(articles) == SHARDS * PER_SHARD + 1
    assert len({r["id"] for r in articles}) == len(articles)
    assert {r["month"] for r in articles} >= {f"2024-{m:02d}" for m in range(1, 13)}
    assert all(r["month"] == r["published"][:7] for r in articles)
    [error] = _rows(reference, "errors")
    assert error["source"] == "https://news.example.com/empty" and error["stage"] == "extract" and error["month"] == "unknown"
    assert _rows(reference, "quotes") and _rows(reference, "entities")

    filtered = run_job(
        _shards(shard_dir), tmp_path / "filtered", JobOptions(filter=RecordFilter(since="2024-04-01", deny_hosts=("ads.example.net",)))
    )
    assert filtered.filtered == {"date": 3, "host-denied": 1}
    assert {r["month"] for r in _rows(tmp_path / "filtered", "articles")} == {f"2024-{m:02d}" for m in range(4, 13)}

    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        loaded = load_dataset(reference, corpus)
        assert (loaded.loaded, loaded.stored, loaded.errors) == (SHARDS, SHARDS * PER_SHARD + 1, 1)
        again = load_dataset(reference, corpus)
        assert (again.loaded, again.skipped, again.stored) == (0, SHARDS, 0)
    direct = tmp_path / "direct.db"
    from presslens.scale import IngestOptions, run_ingest

    with Corpus(direct) as corpus:
        run_ingest(sorted(str(p) for p in shard_dir.glob("*.warc.gz")), corpus, IngestOptions())
    # the same store, the same rules: loading the dataset gives what ingesting gives
    assert _corpus_content(db) == _corpus_content(direct)


def _corpus_content(db: Path) -> tuple[list[tuple[Any, ...]], ...]:
    with Corpus(db, create=False) as corpus:
        conn = corpus.connection
        return (
            conn.execute("SELECT id, text_hash, title, published, similarity FROM articles ORDER BY id").fetchall(),
            conn.execute("SELECT article_id, start, end, text, kind FROM quotes ORDER BY article_id, start").fetchall(),
            conn.execute("SELECT source_key, stage, code FROM errors ORDER BY source_key").fetchall(),
        )


@pytest.mark.slow
def test_a_crashed_job_reruns_to_every_record_exactly_once(shard_dir: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    shards = _shards(shard_dir)

    def crash_after_two(report: ShardReport) -> None:
        if len(list((out / "_shards").glob("*.json"))) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(shards, out, progress=crash_after_two)
    # what a worker killed while writing shard 3 leaves behind: a file without its marker
    half = out / "articles" / "month=2099-01"
    half.mkdir()
    stale = next((reference / "articles").glob(f"month=*/{shards[0].id}.parquet"))
    (half / f"{shards[2].id}.parquet").write_bytes(stale.read_bytes())
    (half / f".{shards[2].id}.parquet.123.tmp").write_bytes(b"half")

    rerun = run_job(shards, out)
    assert (rerun.skipped, rerun.done, rerun.failed) == (2, 2, {})
    assert not list(half.iterdir())
    assert _content(out) == _content(reference)

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    idle = run_job(shards, out)
    assert (idle.skipped, idle.done, idle.retried, idle.articles) == (SHARDS, 0, 0, 0)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.slow
def test_ray_and_local_engines_write_the_same_articles_and_quotes(
    local_ray: Any, shard_dir: Path, reference: Path, tmp_path: Path
) -> None:
    summary = run_job(_shards(shard_dir), tmp_path / "ray", JobOptions(engine="ray", workers=2))
    assert (summary.done, summary.retried, summary.failed) == (SHARDS, 0, {})
    assert _content(tmp_path / "ray") == _content(reference)


def _kill_workers_after_first_shard(pids: Any, killed: list[int]) -> Any:
    def progress(report: ShardReport) -> None:
        if not killed:
            for pid in pids():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    return progress


@pytest.mark.slow
def test_a_killed_ray_worker_has_its_shard_retried_elsewhere(
    local_ray: Any, shard_dir: Path, reference: Path, tmp_path: Path
) -> None:
    from presslens.scale.ray_engine import RayExecutor

    out = tmp_path / "ray"
    killed: list[int] = []
    engine = RayExecutor(2)
    try:
        summary = run_job(_shards(shard_dir), out, executor=engine, progress=_kill_workers_after_first_shard(engine.worker_pids, killed))
        assert killed and not set(killed) & set(engine.worker_pids())
    finally:
        engine.close()
    assert (summary.done, summary.failed) == (SHARDS, {})
    assert summary.retried >= 1
    assert _content(out) == _content(reference)


@pytest.mark.slow
def test_a_killed_pool_process_has_its_shard_retried_in_a_new_pool(shard_dir: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "pool"
    killed: list[int] = []
    engine = ProcessExecutor(2)
    try:
        summary = run_job(_shards(shard_dir), out, executor=engine, progress=_kill_workers_after_first_shard(engine.worker_pids, killed))
    finally:
        engine.close()
    assert killed and (summary.done, summary.failed) == (SHARDS, {})
    assert summary.retried >= 1
    assert _content(out) == _content(reference)


@pytest.mark.slow
def test_the_cli_writes_a_dataset_and_loads_it(shard_dir: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "dataset", tmp_path / "c.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(shard_dir / "CC-NEWS-00.warc.gz"), "--out", str(out), "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["done"], summary["articles"]) == (1, PER_SHARD)
    result = runner.invoke(cli, ["load", str(out), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == PER_SHARD
    result = runner.invoke(cli, ["load", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 1 and "not a presslens dataset" in result.output


def test_a_dataset_job_with_failed_records_exits_1(shard_dir: Path, tmp_path: Path) -> None:
    last = shard_dir / f"CC-NEWS-{SHARDS - 1:02d}.warc.gz"  # holds a page with no article
    result = CliRunner().invoke(cli, ["ingest", str(last), "--out", str(tmp_path / "d"), "--json", "--quiet"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["errors"] == 1


def _double_or_die(n: int) -> int:
    """A stage stand-in whose process dies on input 2, like a parser crashing on one page."""
    if n == 2:
        os._exit(3)
    return n * 2


def test_an_item_that_kills_every_worker_is_lost_and_the_rest_go_on() -> None:
    engine = ProcessExecutor(2, max_attempts=2)
    try:
        results = list(engine.settle(_double_or_die, [1, 2, 3, 4]))
        assert results[0] == 2 and results[2:] == [6, 8]
        lost = results[1]
        assert isinstance(lost, Lost) and (lost.item, lost.attempts) == (2, 2)
        assert engine.retried >= 1
        with pytest.raises(WorkerLostError):
            list(engine.map(_double_or_die, [2]))
    finally:
        engine.close()


@pytest.mark.slow
def test_ingest_into_a_corpus_on_ray_gives_the_same_rows(local_ray: Any, shard_dir: Path, tmp_path: Path) -> None:
    from snapshot import snapshot

    from presslens.scale import IngestOptions, run_ingest

    specs = sorted(str(p) for p in shard_dir.glob("*.warc.gz"))
    for name, options in (("local", IngestOptions(chunk_size=4)), ("ray", IngestOptions(chunk_size=4, executor="ray", workers=2))):
        with Corpus(tmp_path / f"{name}.db") as corpus:
            summary = run_ingest(specs, corpus, options)
            assert summary.stored == SHARDS * PER_SHARD + 1
    assert snapshot(tmp_path / "local.db") == snapshot(tmp_path / "ray.db")


def test_scale_options_are_checked_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSLENS_DB", raising=False)
    runner = CliRunner()
    cases = [
        (["--db", str(tmp_path / "c.db"), "--language", "en"], "apply to --out jobs"),
        (["--out", str(tmp_path / "d"), "--address", "auto"], "--address needs --engine ray"),
        ([], "give --db"),
        (["--out", str(tmp_path / "d"), "--since", "yesterday"], "since must be a date"),
        (["--out", str(tmp_path / "d"), "--retry-errors"], "--retry-errors works on a corpus"),
    ]
    for args, message in cases:
        result = runner.invoke(cli, ["ingest", str(tmp_path / "x.warc.gz"), *args])
        assert result.exit_code != 0 and message in result.output, (args, result.output)
    assert not (tmp_path / "c.db").exists()
