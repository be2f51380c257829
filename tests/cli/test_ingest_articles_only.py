"""`presslens ingest --articles-only` skips pages that are not news articles (issue 8)."""

from __future__ import annotations

import inspect
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli.main import cli

pytestmark = [pytest.mark.issue(8), pytest.mark.slow]

# Pages written for this test.
STORY = (
    '<html><head><title>Council closes ferry pier</title>'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council closes ferry pier"}</script>'
    '<meta property="og:type" content="article"></head><body><article>'
    "<p>The harbour council of Port Alder voted on Thursday night to close the old ferry pier for repairs, "
    "after engineers found that two of its supporting piles had cracked during the winter storms.</p>"
    "<p>The council's chair, Imke Varga, said the pier would reopen in the autumn if the repairs went to plan, "
    "and that the ferry would use the northern quay until then.</p></article></body></html>"
)
PRODUCT = (
    '<html><head><title>Trail Runner 3 jacket</title>'
    '<script type="application/ld+json">{"@type": "Product", "name": "Trail Runner 3"}</script>'
    '<meta property="og:type" content="product"></head><body><main>'
    + "".join(
        f"<p>{line}</p>"
        for line in ["Trail Runner 3 waterproof jacket in blue, with taped seams and two zip pockets for your keys.",
                     "Sizes: S, M, L, XL", "\u20ac 89,99", "In stock, delivered in two to three working days",
                     "Members pay \u20ac 79,99", "Breathable fabric that keeps the rain out on long runs in the hills."]
    )
    + "</main></body></html>"
)


def _run(*args: str) -> tuple[int, str]:
    split = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    result = CliRunner(**split).invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_articles_only_skips_and_counts_other_pages(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.html").write_text(STORY, encoding="utf-8")
    (pages / "jacket.html").write_text(PRODUCT, encoding="utf-8")
    db = tmp_path / "c.db"
    code, out = _run("ingest", "--db", str(db), "--json", "--quiet", "--articles-only", str(pages))
    assert code == 0
    summary = json.loads(out.splitlines()[-1])
    assert summary["stored"] == 1 and summary["not_articles"] == 1 and summary["failed_total"] == 0
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT page_class FROM articles")] == ["news"]
        statuses = sorted(r[0] for r in conn.execute("SELECT status FROM ingest_progress"))
    assert statuses == ["not-article", "stored"]



def test_a_run_without_the_flag_later_stores_the_pages_it_skipped(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.html").write_text(STORY, encoding="utf-8")
    (pages / "jacket.html").write_text(PRODUCT, encoding="utf-8")
    db = tmp_path / "c.db"
    assert _run("ingest", "--db", str(db), "--json", "--quiet", "--articles-only", str(pages))[0] == 0
    again = _run("ingest", "--db", str(db), "--json", "--quiet", "--articles-only", str(pages))
    assert json.loads(again[1].splitlines()[-1])["skipped"] == 2  # a resumed skipping run redoes nothing
    code, out = _run("ingest", "--db", str(db), "--json", "--quiet", str(pages))
    assert code == 0
    summary = json.loads(out.splitlines()[-1])
    assert summary["stored"] == 1 and summary["skipped"] == 1  # the jacket page, skipped before, is not lost
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT page_class FROM articles")) == ["news", "other"]
        assert sorted(r[0] for r in conn.execute("SELECT status FROM ingest_progress")) == ["stored", "stored"]

def test_without_the_flag_every_page_is_stored_with_its_class(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.html").write_text(STORY, encoding="utf-8")
    (pages / "jacket.html").write_text(PRODUCT, encoding="utf-8")
    db = tmp_path / "c.db"
    code, out = _run("ingest", "--db", str(db), "--json", "--quiet", str(pages))
    assert code == 0
    assert json.loads(out.splitlines()[-1])["stored"] == 2
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT page_class FROM articles")) == ["news", "other"]


GERMAN = (
    "<html lang='de'><head><title>Stadtrat schließt Fähranleger</title></head><body><article>"
    "<p>Der Stadtrat von Port Alder hat am Donnerstag beschlossen, den alten Fähranleger für Reparaturen zu schließen, "
    "nachdem Ingenieure Risse in zwei der tragenden Pfähle gefunden hatten.</p>"
    "<p>Hinweis: Die Fähre fährt bis zum Herbst vom Nordkai ab, sagte die Vorsitzende des Rates am Abend.</p>"
    "</article></body></html>"
)


def test_an_article_in_a_language_without_a_pipeline_is_stored_and_counted(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.html").write_text(STORY, encoding="utf-8")
    (pages / "de.html").write_text(GERMAN, encoding="utf-8")
    db = tmp_path / "c.db"
    code, out = _run("ingest", "--db", str(db), "--json", "--quiet", str(pages))
    assert code == 0
    summary = json.loads(out.splitlines()[-1])
    assert summary["stored"] == 2 and summary["not_analysed"] == {"de": 1}
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT language, analyzer FROM articles").fetchall())
        assert rows["de"] == "not analysed: language de"
        assert conn.execute("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.language = 'de'").fetchone()[0] == 0
