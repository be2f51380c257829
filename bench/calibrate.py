"""Fit the confidence calibration on PolNeAR train and write ``presslens/analysis/data/confidence.json``.

Usage: ``python bench/calibrate.py [--limit N] [--write] [--cache PATH]``. Runs the analyzer
with raw scores over ``train.jsonl`` (never dev), labels each predicted quote correct when it
matches a gold attribution with the right speaker (the metric of ``attribution_metric.py``),
and fits a logistic calibration (Platt scaling: logit of the raw score plus the categorical
features of ``presslens.analysis.confidence.quote_features``). Prints the reliability table on
train and, for thresholds, the precision of the default view (statements at or above it).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from attribution_metric import score_article  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
OUTPUT = ROOT / "presslens" / "analysis" / "data" / "confidence.json"
WORD = re.compile(r"\w+")
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def labelled_quotes(rows: list[dict[str, Any]], *, calibrated: bool) -> list[dict[str, Any]]:
    """One record per predicted quote: raw or calibrated confidence, features, act, correct."""
    from presslens.analysis.confidence import quote_features, speaker_class
    from presslens.analysis.pipeline import Analyzer, AnalyzerOptions, article_from_text

    analyzer = Analyzer(AnalyzerOptions(calibrated=calibrated))
    records: list[dict[str, Any]] = []
    articles = [article_from_text(r["text"]) for r in rows]
    for row, analysis in zip(rows, analyzer.analyze_many(articles), strict=True):
        text = row["text"]
        kinds = {e.id: e.kind for e in analysis.entities}
        preds = [
            {
                "parts": [(p.start, p.end) for p in q.parts],
                "mention": None if q.speaker_mention is None else (q.speaker_mention.start, q.speaker_mention.end),
                "name": analysis.speaker_name(q),
            }
            for q in analysis.quotes
        ]
        correct = {i for i, _, ok in score_article(text, row["attributions"], preds).pairs if ok}
        for i, q in enumerate(analysis.quotes):
            mention = None if q.speaker_mention is None else q.speaker_mention.of(text)
            speaker = speaker_class(mention, None if q.speaker is None else kinds.get(q.speaker))
            words = sum(len(WORD.findall(text, p.start, p.end)) for p in q.parts)
            records.append(
                {
                    "confidence": q.confidence,
                    "features": quote_features(kind=q.kind, act=q.act, cued=q.cue is not None, speaker=speaker, words=words, parts=len(q.parts)),
                    "act": q.act,
                    "correct": i in correct,
                    "lemma": None if q.cue is None else q.cue.lemma,
                    "mention": mention,
                    "entity_kind": None if q.speaker is None else kinds.get(q.speaker),
                    "kind": q.kind,
                    "words": words,
                    "parts": len(q.parts),
                    "cued": q.cue is not None,
                    "article": row["id"],
                }
            )
    return records


def fit(records: list[dict[str, Any]]) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    names = sorted({f for r in records for f in r["features"]})
    x = np.zeros((len(records), len(names) + 1))
    for n, r in enumerate(records):
        raw = min(max(r["confidence"], 1e-3), 1 - 1e-3)
        x[n, 0] = math.log(raw / (1 - raw))
        for f in r["features"]:
            x[n, 1 + names.index(f)] = 1.0
    y = np.array([r["correct"] for r in records], dtype=int)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return {
        "note": (
            "Written by bench/calibrate.py from PolNeAR train (numbers only): confidence = "
            "sigmoid(intercept + slope * logit(raw score) + the weights of the quote's features)."
        ),
        "intercept": round(float(model.intercept_[0]), 4),
        "slope": round(float(model.coef_[0][0]), 4),
        "weights": {name: round(float(w), 4) for name, w in zip(names, model.coef_[0][1:], strict=True)},
        "trained_on": f"{len(records)} predicted quotes",
    }


def reliability(records: list[dict[str, Any]]) -> list[str]:
    """Predicted confidence bins against the share of quotes in them that are correct."""
    lines = ["| confidence | quotes | mean confidence | share correct |", "|---|---|---|---|"]
    for low, high in zip(BINS, BINS[1:]):
        inside = [r for r in records if low <= r["confidence"] < high]
        if not inside:
            continue
        mean = sum(r["confidence"] for r in inside) / len(inside)
        share = sum(r["correct"] for r in inside) / len(inside)
        lines.append(f"| {low:.1f}-{min(high, 1.0):.1f} | {len(inside)} | {mean:.3f} | {share:.3f} |")
    return lines


def suggested_threshold(records: list[dict[str, Any]], precision: float = 0.90) -> float:
    """The lowest threshold (in steps of 0.01) at which train statements reach ``precision``."""
    for step in range(50, 100):
        kept = [r for r in records if r["act"] == "statement" and r["confidence"] >= step / 100]
        if kept and sum(r["correct"] for r in kept) / len(kept) >= precision:
            return step / 100
    return 1.0


def thresholds(records: list[dict[str, Any]]) -> list[str]:
    lines = ["| min confidence | statements kept | precision |", "|---|---|---|"]
    for t in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        kept = [r for r in records if r["act"] == "statement" and r["confidence"] >= t]
        if kept:
            lines.append(f"| {t:.2f} | {len(kept)} | {sum(r['correct'] for r in kept) / len(kept):.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="fit the confidence calibration on PolNeAR train")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="write presslens/analysis/data/confidence.json")
    parser.add_argument("--cache", type=Path, help="keep the raw records here (JSON) and reuse them")
    args = parser.parse_args()
    if args.cache and args.cache.exists():
        records = json.loads(args.cache.read_text())
    else:
        rows = [json.loads(line) for line in (DATA / "train.jsonl").open()]
        rows = rows[: args.limit] if args.limit else rows
        records = labelled_quotes(rows, calibrated=False)
        if args.cache:
            args.cache.write_text(json.dumps(records))
    from presslens.analysis.confidence import quote_features, speaker_class

    for r in records:  # features from the stored attributes, so a cache outlives feature changes
        speaker = speaker_class(r["mention"], r["entity_kind"])
        r["features"] = quote_features(kind=r["kind"], act=r["act"], cued=r["cued"], speaker=speaker, words=r["words"], parts=r["parts"])
    model = fit(records)
    print(json.dumps(model, indent=1))
    from presslens.analysis.confidence import Calibration

    calibration = Calibration(intercept=model["intercept"], slope=model["slope"], weights=model["weights"])
    calibrated = [{**r, "confidence": round(calibration(r["confidence"], r["features"]), 3)} for r in records]
    print("\n".join(["", "Reliability on train (in sample):", *reliability(calibrated), "", *thresholds(calibrated)]))
    print(f"\nlowest threshold with train precision >= 0.90 (DEFAULT_MIN_CONFIDENCE): {suggested_threshold(calibrated)}")
    if args.write:
        OUTPUT.write_text(json.dumps(model, indent=1) + "\n")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
