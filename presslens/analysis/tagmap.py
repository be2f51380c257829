"""Coarse part-of-speech from the tagger's fine tags, without the attribute ruler's matcher.

English spaCy pipelines set ``token.pos_`` with an ``attribute_ruler``: a token Matcher over
~180 patterns that also writes morphology and a few lemmas, which this stage never reads. On
news text that matcher costs about as much as the tok2vec layer. ``PosRules`` reads the loaded
pipeline's own ruler patterns (so it follows whatever model is loaded), keeps those that set
POS, and applies them as lookups on TAG, LOWER, DEP and IS_SPACE, in the ruler's order;
``tests/analysis/test_analyze_tagmap.py`` checks that it gives the ruler's POS. It runs as the
pipeline component ``presslens_pos`` in place of the (disabled) ruler.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PosRules", "pos_rules_from_ruler", "use_pos_rules"]

_ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
_ARRAY = [TAG, LOWER, DEP, IS_SPACE, POS]  # the columns read, and the POS set so far
_COLUMN = {"tag_": 0, "lower_": 1, "dep_": 2, "is_space": 3}


def _id(value: Any) -> int:
    """A test's value as Doc.to_array gives it: strings as hash ids, booleans as 0 and 1."""
    return int(value) if isinstance(value, bool) else int(get_string_id(value))


@dataclass(frozen=True, slots=True)
class _Test:
    attr: str  # Token attribute name
    values: frozenset[Any]
    negate: bool


@dataclass(frozen=True, slots=True)
class _Rule:
    tokens: tuple[tuple[_Test, ...], ...]  # one tuple of tests per pattern token
    index: int  # which pattern token gets the POS
    pos: str
    order: int


def _test(key: str, value: Any) -> _Test:
    if key not in _ATTRS:
        raise KeyError(key)
    if isinstance(value, dict):
        (op, items), = value.items()
        if op not in ("IN", "NOT_IN"):
            raise KeyError(op)
        return _Test(_ATTRS[key], frozenset(items), op == "NOT_IN")
    return _Test(_ATTRS[key], frozenset([value]), False)


class PosRules:
    """A spaCy-pipeline callable that sets ``pos_`` as the attribute ruler would.

    Rules are applied to the columns of whole batches of Docs (``Doc.to_array``) at once:
    per-token attribute reads and writes cost more than the lookups themselves."""

    def __init__(self, rules: list[_Rule]) -> None:
        # per tag: the POS its plain TAG rule gives, POS by (tag, lower-cased word), and the
        # rules that need more (DEP, negations, a neighbour), each with its order (the last
        # match wins); strings as the hash ids Doc.to_array gives
        self._base: dict[int, tuple[int, int]] = {}
        self._by_word: dict[tuple[int, int], tuple[int, int]] = {}
        self._complex: list[tuple[int, int, int, list[list[tuple[int, numpy.ndarray, bool]]]]] = []
        for rule in rules:
            tests = rule.tokens[0]
            attrs = {t.attr for t in tests}
            plain = len(rule.tokens) == 1 and not any(t.negate for t in tests)
            tag = next((t for t in tests if t.attr == "tag_"), None)
            pos = IDS[rule.pos]
            if plain and tag is not None and attrs == {"tag_"}:
                for value in tag.values:
                    key = _id(value)
                    self._base[key] = max(self._base.get(key, (-1, 0)), (rule.order, pos))
            elif plain and tag is not None and attrs == {"tag_", "lower_"}:
                lower = next(t for t in tests if t.attr == "lower_")
                for value in tag.values:
                    for word in lower.values:
                        pair = (_id(value), _id(word))
                        self._by_word[pair] = max(self._by_word.get(pair, (-1, 0)), (rule.order, pos))
            else:
                columns = [
                    [(_COLUMN[t.attr], numpy.array(sorted(_id(v) for v in t.values), dtype="uint64"), t.negate) for t in token]
                    for token in rule.tokens
                ]
                self._complex.append((rule.order, rule.index, pos, columns))
        self._words = numpy.array(sorted({word for _, word in self._by_word}), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self._apply(batch)
                yield from batch
                batch = []
        self._apply(batch)
        yield from batch

    def _apply(self, docs: list[Doc]) -> None:
        docs = [d for d in docs if len(d)]
        if not docs:
            return
        columns = numpy.concatenate([d.to_array(_ARRAY) for d in docs])  # TAG LOWER DEP IS_SPACE POS
        lengths = numpy.array([len(d) for d in docs])
        first = numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)  # each token's doc start
        within = numpy.arange(len(columns)) - first  # each token's index in its doc
        length = numpy.repeat(lengths, lengths)
        tags = columns[:, 0]
        unique, inverse = numpy.unique(tags, return_inverse=True)
        base = numpy.array([self._base.get(tag, (-1, 0)) for tag in unique.tolist()], dtype="int64").reshape(-1, 2)
        order, pos = base[inverse, 0], base[inverse, 1]
        for i in numpy.flatnonzero(numpy.isin(columns[:, 1], self._words)).tolist():
            found = self._by_word.get((int(tags[i]), int(columns[i, 1])))
            if found is not None and found > (order[i], pos[i]):
                order[i], pos[i] = found
        for rule_order, index, rule_pos, tokens in self._complex:
            match = numpy.ones(len(columns), dtype=bool)
            for k, tests in enumerate(tokens):
                shift = k - index  # the pattern's token k is token i + shift
                inside = (within + shift >= 0) & (within + shift < length)
                ok = numpy.zeros(len(columns), dtype=bool)
                here = numpy.flatnonzero(inside)
                token_ok = numpy.ones(len(here), dtype=bool)
                for column, values, negate in tests:
                    token_ok &= numpy.isin(columns[here + shift, column], values) != negate
                ok[here] = token_ok
                match &= ok
            match &= order <= rule_order
            order[match] = rule_order
            pos[match] = rule_pos
        result = numpy.where(order >= 0, pos, columns[:, 4].astype("int64")).astype("uint64")
        start = 0
        for doc in docs:
            doc.from_array([POS], cast(Any, result[start : start + len(doc)].reshape(-1, 1)))
            start += len(doc)


def pos_rules_from_ruler(nlp: Language) -> PosRules | None:
    """The POS rules of ``nlp``'s attribute ruler as lookups, or None when some pattern uses
    a condition this module does not read (then keep the ruler)."""
    if "attribute_ruler" not in nlp.component_names:
        return None
    ruler: Any = nlp.get_pipe("attribute_ruler")
    rules: list[_Rule] = []
    try:
        for order, entry in enumerate(ruler.patterns):
            pos = entry["attrs"].get("POS")
            if pos is None:
                continue
            for pattern in entry["patterns"]:
                tokens = tuple(tuple(_test(k, v) for k, v in cond.items()) for cond in pattern)
                rules.append(_Rule(tokens=tokens, index=entry.get("index", 0) % len(pattern), pos=pos, order=order))
    except (KeyError, ValueError):
        return None
    return PosRules(rules)


@Language.factory("presslens_pos", default_config={})
def make_presslens_pos(nlp: Language, name: str) -> PosRules:
    rules = pos_rules_from_ruler(nlp)
    if rules is None:
        raise ValueError("presslens_pos needs an attribute_ruler whose POS patterns it can read")
    return rules


def use_pos_rules(nlp: Language) -> bool:
    """Replace ``nlp``'s attribute ruler by ``presslens_pos`` when it can; True if it did."""
    if "presslens_pos" in nlp.component_names:
        return True
    if "attribute_ruler" not in nlp.pipe_names or pos_rules_from_ruler(nlp) is None:
        return False
    nlp.add_pipe("presslens_pos", after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    return True
