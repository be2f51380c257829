"""Scale: compose the stages over many inputs (``run_ingest``) behind a small executor
interface; the only place that will import Ray when a Ray backend is added."""

from presslens.scale.ingest import IngestOptions, IngestSummary, retry_errors, run_ingest

__all__ = ["IngestOptions", "IngestSummary", "retry_errors", "run_ingest"]
