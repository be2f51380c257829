"""Drop-in replacements of a loaded spaCy pipeline's components: swapping one in, and the
batches they work on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_batches", "swap_pipe"]


def swap_pipe(nlp: Language, original: str, replacement: str) -> bool:
    """Add the registered component ``replacement`` after ``original`` and disable
    ``original``; False (and the pipeline unchanged) when there is no ``original``, the swap
    is done already, or the replacement's factory refuses this model."""
    if original not in nlp.pipe_names or replacement in nlp.pipe_names:
        return False
    try:
        nlp.add_pipe(replacement, after=original)
    except ValueError:
        return False
    nlp.disable_pipe(original)
    return True


def doc_batches(docs: Iterable[Doc], *, max_docs: int, max_tokens: int) -> Iterator[list[Doc]]:
    """``docs`` in order, in batches of at most ``max_docs`` documents that end once they
    hold ``max_tokens`` tokens (a batch's precomputed model data grows with its tokens)."""
    batch: list[Doc] = []
    tokens = 0
    for doc in docs:
        batch.append(doc)
        tokens += len(doc)
        if len(batch) >= max_docs or tokens >= max_tokens:
            yield batch
            batch, tokens = [], 0
    if batch:
        yield batch
