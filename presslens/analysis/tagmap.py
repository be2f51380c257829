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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PosRules", "pos_rules_from_ruler", "use_pos_rules"]

_ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}


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
    """A spaCy-pipeline callable that sets ``pos_`` as the attribute ruler would."""

    def __init__(self, rules: list[_Rule]) -> None:
        # per tag: the POS its plain TAG rule gives, POS by lower-cased word, and the rules
        # that need more (DEP, negations, a neighbour), each with its order (the last match wins)
        self._base: dict[str, tuple[int, str]] = {}
        self._by_word: dict[tuple[str, str], tuple[int, str]] = {}
        self._complex: list[_Rule] = []
        for rule in rules:
            tests = rule.tokens[0]
            attrs = {t.attr for t in tests}
            plain = len(rule.tokens) == 1 and not any(t.negate for t in tests)
            tag = next((t for t in tests if t.attr == "tag_"), None)
            if plain and tag is not None and attrs == {"tag_"}:
                for value in tag.values:
                    self._base[value] = max(self._base.get(value, (-1, "")), (rule.order, rule.pos))
            elif plain and tag is not None and attrs == {"tag_", "lower_"}:
                lower = next(t for t in tests if t.attr == "lower_")
                for value in tag.values:
                    for word in lower.values:
                        key = (value, word)
                        self._by_word[key] = max(self._by_word.get(key, (-1, "")), (rule.order, rule.pos))
            else:
                self._complex.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        columns = {attr: [getattr(t, attr) for t in doc] for attr in _ATTRS.values()}
        tags, lowers = columns["tag_"], columns["lower_"]
        n = len(doc)
        for i in range(n):
            best = max(self._base.get(tags[i], (-1, "")), self._by_word.get((tags[i], lowers[i]), (-1, "")))
            for rule in self._complex:
                if rule.order < best[0]:
                    continue
                start = i - rule.index
                if start < 0 or start + len(rule.tokens) > n:
                    continue
                if all((columns[t.attr][start + k] in t.values) != t.negate for k, tests in enumerate(rule.tokens) for t in tests):
                    best = (rule.order, rule.pos)
            if best[0] >= 0:
                doc[i].pos_ = best[1]
        return doc


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
