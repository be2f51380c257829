"""Shards: the files a scaled-out job is cut into, one task each.

A shard is one WARC (or any single source file) named by a path or URL. They come from
explicit paths, globs, or a CC-NEWS style manifest (``warc.paths``, ``warc.paths.gz``: one
path or URL per line; relative lines resolve against ``--base-url`` when given, else the
manifest's own directory). A shard's id is a hash of where it lives, so output files and
done-markers are keyed by it and a rerun finds them.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import logging
import shutil
import tempfile
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from presslens.errors import ConfigError, SourceError

__all__ = ["Shard", "is_manifest", "list_shards", "local_copy", "read_manifest"]

log = logging.getLogger(__name__)

MANIFEST_SUFFIXES = (".paths", ".paths.gz")
DOWNLOAD_TIMEOUT = 120.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Shard:
    """One input file of a job: ``uri`` is a local path or an http(s) URL."""

    id: str
    uri: str

    @classmethod
    def of(cls, uri: str) -> Shard:
        name = uri.rstrip("/").rsplit("/", 1)[-1]
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.split(".")[0])[:40]
        digest = hashlib.sha256(uri.encode("utf-8")).hexdigest()[:12]
        return cls(id=f"{stem}-{digest}" if stem else digest, uri=uri)


def _is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def is_manifest(spec: str) -> bool:
    return spec.lower().endswith(MANIFEST_SUFFIXES)


def read_manifest(path: str | Path, *, base_url: str | None = None) -> list[str]:
    """The shard URIs a manifest lists, in order; blank lines and ``#`` comments skipped."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read manifest {path}: {error.strerror}", code="not-found", path=str(path)) from None
    text = (gzip.decompress(raw) if path.name.lower().endswith(".gz") else raw).decode("utf-8")
    uris = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _is_url(line) or Path(line).is_absolute():
            uris.append(line)
        elif base_url is not None:
            uris.append(urljoin(base_url.rstrip("/") + "/", line))
        else:
            uris.append(str((path.parent / line).resolve()))
    return uris


def _expand(spec: str, base_url: str | None) -> Iterator[str]:
    if is_manifest(spec) and not _is_url(spec):
        yield from read_manifest(spec, base_url=base_url)
    elif _is_url(spec):
        yield spec
    elif glob.has_magic(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            raise ConfigError(f"no files match {spec}", code="no-input")
        yield from (str(Path(m).resolve()) for m in matches if Path(m).is_file())
    elif Path(spec).is_dir():
        yield from (str(p.resolve()) for p in sorted(Path(spec).iterdir()) if p.is_file() and not p.name.startswith("."))
    else:
        yield str(Path(spec).resolve())  # a missing file becomes the shard's error, not a crash here


def list_shards(specs: Iterable[str], *, base_url: str | None = None) -> list[Shard]:
    """Every shard named by ``specs`` (paths, globs, directories, manifests, URLs), each once."""
    seen: dict[str, Shard] = {}
    for spec in specs:
        for uri in _expand(spec, base_url):
            seen.setdefault(uri, Shard.of(uri))
    return list(seen.values())


@contextmanager
def local_copy(shard: Shard) -> Iterator[Path]:
    """The shard as a local file: itself, or a temporary download of its URL."""
    if not _is_url(shard.uri):
        path = Path(shard.uri)
        if not path.is_file():  # fail the shard (a rerun tries again), not just one record
            raise SourceError(f"no such shard file: {path}", code="not-found", path=str(path))
        yield path
        return
    suffix = "".join(Path(shard.uri.split("?", 1)[0]).suffixes[-2:])
    with tempfile.NamedTemporaryFile(suffix=suffix) as target:
        try:
            with urllib.request.urlopen(shard.uri, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 - http(s) only
                shutil.copyfileobj(response, target)
        except OSError as error:
            raise SourceError(f"cannot download {shard.uri}: {error}", code="fetch-failed", source_id=shard.uri) from None
        target.flush()
        yield Path(target.name)
