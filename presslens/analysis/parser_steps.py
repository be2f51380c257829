"""spaCy's dependency parser, stepped from Python: the same model, moves and parses, faster.

spaCy's ``parser.predict`` runs its greedy loop in a ``nogil`` block, yet in spaCy 3.8 every
move-validity check inside it takes the GIL back and releases it again; that churn costs
about as much as the parse. ``FastParser`` runs the same loop the way spaCy's own training
code steps it, holding the GIL: the step model scores the states (``ParserStepModel``, the
same features, hidden layer and BLAS as the ``nogil`` loop) and the parser's transition
system applies the best valid move (``Parser.transition_states``, spaCy's own moves).
``set_annotations`` then writes heads, labels and sentences, with spaCy's projectivity
repair. ``tests/analysis/test_analyze_parser_steps.py`` checks the parses are spaCy's.
It runs as the pipeline component ``presslens_parser`` in place of the (disabled) ``parser``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from thinc.api import NumpyOps

from presslens.analysis.pipes import doc_batches, swap_pipe

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FastParser", "use_fast_parser"]

_STEP_BATCH = 256  # documents stepped side by side: fewer, fuller steps
_TOKEN_BUDGET = 20_000  # and at most about this many tokens (4 KB of precomputed features each)


class FastParser:
    """A spaCy-pipeline callable that parses as the ``parser`` component would."""

    def __init__(self, parser: Any) -> None:
        if parser.cfg.get("beam_width", 1) != 1:
            raise ValueError("FastParser steps greedy parsers only")
        if not all(hasattr(parser, name) for name in ("transition_states", "_ensure_labels_are_added", "set_annotations")):
            raise ValueError("FastParser needs spaCy 3's transition parser API")  # then spaCy's loop runs
        self._parser = parser
        self._ops = NumpyOps()

    def __call__(self, doc: Doc) -> Doc:
        self._parse([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in doc_batches(docs, max_docs=max(batch_size, _STEP_BATCH), max_tokens=_TOKEN_BUDGET):
            self._parse(batch)
            yield from batch

    def _parse(self, docs: list[Doc]) -> None:
        parser = self._parser
        states = parser.moves.init_batch(docs)
        if any(len(doc) for doc in docs):
            parser._ensure_labels_are_added(docs)
            model = parser.model.predict(docs)  # the step model: features precomputed per token
            hidden_of, upper = model.state2vec, model.vec2scores
            # the step model's own forward pass without thinc's per-call bookkeeping: the same
            # feature sums, maxout and BLAS product, every class seen (else keep that pass)
            direct = upper is not None and bool(model._class_mask.all())
            weights, bias = (upper.get_param("W"), upper.get_param("b")) if direct else (None, None)
            live = [state for state in states if not state.is_final()]
            while live:
                if direct:
                    scores = self._ops.gemm(hidden_of.predict(model.get_token_ids(live)), weights, trans2=True)
                    scores += bias
                else:
                    scores = model.predict(live)
                live = parser.transition_states(live, scores)
            model.clear_memory()
        parser.set_annotations(docs, states)


@Language.factory("presslens_parser", default_config={})
def _make_fast_parser(nlp: Language, name: str) -> FastParser:
    return FastParser(nlp.get_pipe("parser"))


def use_fast_parser(nlp: Language) -> bool:
    """Replace the pipeline's ``parser`` by ``presslens_parser`` (same parses); False when
    it cannot."""
    return swap_pipe(nlp, "parser", "presslens_parser")
