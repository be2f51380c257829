"""Golden extraction cases: exact metadata, must / must-not contain snippets in the body.

Each ``<case>.expected.json`` names its input: a bundled sample (text written for presslens)
or a research-only file in ``../shared/data``, read in place and skipped when absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslens.extraction import extract_content
from presslens.model import Article

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CASES = sorted(HERE.glob("*.expected.json"))


def load_case(path: Path) -> tuple[dict[str, Any], Article]:
    expected = json.loads(path.read_text(encoding="utf-8"))
    source = (REPO / expected["input"]).resolve()
    if not source.exists():
        pytest.skip(f"{expected['input']} is not available (research data lives outside the repository)")
    return expected, extract_content(source.read_bytes())


@pytest.mark.parametrize("case", CASES, ids=[c.name.removesuffix(".expected.json") for c in CASES])
def test_golden(case: Path) -> None:
    expected, article = load_case(case)
    paragraphs = article.paragraph_texts()
    for field in ("title", "language", "site"):
        if field in expected:
            assert getattr(article, field) == expected[field], field
    assert article.authors == tuple(expected["authors"])
    assert article.agencies == tuple(expected["agencies"])
    if "published_prefix" in expected:
        assert (article.published or "").startswith(expected["published_prefix"])
    if "captions" in expected:
        assert [c.to_dict() for c in article.captions] == expected["captions"]
    if "caption_count" in expected:
        assert len(article.captions) == expected["caption_count"]
        assert article.captions[0].credit == expected["caption_credit"]
        assert all(c.text not in article.text for c in article.captions)
    if "related" in expected:
        assert [r.title for r in article.related] == expected["related"]
    if "related_count" in expected:
        assert len(article.related) == expected["related_count"]
        assert all(r.title not in article.text for r in article.related)
    assert paragraphs[0].startswith(expected["lead_starts"])
    if "body_starts" in expected:
        assert paragraphs[1].startswith(expected["body_starts"])
    assert paragraphs[-1].endswith(expected["last_paragraph_ends"])
    if "paragraph_count" in expected:
        assert len(paragraphs) == expected["paragraph_count"]
    for snippet in expected.get("must_contain", ()):
        assert snippet in article.text, snippet
    for snippet in expected.get("must_not_contain", ()):
        assert snippet not in article.text, snippet
    assert article.title not in article.text


def test_seed_article_loses_no_paragraph() -> None:
    """Every line of the seed dump from the lead to the last body line is kept, in order,
    except the chrome lines named in the expectations."""
    case = HERE / "belarus-lukashenko-euronews.expected.json"
    expected, article = load_case(case)
    source = (REPO / expected["input"]).resolve().read_text(encoding="utf-8")
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith(expected["lead_starts"]))
    last = next(i for i, line in enumerate(lines) if line.endswith(expected["last_paragraph_ends"]))
    chrome = expected["must_not_contain"]
    prose = [line for line in lines[first : last + 1] if not any(snippet in line for snippet in chrome)]
    assert list(article.paragraph_texts()) == prose
