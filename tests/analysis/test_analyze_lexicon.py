"""The learned lexicon's calibration: factors per feature value, multiplied, capped at 1."""

from __future__ import annotations

from presslens.analysis.lexicon import Lexicon, load_lexicon


def _lexicon(factors: dict[str, dict[str, float]]) -> Lexicon:
    return Lexicon(forms={"said": "say"}, weights={"say|ccomp": 0.5}, factors=factors)


def test_each_known_feature_value_multiplies_the_weight() -> None:
    lexicon = _lexicon({"source": {"proper": 1.2}, "length": {"1": 0.5}})
    assert lexicon.calibrated(0.5, {"source": "proper", "length": "1"}) == 0.5 * 1.2 * 0.5


def test_unknown_features_and_values_leave_the_weight_alone() -> None:
    lexicon = _lexicon({"source": {"proper": 1.2}})
    assert lexicon.calibrated(0.4, {"source": "pronoun", "polarity": "negated"}) == 0.4


def test_a_calibrated_weight_never_exceeds_one() -> None:
    lexicon = _lexicon({"source": {"proper": 3.0}})
    assert lexicon.calibrated(0.9, {"source": "proper"}) == 1.0


def test_the_shipped_lexicon_has_every_calibration_feature() -> None:
    lexicon = load_lexicon()
    assert {"source", "clause", "length", "polarity"} <= set(lexicon.factors)
    assert all(value > 0 for table in lexicon.factors.values() for value in table.values())
