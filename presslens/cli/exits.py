"""Exit codes shared by ``extract``, ``analyze`` and ``ingest``, and the ``--help`` text
that states them (kept in one place so the three commands cannot drift apart)."""

from __future__ import annotations

__all__ = ["EXIT_CODES_EPILOG", "OK", "SOME_FAILED", "USAGE"]

OK = 0  # every input done
SOME_FAILED = 1  # some inputs failed (each named, and kept as an error row by ingest), or the command could not run
USAGE = 2  # bad options or arguments (click's usage errors)

EXIT_CODES_EPILOG = """\b
Exit codes: 0 every input done; 1 some inputs failed (the summary names them; after
ingest, `presslens errors` lists them all) or the command could not run (a one-line
error; --debug shows the traceback); 2 usage error (bad options or arguments)."""
