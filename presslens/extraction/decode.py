"""Bytes to text, and the checks that turn hopeless inputs into ``Rejected`` values early.

Order: empty, too large, binary, then decode (BOM, declared charset, UTF-8, a ``<meta>``
charset, then charset detection). Text that only decodes into noise is "undecodable".

A UTF-8 page with a few stray bytes (a truncated write, one bad byte pasted in) is still
UTF-8: one valid multi-byte sequence says so (legacy 8-bit text almost never holds one),
and guessing a legacy charset for the whole page would garble every accent to save one
byte. The stray bytes become U+FFFD and are counted (``Decoded.replaced``, stored as
``Article.replaced_bytes``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["DecodeProblem", "Decoded", "decode_content", "decode_text", "looks_like_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of common binary formats someone may feed by mistake.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
    b"\x7fELF", b"MZ", b"\x00\x00\x01\x00", b"RIFF", b"OggS", b"fLaC", b"ID3", b"\xfd7zXZ",
)
# Control characters other than tab, newline, form feed and carriage return, as bytes: in UTF-8
# they are single bytes that no other character uses, so counting them in the encoded text
# (bytes.translate) gives the same count as a regex over the text, in half the time.
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b" + bytes(range(0x0e, 0x20)) + b"\x7f"
_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|section|span|a|meta|title|br)[\s>/]",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
_STRUCTURE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# Elements that say HTML; pseudo-tags in plain text (`<tweet id=...>` in a news corpus) do not.
_HTML_ELEMENTS = frozenset(
    "a abbr article aside b blockquote body br caption cite code dd div dl dt em figcaption figure footer"
    " form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input label li link main meta nav noscript"
    " ol option p picture pre script section select small source span strong style sub sup table tbody"
    " td th thead time title tr u ul".split()
)
_MAX_CONTROL_SHARE = 0.01  # real text has next to no control characters
_MAX_REPLACEMENT_SHARE = 0.02  # U+FFFD left after decoding: a wrong or broken encoding
# "A few" stray bytes in UTF-8: at most this many, or this share of the bytes if larger.
_FEW_STRAY = 8
_MAX_STRAY_SHARE = 0.001
# Well-formed UTF-8 multi-byte sequences: text in a legacy 8-bit charset almost never has them.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    """Why content cannot be read as text: a stable ``code`` and a sentence for users."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes; ``replaced`` counts byte sequences that did not decode and
    were replaced with U+FFFD."""

    text: str
    replaced: int = 0


def _declared_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _is_binary(content: bytes) -> bool:
    if content.startswith(_BINARY_MAGIC):
        return True
    head = content[:8192]
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _noisy(text: str) -> bool:
    sample = text[:100_000]
    if not sample:
        return False
    encoded = sample.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    replacements = sample.count("\ufffd")
    return controls > _MAX_CONTROL_SHARE * len(sample) or replacements > _MAX_REPLACEMENT_SHARE * len(sample)


def _detect(content: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    return None if best is None else best.encoding


def _decode_replacing(content: bytes, codec: str) -> Decoded:
    text = content.decode(codec, errors="replace")
    try:
        genuine = content.count("\ufffd".encode(codec))  # U+FFFD written in the page itself
    except (UnicodeEncodeError, LookupError):
        genuine = 0
    return Decoded(text, max(0, text.count("\ufffd") - genuine))


def _utf8_with_strays(content: bytes, *, evidence: bool) -> Decoded | None:
    """``content`` as UTF-8 with its few stray bytes replaced; None when they are not few, or
    when ``evidence`` is asked for and the bytes hold no valid multi-byte UTF-8 sequence
    (then a legacy charset is likelier: a few cp1252 curly quotes are not stray bytes)."""
    decoded = _decode_replacing(content, "utf-8")
    few = max(_FEW_STRAY, int(_MAX_STRAY_SHARE * len(content)))
    if not 0 < decoded.replaced <= few or _noisy(decoded.text):
        return None
    if evidence and _UTF8_MULTIBYTE.search(content) is None:
        return None
    return decoded


def decode_content(content: bytes, declared: str | None = None) -> str | DecodeProblem:
    """Decode ``content`` to text, or say why it cannot be: binary data or undecodable bytes."""
    decoded = decode_text(content, declared)
    return decoded if isinstance(decoded, DecodeProblem) else decoded.text


def decode_text(content: bytes, declared: str | None = None) -> Decoded | DecodeProblem:
    """Decode ``content`` to text and count the byte sequences replaced on the way, or say
    why it cannot be decoded: binary data or undecodable bytes."""
    if _is_binary(content):
        return DecodeProblem("binary-input", "binary data, not HTML or text")
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return _decode_replacing(content, codec)
    candidates = [_declared_codec(declared), "utf-8"]
    meta = _META_CHARSET.search(content[:4096])
    if meta:
        candidates.append(_declared_codec(meta.group(1).decode("ascii", "replace")))
    for codec in dict.fromkeys(c for c in candidates if c):
        try:
            text = content.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _noisy(text):
            return Decoded(text)
    strays = _utf8_with_strays(content, evidence=True)
    if strays is not None:
        return strays
    detected = _detect(content)
    if detected is not None:
        decoded = _decode_replacing(content, detected)
        if not _noisy(decoded.text):
            return decoded
    strays = _utf8_with_strays(content, evidence=False)  # no charset fits better
    if strays is not None:
        return strays
    return DecodeProblem("undecodable", "the bytes do not decode as text in any known encoding")


def looks_like_html(text: str, content_type: str | None = None) -> bool:
    """HTML or plain text? Markup near the start, or enough tags overall, says HTML."""
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind in ("text/html", "application/xhtml+xml"):
            return _HTML_HINT.search(text[:20_000]) is not None or len(_TAG.findall(text[:20_000])) >= 3
        if kind == "text/plain":
            return False
    head = text.lstrip()[:2000]
    if _STRUCTURE.search(head):
        return True
    sample = text[:20_000]
    tags = [found for found in _TAG.finditer(sample) if found.group(1).lower() in _HTML_ELEMENTS]
    if _HTML_HINT.search(head) and len(tags) >= 3:  # markup from the start: a fragment
        return True
    return len(tags) >= 5 and sum(len(found.group(0)) for found in tags) > 0.05 * len(sample)
