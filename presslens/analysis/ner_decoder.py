"""spaCy's NER, decoded in numpy: the same model and transitions, without the per-action cost.

spaCy's English ``ner`` is a greedy transition-based tagger (BILUO moves). Its model runs in
bulk (a tok2vec, then every token's contribution to the hidden layer, precomputed), but the
decoding loop checks every move's validity for every state at every step, and in spaCy 3.8
each check re-acquires the GIL: on news text that loop costs more than the model itself.

``FastNer`` keeps the model and its weights and runs the loop over all documents of a
batch at once: a document of n tokens takes exactly n moves, so at step t every unfinished
state looks at its token t. Features, hidden layer, scores and validity follow spaCy's
``greedy_parse`` for the ``ner`` state (features: the next token, the open entity's first
token, the token before the next; scores from BLIS' sgemm as in spaCy);
``tests/analysis/test_analyze_ner_decoder.py`` checks that the entities are spaCy's.
Documents with entities already set (``doc.ents``), which spaCy's moves must respect, go to
spaCy's own component. It runs as the pipeline component ``presslens_ner`` in place of the
(disabled) ``ner``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Span
from thinc.api import NumpyOps

from presslens.analysis.pipes import doc_batches, swap_pipe

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FastNer", "use_fast_ner"]

_DECODE_BATCH = 512  # documents decoded side by side
_TOKEN_BUDGET = 50_000  # and at most about this many tokens (1.5 KB of precomputed features each)
_MOVES = "BILUO"  # Begin, In, Last, Unit, Out; "M" (missing) is never valid when predicting


class FastNer:
    """A spaCy-pipeline callable that sets ``doc.ents`` as the ``ner`` component would."""

    def __init__(self, ner: Any) -> None:
        model = ner.model
        if model.attrs.get("unseen_classes") or not model.attrs.get("has_upper"):
            raise ValueError("FastNer reads trained models with an output layer and every class seen")
        self._ner = ner  # the original component: documents with preset entities go to it
        try:
            self._tok2vec = model.get_ref("tok2vec")
            self._lower = model.get_ref("lower")
            upper = model.get_ref("upper")
            self._W = numpy.ascontiguousarray(upper.get_param("W"), dtype="f")
            self._b = upper.get_param("b").astype("f")
            self._bias = self._lower.get_param("b").astype("f")  # (nO, nP)
            features = self._lower.get_dim("nF")
        except (KeyError, AttributeError, ValueError) as error:  # another architecture, or untrained
            raise ValueError(f"FastNer cannot read this ner model: {error}") from error
        if features != 3:
            raise ValueError("FastNer reads the 3-token ner state only")
        self._ops = NumpyOps()
        self._model_batch = 128
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        move = numpy.array([_MOVES.find(n[0]) if n[0] in _MOVES else -1 for n in names])
        labels = sorted({n[2:] for n in names if n[2:]})
        self._labels = labels
        label = numpy.array([labels.index(n[2:]) + 1 if n[2:] else 0 for n in names])
        self._label = label
        labelled = label > 0
        self._begin = (move == 0) & labelled
        self._in = (move == 1) & labelled
        self._last = (move == 2) & labelled
        self._unit = (move == 3) & labelled
        self._out = move == 4
        # what a state may do depends on its situation: with no entity open, whether the entity
        # could go on past this token ("more") and whether the token is white space; with one
        # open, its label and "more". Row 2 * more + blank: none open; 4 + 2 * (label - 1) + more:
        # one open. Invalid moves score -inf.
        situations = [(False, 0, more, blank) for more in (0, 1) for blank in (0, 1)]
        situations += [(True, lab, more, 0) for lab in range(1, len(labels) + 1) for more in (0, 1)]
        penalty = numpy.zeros((len(situations), len(names)), dtype="f")
        for row, (opened, lab, more, blank) in enumerate(situations):
            if opened:
                same = label == lab
                valid = (self._in & same & bool(more)) | (self._last & same)
            else:
                valid = (self._begin & bool(more) & (not blank)) | (self._unit & (not blank)) | self._out
            penalty[row, ~valid] = -numpy.inf
        self._penalty = penalty

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        # the model runs on batch_size documents at a time; the decoding loop, whose cost is
        # per step (the longest document's length), on several batches together
        self._model_batch = batch_size
        for batch in doc_batches(docs, max_docs=max(batch_size, _DECODE_BATCH), max_tokens=_TOKEN_BUDGET):
            yield from self._process(batch)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        mine: list[Doc] = []
        preset: list[Doc] = []
        for doc in docs:
            if len(doc):
                (preset if doc.to_array(ENT_IOB).any() else mine).append(doc)
        if preset:
            list(self._ner.pipe(preset))
        if mine:
            self._decode(mine)
        return docs

    def _decode(self, docs: list[Doc]) -> None:
        # (tokens + 1, nF, nO, nP): each token's share of the hidden layer; row 0: the padding
        step = self._model_batch
        chunks = [self._lower(self._tok2vec.predict(docs[i : i + step]), is_train=False)[0] for i in range(0, len(docs), step)]
        cached = chunks[0] if len(chunks) == 1 else numpy.concatenate([chunks[0], *(c[1:] for c in chunks[1:])])
        lengths = numpy.array([len(d) for d in docs])
        order = numpy.argsort(-lengths, kind="stable")  # longest first: live states are a prefix
        offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])[order] + 1  # +1: padding row
        lengths = lengths[order]
        attrs = [docs[i].to_array([SENT_START, IS_SPACE]) for i in order]
        longest = int(lengths[0])
        # per state and position: whether the token opens a sentence, whether it is white space
        sent_start = numpy.zeros((len(docs), longest + 1), dtype=bool)
        space = numpy.zeros((len(docs), longest), dtype=bool)
        for row, array in enumerate(attrs):
            sent_start[row, : len(array)] = array[:, 0] == 1
            space[row, : len(array)] = array[:, 1] != 0
        start = numpy.full(len(docs), -1)  # first token of the open entity, -1: none open
        current = numpy.zeros(len(docs), dtype=int)  # the open entity's label
        found: list[tuple[int, int, int, int]] = []  # (state, start, end, label)
        live = len(docs)
        for t in range(longest):
            while lengths[live - 1] <= t:
                live -= 1
            opened = start[:live] >= 0
            own = offsets[:live]
            f0 = cached[own + t, 0]
            f1 = cached[numpy.where(opened, own + start[:live], 0), 1]
            f2 = cached[numpy.where(opened, own + t - 1, 0), 2]
            unmaxed = ((f0 + f1) + f2) + self._bias
            hidden = numpy.maximum(unmaxed[:, :, 0], unmaxed[:, :, 1]) if unmaxed.shape[2] == 2 else unmaxed.max(axis=2)
            scores = self._ops.gemm(hidden, self._W, trans2=True)
            scores += self._b
            more = (lengths[:live] - t >= 2) & ~sent_start[:live, t + 1]  # an entity may go on
            situation = numpy.where(opened, 4 + 2 * (current[:live] - 1) + more, 2 * more + space[:live, t])
            scores += self._penalty[situation]
            best = scores.argmax(axis=1)
            label = self._label[best]
            begins = self._begin[best]
            start[:live][begins] = t
            current[:live][begins] = label[begins]
            for closing in numpy.flatnonzero(self._last[best]).tolist():
                found.append((closing, int(start[closing]), t + 1, int(current[closing])))
                start[closing] = -1
            for unit in numpy.flatnonzero(self._unit[best]).tolist():
                found.append((unit, t, t + 1, int(label[unit])))
        spans: list[list[Span]] = [[] for _ in docs]
        for state, s, e, lab in found:
            doc = docs[int(order[state])]
            spans[state].append(Span(doc, s, e, label=self._labels[lab - 1]))
        for row, index in enumerate(order.tolist()):
            docs[index].set_ents(sorted(spans[row], key=lambda span: span.start), default="outside")


@Language.factory("presslens_ner", default_config={})
def _make_fast_ner(nlp: Language, name: str) -> FastNer:
    return FastNer(nlp.get_pipe("ner"))


def use_fast_ner(nlp: Language) -> bool:
    """Replace the pipeline's ``ner`` by ``presslens_ner`` (same entities); False when the
    model is not one it reads."""
    return swap_pipe(nlp, "ner", "presslens_ner")
