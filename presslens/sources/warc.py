"""WARC and WARC.gz files, as Common Crawl's CC-NEWS ships them: HTML ``response`` records.

FastWARC reads them; warcio is the fallback when FastWARC is not installed. Both paths share
the record rules, so they give the same documents:

- only ``response`` records with an HTTP 200 status and an HTML payload (``text/html``,
  ``application/xhtml+xml``, or no type and an ``<html`` start) become documents;
- everything else (robots.txt, images, redirects, 404s) is skipped silently and counted in
  the log, because it is a correct part of a crawl and not an article that failed. A record
  larger than ``max_bytes`` or with an undecodable ``Content-Encoding`` is a ``Rejected``;
- the HTTP ``Content-Type`` charset goes into ``encoding``; ``Content-Encoding: gzip`` or
  ``deflate`` and chunked transfer encoding are undone;
- ``uri`` is the canonical ``WARC-Target-URI``; ``origin`` is ``warc:<WARC-Record-ID>``;
- a truncated or corrupt archive yields the records read so far, then one ``Rejected``
  (code ``warc-truncated`` or ``warc-corrupt``) that stands for the rest: no crash.
"""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from presslens.errors import missing_extra
from presslens.model import RawDocument, Rejected
from presslens.sources.keys import canonical_url, split_content_type

__all__ = ["HTML_TYPES", "fastwarc_available", "iter_warc", "write_warc"]

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def fastwarc_available() -> bool:
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(slots=True)
class _Record:
    """One response record, reduced to what both readers can tell us."""

    record_id: str
    target_uri: str
    date: str | None
    status: int | None
    headers: dict[str, str]  # HTTP headers, lower-case names
    payload: bytes
    complete: bool  # False when the archive ended inside this record


@dataclass(slots=True)
class _Counts:
    documents: int = 0
    skipped_status: int = 0
    skipped_type: int = 0
    rejected: int = 0


class _ArchiveBroken(Exception):
    """The archive cannot be read past this point."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def iter_warc(
    path: str | Path,
    *,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    use_fastwarc: bool | None = None,
    record_id: str | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Stream the HTML responses of a WARC file (see the module docstring for the rules).

    ``use_fastwarc``: None picks FastWARC when importable, else warcio; False forces warcio.
    ``record_id``: read only the record with this ``WARC-Record-ID`` (to retry one).
    """
    path = Path(path)
    if use_fastwarc is None:
        use_fastwarc = fastwarc_available()
    counts = _Counts()
    records = _fastwarc_records(path, max_bytes) if use_fastwarc else _warcio_records(path, max_bytes)
    try:
        for record in records:
            if record_id is not None and record.record_id != record_id:
                continue
            item = _to_item(record, path, max_bytes, counts)
            if item is not None:
                yield item
            if record_id is not None:
                break
    except _ArchiveBroken as broken:
        counts.rejected += 1
        yield Rejected(
            source_id=str(path),
            reason=f"{broken.reason} after {counts.documents} documents; the rest is lost",
            code=broken.code,
        )
    except FileNotFoundError:
        yield Rejected(source_id=str(path), reason="no such file", code="not-found")
    except PermissionError:
        yield Rejected(source_id=str(path), reason="permission denied", code="unreadable")
    logger.info(
        "%s: %d documents, %d skipped for HTTP status, %d skipped as not HTML, %d rejected",
        path,
        counts.documents,
        counts.skipped_status,
        counts.skipped_type,
        counts.rejected,
    )


def _to_item(record: _Record, path: Path, max_bytes: int, counts: _Counts) -> RawDocument | Rejected | None:
    source_id = f"{path}#{record.record_id}"
    if not record.complete:
        raise _ArchiveBroken("warc-truncated", f"the archive ends inside record {record.record_id}")
    if record.status is None:
        counts.skipped_status += 1
        logger.debug("%s: record %s has no HTTP status line", path, record.record_id)
        return None
    if record.status != 200:
        counts.skipped_status += 1
        return None
    mime, charset = split_content_type(record.headers.get("content-type"))
    if mime not in HTML_TYPES and not (mime is None and _looks_like_html(record.payload)):
        counts.skipped_type += 1
        return None
    if len(record.payload) > max_bytes:
        counts.rejected += 1
        return Rejected(source_id=source_id, reason=f"record is larger than max_bytes={max_bytes}", code="too-large")
    try:
        payload = _decode_payload(record.payload, record.headers)
    except ValueError as error:
        counts.rejected += 1
        return Rejected(source_id=source_id, reason=str(error), code="bad-content-encoding")
    counts.documents += 1
    return RawDocument(
        uri=canonical_url(record.target_uri),
        content=payload,
        content_type=mime or "text/html",
        encoding=charset,
        fetched_at=record.date,
        origin=f"warc:{record.record_id}",
    )


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _decode_payload(payload: bytes, headers: dict[str, str]) -> bytes:
    """Undo chunked transfer encoding and gzip/deflate content encoding; ValueError if broken."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        payload = _dechunk(payload)
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return payload
    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(payload)
        if encoding == "deflate":
            try:
                return zlib.decompress(payload)
            except zlib.error:  # raw deflate without the zlib wrapper, as some servers send
                return zlib.decompress(payload, -zlib.MAX_WBITS)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"cannot undo Content-Encoding {encoding}: {error}") from None
    raise ValueError(f"unsupported Content-Encoding {encoding!r}")


def _dechunk(payload: bytes) -> bytes:
    stream = io.BytesIO(payload)
    parts: list[bytes] = []
    while True:
        size_line = stream.readline()
        if not size_line:
            break
        try:
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return payload  # not chunked after all (crawlers often dechunk and keep the header)
        if size == 0:
            break
        parts.append(stream.read(size))
        stream.readline()
    return b"".join(parts)


# -- FastWARC ----------------------------------------------------------------------------


def _fastwarc_records(path: Path, max_bytes: int) -> Iterator[_Record]:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        raise missing_extra("fastwarc", "warc") from None
    gzipped = _is_gzip(path)
    last_start = 0
    with path.open("rb") as stream:
        records = iter(ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True))
        while True:
            try:
                record = next(records)
                last_start = record.stream_pos
                # After parse_http, content_length counts the payload alone (the block when
                # the HTTP head could not be parsed); a shorter read means a cut archive.
                payload = record.reader.read(max_bytes + 1)
                complete = len(payload) > max_bytes or len(payload) >= record.content_length
                http = record.http_headers
                status = http.status_code if http is not None else None
                if status is None:
                    complete = complete and bool(payload)  # a head cut off leaves nothing
                headers = {k.lower(): v for k, v in http.items()} if http is not None else {}
            except StopIteration:
                break
            except (OSError, ValueError) as error:  # FastWARC reports bad gzip/headers as OSError
                raise _ArchiveBroken("warc-corrupt", f"unreadable WARC data ({error})") from None
            yield _Record(
                record_id=record.record_id or "",
                target_uri=record.headers.get("WARC-Target-URI", "") or "",
                date=record.headers.get("WARC-Date"),
                status=status,
                headers=headers,
                payload=payload,
                complete=complete,
            )


    # FastWARC stops quietly inside a cut gzip member; check the members from the last record on.
    if gzipped and not _gzip_members_complete(path, last_start):
        raise _ArchiveBroken("warc-truncated", "the archive ends inside a gzip member")


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(2) == b"\x1f\x8b"


def _gzip_members_complete(path: Path, start: int) -> bool:
    """Whether every gzip member from byte ``start`` to the end of the file is whole."""
    with path.open("rb") as stream:
        stream.seek(start)
        member = None
        data = b""
        while True:
            if not data:
                data = stream.read(1 << 16)
                if not data:
                    return member is None or member.eof
            if member is None or member.eof:
                member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:  # output is thrown away, in bounded pieces
                member.decompress(data, 1 << 16)
                while member.unconsumed_tail:
                    member.decompress(member.unconsumed_tail, 1 << 16)
            except zlib.error:
                return False
            data = member.unused_data if member.eof else b""


# -- warcio ------------------------------------------------------------------------------


def _warcio_records(path: Path, max_bytes: int) -> Iterator[_Record]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise missing_extra("warcio", "warc") from None
    size = path.stat().st_size
    with path.open("rb") as stream:
        archive = ArchiveIterator(stream)
        records = iter(archive)
        seen_any = False
        last_start = 0
        while True:
            try:
                record = next(records)
                seen_any = True
                if record.format != "warc":  # warcio reads any text as ARC; FastWARC reads WARC only
                    raise _ArchiveBroken("warc-corrupt", f"not a WARC record at byte {archive.offset}")
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                # raw_stream is the payload after the HTTP head, as sent (we decode it ourselves)
                payload = record.raw_stream.read(max_bytes + 1)
                # a LimitReader with bytes left means the file ended inside this record
                complete = len(payload) > max_bytes or getattr(record.raw_stream, "limit", 0) == 0
                if record.length is None:  # every WARC record has a Content-Length: its head was cut
                    complete = False
                last_start = archive.get_record_offset()  # reads to the record's end: after the payload
                status_text = http.get_statuscode() if http is not None else None
                headers = {k.lower(): v for k, v in http.headers} if http is not None else {}
            except StopIteration:
                break
            except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as error:
                raise _ArchiveBroken("warc-corrupt", f"unreadable WARC data ({error})") from None
            except AttributeError:  # warcio 1.7 trips on a record head cut before its URI
                raise _ArchiveBroken("warc-truncated", "the archive ends inside a record head") from None
            yield _Record(
                record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
                target_uri=record.rec_headers.get_header("WARC-Target-URI") or "",
                date=record.rec_headers.get_header("WARC-Date"),
                status=int(status_text) if status_text and status_text.isdigit() else None,
                headers=headers,
                payload=payload,
                complete=complete,
            )
    if size and not seen_any:  # warcio skips what it cannot parse instead of failing
        raise _ArchiveBroken("warc-corrupt", "no WARC record found: not a WARC file")
    # warcio stops quietly at a cut gzip member: the offsets then fall short of the file.
    if archive.offset < size:
        raise _ArchiveBroken("warc-truncated", f"the archive ends inside a record at byte {archive.offset}")
    if _is_gzip(path) and not _gzip_members_complete(path, last_start):
        raise _ArchiveBroken("warc-truncated", "the archive ends inside a gzip member")


# -- writing -----------------------------------------------------------------------------


def write_warc(records: Iterable[RawDocument], path: str | Path) -> int:
    """Write documents as HTTP 200 ``response`` records (gzip when ``path`` ends in ``.gz``);
    return how many were written. For tests and benchmarks: read it back with ``iter_warc``."""
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        raise missing_extra("warcio", "warc") from None
    path = Path(path)
    count = 0
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for raw in records:
            content_type = raw.content_type or "text/html"
            if raw.encoding:
                content_type = f"{content_type}; charset={raw.encoding}"
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(raw.content)))],
                protocol="HTTP/1.1",
            )
            warc_headers = {"WARC-Date": raw.fetched_at} if raw.fetched_at else None
            record = writer.create_warc_record(
                raw.uri,
                "response",
                payload=io.BytesIO(raw.content),
                length=len(raw.content),  # known length: warcio then needs no temporary file
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
            writer.write_record(record)
            count += 1
    return count
