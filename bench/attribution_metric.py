"""The PolNeAR attribution metric, exactly as ``../shared/data/polnear/NOTE.md`` defines it.

Words are ``\\w+`` tokens; a word belongs to a span when its first character does. A
prediction is a dict with ``parts`` (list of (start, end)), ``mention`` ((start, end) or
None) and ``name`` (resolved speaker name or None). Imported by ``bench/attribution.py``
and the lexicon learner; never by the package.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"\w+")
# titles, pronouns and function words never count as a shared name word
_NOT_NAME = frozenset(
    """mr mrs ms miss dr sen senator rep gov governor president vice former sir lord lady
    the a an of and for in on at to by with from he she it they we i you who which that this
    his her their its our my your him them us me mayor secretary general minister chairman
    prime""".split()
)


def words_of(text: str) -> list[int]:
    """Start offsets of the article's words."""
    return [m.start() for m in _WORD.finditer(text)]


def word_ids(starts: list[int], spans: list[tuple[int, int]]) -> frozenset[int]:
    ids: set[int] = set()
    for s, e in spans:
        lo = bisect.bisect_left(starts, s)
        hi = bisect.bisect_left(starts, e)
        ids.update(range(lo, hi))
    return frozenset(ids)


def double_quote_mask(text: str) -> bytearray:
    """1 for characters inside double quotes (paired per paragraph; straight quotes toggle)."""
    mask = bytearray(len(text))
    inside = False
    opened = 0
    for i, ch in enumerate(text):
        if ch == "\n" and text[i + 1 : i + 2] == "\n":
            inside = False
        if ch == "\u201c" or (ch == '"' and not inside):
            inside, opened = True, i
        elif (ch == "\u201d" or ch == '"') and inside:
            mask[opened : i + 1] = b"\x01" * (i + 1 - opened)
            inside = False
    return mask


def _name_words(name: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(name) if w[:1].isupper() and w.lower() not in _NOT_NAME}


@dataclass
class Counts:
    pred: int = 0
    gold: int = 0
    quote_match_pred: int = 0
    quote_match_gold: int = 0
    attr_match_pred: int = 0
    attr_match_gold: int = 0

    def add(self, other: Counts) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
        p = tp_p / n_p if n_p else 0.0
        r = tp_g / n_g if n_g else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def quote_prf(self) -> tuple[float, float, float]:
        return self._prf(self.quote_match_pred, self.pred, self.quote_match_gold, self.gold)

    def attribution_prf(self) -> tuple[float, float, float]:
        return self._prf(self.attr_match_pred, self.pred, self.attr_match_gold, self.gold)


@dataclass
class ArticleScore:
    subsets: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in ("all", "quoted", "direct")})
    pairs: list[tuple[int, int, bool]] = field(default_factory=list)  # (pred i, gold j, speaker ok)


def score_article(text: str, gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> ArticleScore:
    starts = words_of(text)
    mask = double_quote_mask(text)
    gw = [word_ids(starts, [tuple(s) for s in g["content"]]) for g in gold]
    pw = [word_ids(starts, [tuple(s) for s in p["parts"]]) for p in preds]
    candidates = []
    for i, p in enumerate(pw):
        if not p:
            continue
        for j, g in enumerate(gw):
            if not g:
                continue
            shared = len(p & g)
            if not shared:
                continue
            rg, rp = shared / len(g), shared / len(p)
            if rg >= 0.5 and rp >= 0.5:
                candidates.append((min(rg, rp), i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    score = ArticleScore()
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        score.pairs.append((i, j, speaker_ok(text, starts, gold[j], preds[i])))

    def pred_in(i: int, subset: str) -> bool:
        if subset == "all":
            return True
        inside = sum(1 for w in pw[i] if mask[starts[w]])
        if subset == "quoted":
            return inside > 0
        return bool(pw[i]) and inside >= 0.8 * len(pw[i])

    def gold_in(j: int, subset: str) -> bool:
        return subset == "all" or (subset == "quoted" and gold[j]["qtype"] in ("direct", "mixed")) or gold[j]["qtype"] == subset

    for subset, counts in score.subsets.items():
        counts.pred = sum(pred_in(i, subset) for i in range(len(preds)))
        counts.gold = sum(gold_in(j, subset) for j in range(len(gold)))
        for i, j, ok in score.pairs:
            if pred_in(i, subset):
                counts.quote_match_pred += 1
                counts.attr_match_pred += ok
            if gold_in(j, subset):
                counts.quote_match_gold += 1
                counts.attr_match_gold += ok
    return score


def speaker_ok(text: str, starts: list[int], gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    mention, name = pred.get("mention"), pred.get("name")
    if gold["no_source"]:
        return mention is None and name is None
    gold_source = word_ids(starts, [tuple(s) for s in gold["source"]])
    if mention is not None and word_ids(starts, [tuple(mention)]) & gold_source:
        return True
    if name:
        return bool(_name_words(name) & _name_words(gold["source_text"]))
    return False
