"""Ingest: sources -> extract -> analyze -> store, streamed, resumable, losing nothing.

Inputs are read lazily and grouped into chunks; an executor extracts and analyses each
chunk; this process is the one writer and commits each chunk's articles, errors and
progress rows in one transaction. A killed ingest therefore loses at most the chunks in
flight, and the next run skips every input whose progress row is committed.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from presslens.model import RawDocument, Rejected
from presslens.scale.budget import DEFAULT_MAX_SECONDS
from presslens.scale.executor import make_executor
from presslens.scale.work import Chunk, Extracted, Outcome, StageConfig, WorkItem, analyse_chunk, extract_chunk
from presslens.errors import StoreError
from presslens.store.claims import IngestClaims
from presslens.store.corpus import Corpus
from presslens.store.writer import Batch

__all__ = ["IngestOptions", "IngestSummary", "retry_errors", "run_ingest"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How to ingest. ``chunk_size`` inputs are analysed together and committed in one
    transaction; ``workers > 1`` runs chunks in a process pool (one model per worker)."""

    sources: Any = None  # presslens.sources.SourceOptions; None for its defaults
    extract: Any = None  # options for presslens.extraction.extract_article
    model: str | None = None  # analyzer model; None for the default
    chunk_size: int = 16
    workers: int = 1
    max_seconds: float = DEFAULT_MAX_SECONDS  # per document and stage, then a too-slow error row; 0: none
    executor: str = "local"  # or "ray"
    address: str | None = None  # Ray cluster address; None starts a local Ray
    articles_only: bool = False  # skip pages that are not news articles (Article.page_class "other")


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestSummary:
    """What an ingest did. ``read`` counts inputs seen this run (resumed ones are in
    ``skipped``, not in ``read``); ``stored`` includes ``near_duplicates``, copies stored
    and linked to an existing story; ``duplicates`` were already stored and not stored again."""

    read: int = 0
    stored: int = 0
    near_duplicates: int = 0
    duplicates: int = 0
    skipped: int = 0
    busy: int = 0  # claimed by another ingest running at the same time, left to it
    not_articles: int = 0  # skipped by --articles-only: shops, recipes, docs, index pages...
    not_analysed: dict[str, int] = field(default_factory=dict)  # stored, no pipeline for its language: language -> count
    failed: dict[str, int] = field(default_factory=dict)  # error code -> count
    failed_inputs: tuple[str, ...] = ()  # the first few failed inputs, as "source [code]"
    seconds: float = 0.0
    store_seconds: float = 0.0  # of which writing to the corpus (dedup, speakers, commits)

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "near_duplicates": self.near_duplicates,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "busy": self.busy,
            "not_articles": self.not_articles,
            "not_analysed": dict(self.not_analysed),
            "failed": dict(self.failed),
            "failed_total": self.failed_total,
            "failed_inputs": list(self.failed_inputs),
            "seconds": round(self.seconds, 3),
            "store_seconds": round(self.store_seconds, 3),
        }


ProgressFn = Callable[[IngestSummary], None]
_NAMED_FAILURES = 10  # failed inputs a summary names; `presslens errors` lists them all


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.not_analysed: Counter[str] = Counter()
        self.failed_inputs: list[str] = []
        self.started = time.perf_counter()
        self.store_seconds = 0.0

    def summary(self) -> IngestSummary:
        return IngestSummary(
            read=self.counts["read"],
            stored=self.counts["stored"],
            near_duplicates=self.counts["near_duplicates"],
            duplicates=self.counts["duplicates"],
            skipped=self.counts["skipped"],
            busy=self.counts["busy"],
            not_articles=self.counts["not_articles"],
            not_analysed=dict(self.not_analysed.most_common()),
            failed=dict(self.failed.most_common()),
            failed_inputs=tuple(self.failed_inputs),
            seconds=time.perf_counter() - self.started,
            store_seconds=self.store_seconds,
        )


def _chunks(items: Iterable[WorkItem], size: int, config: StageConfig) -> Iterator[Chunk]:
    pending: list[WorkItem] = []
    for item in items:
        pending.append(item)
        if len(pending) >= size:
            yield Chunk(items=tuple(pending), config=config)
            pending = []
    if pending:
        yield Chunk(items=tuple(pending), config=config)


def _work_items(documents: Iterable[RawDocument | Rejected]) -> Iterator[WorkItem]:
    from presslens.sources import canonical_url, source_key

    for document in documents:
        if isinstance(document, RawDocument):
            yield WorkItem(key=source_key(document), source=document.uri, payload=document)
        else:
            yield WorkItem(key=canonical_url(document.source_id), source=document.source_id, payload=document)


def _write(batch: Batch, outcome: Outcome, tally: _Tally, failed_keys: set[str]) -> None:
    item = outcome.item
    if item.payload is None:  # a retried source produced no failure under its own key
        if item.key not in failed_keys:
            batch.clear_error(item.key)
        return
    tally.counts["read"] += 1
    if outcome.failure is not None:
        raw = item.payload if isinstance(item.payload, RawDocument) else None
        failure = outcome.failure
        batch.record_error(
            source=item.source, source_key=item.key, stage=failure.stage, code=failure.code, reason=failure.reason, raw=raw
        )
        batch.mark_done(item.key, "failed")
        failed_keys.add(item.key)
        tally.failed[failure.code] += 1
        if len(tally.failed_inputs) < _NAMED_FAILURES:
            tally.failed_inputs.append(f"{item.source} [{failure.code}]")
        return
    if outcome.not_article:
        tally.counts["not_articles"] += 1
        batch.mark_done(item.key, "not-article")  # recorded, so a resumed run skips it too
        batch.clear_error(item.key)
        return
    if outcome.analysis is not None:
        from presslens.analysis.languages import NOT_ANALYSED  # here: importing analysis loads spaCy

        if outcome.analysis.analyzer.startswith(NOT_ANALYSED):  # no pipeline for its language
            tally.not_analysed[outcome.analysis.article.language or "unknown"] += 1
        stored = batch.add(outcome.analysis, source=item.source)
        status, article_id = stored.status, stored.article_id
    else:
        assert outcome.duplicate_of is not None
        status, article_id = "duplicate", outcome.duplicate_of
    if status == "duplicate":
        tally.counts["duplicates"] += 1
    else:
        tally.counts["stored"] += 1
        if status == "near-duplicate":
            tally.counts["near_duplicates"] += 1
    batch.mark_done(item.key, "duplicate" if status == "duplicate" else "stored", article_id)
    batch.clear_error(item.key)


def _run(items: Iterable[WorkItem], corpus: Corpus, options: IngestOptions, tally: _Tally, progress: ProgressFn | None) -> IngestSummary:
    if options.chunk_size < 1:
        from presslens.errors import ConfigError

        raise ConfigError("chunk_size must be >= 1", code="bad-option")
    config = StageConfig(
        model=options.model, extract_options=options.extract, max_seconds=options.max_seconds, articles_only=options.articles_only
    )
    executor = make_executor(options.executor, workers=options.workers, address=options.address)
    failed_keys: set[str] = set()

    def with_stored_copies(extracted: Extracted) -> Extracted:  # the store answers, not the worker
        return dataclasses.replace(extracted, stored=corpus.stored_copies(extracted.articles()))

    try:
        extracted = executor.map(extract_chunk, _chunks(items, options.chunk_size, config))
        for outcomes in executor.map(analyse_chunk, map(with_stored_copies, extracted)):
            writing = time.perf_counter()
            with corpus.batch() as batch:
                for outcome in outcomes:
                    _write(batch, outcome, tally, failed_keys)
            tally.store_seconds += time.perf_counter() - writing
            if progress is not None:
                progress(tally.summary())
    finally:
        executor.close()
    summary = tally.summary()
    log.info("ingest done: %s", summary.to_dict())
    return summary


def run_ingest(
    specs: Iterable[str],
    corpus: Corpus,
    options: IngestOptions | None = None,
    *,
    progress: ProgressFn | None = None,
) -> IngestSummary:
    """Ingest every document named by ``specs`` into ``corpus``; inputs an earlier run
    finished are skipped, and so are those another ingest running at the same time has
    claimed. ``progress`` is called with the running summary after each commit."""
    from presslens.sources import iter_documents

    options = options or IngestOptions()
    tally = _Tally()
    claims = IngestClaims(corpus.connection, revisit_not_articles=not options.articles_only)

    def done_or_claimed(key: str) -> bool:
        state = claims.claim(key)
        if state == "mine":
            return False
        tally.counts["skipped" if state == "done" else "busy"] += 1
        return True

    documents = iter_documents(specs, options=options.sources, skip=done_or_claimed)
    try:
        return _run(_work_items(documents), corpus, options, tally, progress)
    finally:
        try:
            claims.release_all()
        except StoreError as error:  # the run's own error says more; a dead owner's claims expire
            log.warning("could not release ingest claims: %s", error)


# Codes of a re-read that found the source gone or out of reach: its stored bytes stand in.
_SOURCE_GONE = frozenset({"not-found", "http-404", "http-410", "connection-failed", "timeout"})


def _source_spec(source: str, source_key: str, raw: RawDocument | None) -> str | None:
    """The spec that reads a failed input again, or None when only its stored bytes can
    (standard input; a WARC record, whose origin names no file)."""
    origin = "" if raw is None else raw.origin or ""
    if raw is None or origin.startswith(("http:", "feed:", "sitemap:")):
        return source  # the (final) URL, or the spec whose reading failed
    if origin == "file":
        return source_key  # absolute: the first run may have had another working directory
    if origin.startswith("jsonl:"):
        return origin.removeprefix("jsonl:")  # path:line, read as one member
    return None


def _retry_items(corpus: Corpus, options: IngestOptions) -> Iterator[WorkItem]:
    """Each failed input read again from its source when it can be (a fixed file gets in),
    from its stored bytes when the source is gone or cannot be read again."""
    from presslens.sources import iter_documents

    for record in corpus.errors():
        raw = corpus.failed_input(record)
        stored = None if raw is None else WorkItem(key=record.source_key, source=record.source, payload=raw)
        spec = _source_spec(record.source, record.source_key, raw)
        if spec is None:
            if stored is not None:
                yield stored
            continue

        # Skip what other runs already finished, but not the failed input itself.
        def skip(key: str, failed: str = record.source_key) -> bool:
            return key != failed and corpus.is_done(key)

        items = _work_items(iter_documents([spec], options=options.sources, skip=skip))
        if stored is not None:  # one document: look at it before choosing
            fresh = list(items)
            gone = bool(fresh) and all(isinstance(item.payload, Rejected) and item.payload.code in _SOURCE_GONE for item in fresh)
            if gone:
                yield stored
                continue
            items = iter(fresh)
        yield from items
        yield WorkItem(key=record.source_key, source=record.source, payload=None)


def retry_errors(
    corpus: Corpus, options: IngestOptions | None = None, *, progress: ProgressFn | None = None
) -> IngestSummary:
    """Run every input in the errors table again: read again from its source (files, URLs,
    JSON Lines rows), from its stored bytes where the source is gone or cannot be read again
    (standard input, WARC records). Those that now succeed leave the errors table."""
    options = options or IngestOptions()
    return _run(_retry_items(corpus, options), corpus, options, _Tally(), progress)
