"""Swapping one of a loaded spaCy pipeline's components for a drop-in replacement."""

from __future__ import annotations

from spacy.language import Language

__all__ = ["swap_pipe"]


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
