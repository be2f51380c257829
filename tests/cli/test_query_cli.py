"""Query commands: quotes, search, speakers, show, stats, export, errors (over a hand-built corpus)."""

from __future__ import annotations

import csv
import inspect
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli.main import cli
from presslens.model import Analysis, Article, Cue, Entity, Quote, Span
from presslens.store.corpus import Corpus

STORIES = [
    (
        "https://www.valley-post.example/bridge",
        "2024-02-11",
        "The old bridge over the Marrow river will close for repairs in March, the county said.",
        "We cannot keep patching a bridge that is ninety years old",
        "Helen Achebe",
    ),
    (
        "https://news.example.org/ferry",
        "2024-07-02",
        "A summer ferry service will replace the bridge while the works last, officials confirmed.",
        "The ferry will run every twenty minutes from dawn until midnight",
        "Helen C. Achebe",
    ),
    (
        "https://news.example.org/school",
        "2024-09-15",
        "Pupils at the hill school returned to new classrooms after a year of building work.",
        "The children finally have the space they deserve",
        "Samuel Achebe",
    ),
]


def _analysis(url: str, published: str, lead: str, words: str, speaker: str) -> Analysis:
    quote_paragraph = f'"{words}," {speaker} said on Monday.'
    text = f"{lead}\n\n{quote_paragraph}"
    start = text.index(words)
    said = text.index(" said") + 1
    mention_at = text.index(speaker)
    article = Article(
        id=url.rsplit("/", 1)[1] + "0" * 20,
        text=text,
        paragraphs=(Span(start=0, end=len(lead)), Span(start=len(lead) + 2, end=len(text))),
        url=url,
        site=url.split("/")[2],
        title=lead.split(",")[0],
        published=published,
    )
    entity = Entity(id="e1", name=speaker, kind="PERSON", mentions=(Span(start=mention_at, end=mention_at + len(speaker)),))
    quote = Quote(
        span=Span(start=start, end=start + len(words)),
        kind="direct",
        parts=(Span(start=start, end=start + len(words)),),
        cue=Cue(span=Span(start=said, end=said + 4), lemma="say"),
        speaker_mention=entity.mentions[0],
        speaker="e1",
        confidence=0.9,
    )
    return Analysis(article=article, entities=(entity,), quotes=(quote,))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    with Corpus(path) as corpus:
        for story in STORIES:
            corpus.add(_analysis(*story))
        corpus.record_error(source="https://gone.example/page", stage="source", code="http-404", reason="HTTP 404")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    # click < 8.2 mixes stderr into stdout unless told not to
    split = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    result = CliRunner(**split).invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_quotes_by_speaker_alias_and_json(db: Path) -> None:
    code, out, _ = run("quotes", "--db", str(db), "--speaker", "Helen Achebe", "--json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["speaker"] for r in records} == {"Helen Achebe"}  # both spellings, one speaker
    assert len(records) == 2


def test_quotes_filters_from_the_command_line(db: Path) -> None:
    def texts(*extra: str) -> list[str]:
        code, out, err = run("quotes", "--db", str(db), "--json", *extra)
        assert code == 0, err
        return [json.loads(line)["text"] for line in out.splitlines()]

    assert texts("--since", "2024-07", "--until", "2024-07-31") == [STORIES[1][3]]
    assert texts("--site", "valley-post.example") == [STORIES[0][3]]
    assert texts("--about", "ferry") == [STORIES[1][3]]
    assert len(texts("--speaker", "Achebe")) == 3  # a surname finds every Achebe
    assert texts("--kind", "indirect") == []
    assert len(texts("--limit", "1")) == 1


def test_db_comes_from_the_environment(db: Path) -> None:
    code, out, _ = run("quotes", env={"PRESSLENS_DB": str(db)})
    assert code == 0 and "Samuel Achebe" in out


def test_bad_date_is_a_usage_error(db: Path) -> None:
    code, _, err = run("quotes", "--db", str(db), "--since", "last week")
    assert code == 2 and "date" in err


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("stats", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_search_prints_snippets(db: Path) -> None:
    code, out, _ = run("search", "--db", str(db), "bridge")
    assert code == 0 and "[bridge]" in out


@pytest.mark.parametrize("query", ['bridge AND', '"open phrase', "NEAR(", "col:bridge"])
def test_malformed_search_is_a_clear_message(db: Path, query: str) -> None:
    code, out, err = run("search", "--db", str(db), query)
    assert code == 1
    assert "Traceback" not in err + out
    assert "invalid search query" in err and len(err.strip().splitlines()) == 1


def test_speakers_lists_aliases(db: Path) -> None:
    code, out, _ = run("speakers", "--db", str(db), "--json")
    assert code == 0
    records = {r["name"]: r for r in map(json.loads, out.splitlines())}
    assert set(records) == {"Helen Achebe", "Samuel Achebe"}
    assert set(records["Helen Achebe"]["aliases"]) == {"Helen Achebe", "Helen C. Achebe"}
    code, out, _ = run("speakers", "--db", str(db), "--top", "1")
    assert code == 0 and len(out.splitlines()) == 1 and "also: Helen C. Achebe" in out


def test_show_accepts_a_prefix(db: Path) -> None:
    code, out, _ = run("show", "--db", str(db), "bridge")
    assert code == 0 and STORIES[0][3] in out and "Helen Achebe" in out
    code, out, _ = run("show", "--db", str(db), "bridge", "--json")
    assert json.loads(out)["article"]["url"] == STORIES[0][0]
    code, _, err = run("show", "--db", str(db), "nothere")
    assert code == 1 and "no article" in err


def test_stats(db: Path) -> None:
    code, out, _ = run("stats", "--db", str(db), "--json")
    stats = json.loads(out)
    assert (stats["articles"], stats["quotes"], stats["speakers"], stats["errors"]) == (3, 3, 2, 1)
    code, out, _ = run("stats", "--db", str(db))
    assert code == 0 and "articles: 3" in out


def test_errors_lists_failed_inputs(db: Path) -> None:
    code, out, _ = run("errors", "--db", str(db))
    assert code == 0 and "https://gone.example/page" in out and "http-404" in out
    code, out, _ = run("errors", "--db", str(db), "--json", "--code", "nope")
    assert code == 0 and out == ""


@pytest.mark.parametrize("what", ["articles", "quotes", "entities"])
def test_export_jsonl_and_csv(db: Path, what: str) -> None:
    code, out, _ = run("export", "--db", str(db), "--what", what)
    assert code == 0 and len(out.splitlines()) == 3
    code, out, _ = run("export", "--db", str(db), "--what", what, "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3


def test_export_parquet_to_a_file(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "quotes.parquet"
    code, _, err = run("export", "--db", str(db), "--format", "parquet", "-o", str(target))
    assert code == 0 and "wrote 3 quotes" in err
    assert pq.read_table(target).num_rows == 3
