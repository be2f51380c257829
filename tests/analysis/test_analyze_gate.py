"""Which paragraphs the analyzer parses (issue 8: parse only what can hold an attribution).
Texts written for these tests."""

from __future__ import annotations

import pytest

from presslens.analysis.lexicon import Lexicon
from presslens.analysis.pipeline import Analyzer, AnalyzerOptions, _cue_gate
from presslens.model import Analysis

pytestmark = pytest.mark.issue(8)

TEXT = (
    "The old bridge over the Lenne is closed. It has been closed since May.\n\n"
    "The council is against a new toll, and its leader, Ada Brandt, said the bridge would reopen.\n\n"
    "Brandt has the view that tolls hurt the town. Traffic was light on Sunday.\n\n"
    "\u201cWe will not wait,\u201d she said.\n\n"
    "Shops on the square were open and the weather was fine."
)


def _quotes(analysis: Analysis) -> list[tuple[object, ...]]:
    return [(q.span, q.parts, q.cue, q.speaker_mention, analysis.speaker_name(q), q.confidence, q.act) for q in analysis.quotes]


def test_gate_keeps_the_words_a_cues_frame_needs() -> None:
    lexicon = Lexicon(
        forms={"is": "be", "was": "be", "said": "say", "has": "have", "likes": "like", "feeble": "feeble"},
        weights={"be|prep_against": 0.5, "say|ccomp": 0.9, "have|dobj_clause": 0.5, "like|xcomp": 0.4, "feeble|dobj": 0.1},
        threshold=0.3,
    )
    gate = _cue_gate(lexicon)
    assert gate["is"] == gate["was"] == frozenset({"against"})
    assert gate["has"] == frozenset({"that"})
    assert gate["likes"] == frozenset({"to"})
    assert gate["said"] is None and gate["according"] is None
    assert "feeble" not in gate


def test_paragraphs_without_a_possible_cue_are_not_parsed(analyzer: Analyzer) -> None:
    assert not analyzer._worth_parsing("The old bridge is closed and the river is wide.")
    assert analyzer._worth_parsing("The council is against a new toll.")
    assert analyzer._worth_parsing("Brandt said the bridge would reopen.")
    assert analyzer._worth_parsing("\u201cWe will not wait.\u201d")


def test_skipped_paragraphs_change_no_quote(analyzer: Analyzer) -> None:
    everything = Analyzer(AnalyzerOptions(parse_all_paragraphs=True), nlp=analyzer._nlp)
    gated, full = analyzer.analyze_text(TEXT), everything.analyze_text(TEXT)
    assert gated.quotes and _quotes(gated) == _quotes(full)  # entity ids may differ: "Lenne" is not read
    paragraphs = TEXT.split("\n\n")
    assert [analyzer._worth_parsing(p) for p in paragraphs] == [False, True, True, True, False]
