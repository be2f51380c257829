"""Export: the same rows in JSON Lines, CSV and Parquet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from presslens.errors import ConfigError
from presslens.model import Analysis
from presslens.store import export
from presslens.store.corpus import Corpus

PARAGRAPHS = [
    "The library in Eastfield will open on Sundays from next month, the town announced on Monday.",
    '"Reading should not wait for the weekend to end," Priya Raman said, adding that volunteers would help.',
]


@pytest.fixture
def filled(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> Corpus:
    corpus.add(make_analysis(PARAGRAPHS, url="https://eastfield.example/library",
                             quotes=[("Reading should not wait for the weekend to end", "Priya Raman", "direct")]))
    return corpus


@pytest.mark.parametrize("what", ["articles", "quotes", "entities"])
def test_jsonl_and_csv_hold_the_same_rows(filled: Corpus, what: str) -> None:
    jsonl, table = io.StringIO(), io.StringIO()
    assert export.write_jsonl(filled.connection, what, jsonl) == 1
    assert export.write_csv(filled.connection, what, table) == 1
    record = json.loads(jsonl.getvalue())
    [row] = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert set(record) == set(row)


def test_quote_export_names_the_canonical_speaker(filled: Corpus) -> None:
    [record] = export.iter_records(filled.connection, "quotes")
    assert record["speaker"] == "Priya Raman"
    assert record["text"] == "Reading should not wait for the weekend to end"
    assert record["parts"] == [{"start": record["start"], "end": record["end"]}]


@pytest.mark.parametrize("what", ["articles", "quotes", "entities"])
def test_parquet_round_trips(filled: Corpus, what: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = io.BytesIO()
    assert export.write_parquet(filled.connection, what, out) == 1
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == 1
    assert table.column_names == export.columns(filled.connection, what)


def test_unknown_table_is_a_config_error(filled: Corpus) -> None:
    with pytest.raises(ConfigError):
        list(export.iter_records(filled.connection, "sqlite_master"))


def test_missing_pyarrow_gives_the_exact_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ConfigError) as caught:
        export.require_pyarrow()
    assert "pip install 'presslens[export]'" in str(caught.value)
