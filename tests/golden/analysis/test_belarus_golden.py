"""Golden: the eleven attributions a reader expects from a real scraped news page.

Reads the page and its expectations from ``../shared/data`` (research-only data that
never enters this repository) and runs the public API on the raw file: extraction, then
analysis. Skips when the shared data is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import presslens

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
PAGE = DATA / "belarus-lukashenko-euronews.txt"
EXPECTED = DATA / "belarus-lukashenko-euronews.expected.md"
WORD = re.compile(r"\w+")
LINE = re.compile(r"^\d+\.\s+(?P<speaker>.+?)\s+(?:\(mention:[^)]*\)\s+)?\u2192\s+(?P<content>.+?)\s+\u2014\s+(?P<kind>direct|indirect|mixed)\b[^;]*;\s+(?P<cue>[^(]+?)\s*(?:\(mention:.*)?$")


def expected_attributions() -> list[dict[str, str]]:
    section = EXPECTED.read_text(encoding="utf-8").split("## Attributions", 1)[1].split("\n## ", 1)[0]
    rows = [m.groupdict() for line in section.splitlines() if (m := LINE.match(line.strip()))]
    assert len(rows) == 11, "the expectations file changed shape"
    return rows


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def covers(found: str, wanted: str) -> bool:
    """Most of the expected words are in the quote, and most of the quote is expected."""
    want = [w for w in words(wanted)]
    got = set(words(found))
    inside = sum(w in got for w in want)
    extra = sum(w not in set(want) for w in words(found))
    return inside >= 0.9 * len(want) and extra <= 0.5 * len(words(found))


def same_speaker(name: str | None, wanted: str) -> bool:
    if name is None:
        return False
    strip = lambda s: re.sub(r"^the\s+", "", s.strip(), flags=re.I).lower()  # noqa: E731
    return strip(name) == strip(wanted)


@pytest.mark.skipif(not PAGE.exists(), reason="../shared/data (research-only test data) is not present")
def test_belarus_lukashenko_attributions() -> None:
    analysis = presslens.analyze(PAGE.read_bytes(), url=None)
    text = analysis.article.text
    found = [
        {
            "content": " ".join(p.of(text) for p in q.parts),
            "kind": q.kind,
            "cue": "" if q.cue is None else q.cue.span.of(text),
            "speaker": analysis.speaker_name(q),
            "confidence": q.confidence,
        }
        for q in analysis.quotes
    ]
    unmatched = list(range(len(found)))
    for want in expected_attributions():
        content = want["content"].replace("...", " ").strip()
        hits = [i for i in unmatched if covers(found[i]["content"], content)]
        assert hits, f"missing: {want}\nfound: {found}"
        got = found[hits[0]]
        unmatched.remove(hits[0])
        assert same_speaker(got["speaker"], want["speaker"]), (want, got)
        assert got["kind"] == want["kind"], (want, got)
        assert words(want["cue"])[-1] in words(got["cue"]), (want, got)
        assert got["confidence"] > 0.3
    # the expectations allow the headline's attribution and "which the Kremlin considers"
    assert len(unmatched) <= 2, [found[i] for i in unmatched]
    for related in analysis.article.related:
        assert all(words(related.title)[:4] != words(f["content"])[:4] for f in found)
