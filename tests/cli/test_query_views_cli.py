"""`quotes`, `show`, `search`, `stats` as people type them: default view, --all, --act,
--min-confidence, ids and context, numbered highlighted quotes, breakdowns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli.main import cli
from presslens.model import Analysis, Article, Cue, Entity, Quote, Span
from presslens.store.corpus import Corpus

pytestmark = pytest.mark.issue(8)

TEXT = (
    "The county opened a new library in the old mill on Saturday.\n\n"
    '"Books belong where people already walk," Rosa Quint said at the opening. She hopes the '
    "building will draw families from the COVID-19 clinic next door.\n\n"
    "Visitors queued for an hour."
)


def _analysis() -> Analysis:
    def span(words: str) -> Span:
        start = TEXT.index(words)
        return Span(start=start, end=start + len(words))

    said, hopes = span("said"), span("hopes")
    statement, belief = span("Books belong where people already walk"), span("the building will draw families from the COVID-19 clinic next door")
    rosa = Entity(id="e1", name="Rosa Quint", kind="PERSON", mentions=(span("Rosa Quint"), span("She")))
    article = Article(
        id="mill" + "0" * 28,
        text=TEXT,
        paragraphs=tuple(Span(start=s, end=s + len(p)) for s, p in _paragraphs(TEXT)),
        url="https://www.county-news.example/mill",
        site="County News",
        title="Library opens in the mill",
        published="2024-04-06",
        language="en",
    )
    quotes = (
        Quote(span=statement, kind="direct", parts=(statement,), cue=Cue(span=said, lemma="say"),
              speaker_mention=span("Rosa Quint"), speaker="e1", confidence=0.93, act="statement"),
        Quote(span=belief, kind="indirect", parts=(belief,), cue=Cue(span=hopes, lemma="hope"),
              speaker_mention=span("She"), speaker="e1", confidence=0.85, act="belief"),
    )
    return Analysis(article=article, entities=(rosa,), quotes=quotes, analyzer="hand")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for paragraph in text.split("\n\n"):
        out.append((at, paragraph))
        at += len(paragraph) + 2
    return out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        corpus.add(_analysis())
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_quotes_default_view_and_all(db: Path) -> None:
    shown = _run("quotes", "--db", str(db))
    assert "Books belong" in shown and "draw families" not in shown
    assert "#1 Rosa Quint say [direct, statement, 0.93]" in shown
    everything = _run("quotes", "--db", str(db), "--all")
    assert "draw families" in everything
    assert "draw families" in _run("quotes", "--db", str(db), "--act", "belief")
    assert "no quotes" in CliRunner().invoke(cli, ["quotes", "--db", str(db), "--min-confidence", "0.95"]).output


def test_quotes_site_as_host_or_name_and_context(db: Path) -> None:
    for site in ("county-news.example", "www.county-news.example", "County News"):
        assert "Books belong" in _run("quotes", "--db", str(db), "--site", site)
    [line] = _run("quotes", "--db", str(db), "--context", "--json").splitlines()
    record = json.loads(line)
    assert record["act"] == "statement"
    assert record["context"] == '"Books belong where people already walk," Rosa Quint said at the opening.'


def test_quotes_rejects_bad_choices_as_usage_errors(db: Path) -> None:
    result = CliRunner().invoke(cli, ["quotes", "--db", str(db), "--act", "opinion"])
    assert result.exit_code == 2


def test_show_numbers_and_highlights_quotes(db: Path) -> None:
    shown = _run("show", "--db", str(db), "mill0")
    assert '"[1]{Books belong where people already walk}," Rosa Quint said' in shown
    assert "[2]{the building will draw families" in shown
    assert "[1] Rosa Quint | cue: say | statement, direct, confidence 0.93" in shown
    assert "[2] Rosa Quint | cue: hope | belief, indirect, confidence 0.85" in shown


def test_search_plain_terms_and_stats_breakdowns(db: Path) -> None:
    assert "Library opens in the mill" in _run("search", "--db", str(db), "COVID-19")
    stats = json.loads(_run("stats", "--db", str(db), "--json"))
    assert stats["articles_by_language"] == {"en": 1}
    assert stats["articles_by_site"] == {"county-news.example": 1}
    assert stats["articles_by_month"] == {"2024-04": 1}
    assert stats["quotes_by_act"] == {"statement": 1, "belief": 1}


def test_export_is_the_default_view_unless_asked_for_all(db: Path, tmp_path: Path) -> None:
    default = [json.loads(line) for line in _run("export", "--db", str(db)).splitlines()]
    assert [(r["act"], r["language"]) for r in default] == [("statement", "en")]
    everything = [json.loads(line) for line in _run("export", "--db", str(db), "--all").splitlines()]
    assert sorted(r["act"] for r in everything) == ["belief", "statement"]
    beliefs = _run("export", "--db", str(db), "--act", "belief", "--format", "csv").splitlines()
    assert len(beliefs) == 2 and "belief" in beliefs[1]
    entities = [json.loads(line) for line in _run("export", "--db", str(db), "--what", "entities").splitlines()]
    assert "role" in entities[0]
