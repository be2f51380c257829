"""MinHash near-duplicate detection and the exact-text hash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from presslens.store import dedup

WORDS = (
    "the council said on tuesday that the harbour plan would cost more than expected and that"
    " work on the new pier could start in the spring if the vote next month goes its way while"
    " critics warned that the budget left nothing for the fishing families who use the old docks"
).split()


def test_identical_texts_have_identical_signatures() -> None:
    text = " ".join(WORDS)
    assert dedup.signature(text) == dedup.signature(text)
    assert dedup.similarity(dedup.signature(text), dedup.signature(text)) == 1.0


def test_a_lightly_edited_copy_is_near_and_an_unrelated_text_is_far() -> None:
    original = " ".join(WORDS)
    edited = original + " reporting by the wire desk"
    unrelated = " ".join(reversed(WORDS))
    sig = dedup.signature(original)
    assert dedup.similarity(sig, dedup.signature(edited)) >= dedup.NEAR_DUPLICATE_THRESHOLD
    assert dedup.similarity(sig, dedup.signature(unrelated)) < 0.3
    # near copies share at least one LSH band, so the indexed lookup finds them
    assert set(dedup.band_hashes(sig)) & set(dedup.band_hashes(dedup.signature(edited)))


def test_empty_text_has_an_empty_signature() -> None:
    empty = dedup.signature("  ...  ")
    assert empty.empty and dedup.band_hashes(empty) == () and dedup.similarity(empty, empty) == 0.0


def test_text_hash_ignores_case_and_spacing_only() -> None:
    assert dedup.text_hash("Hello  World\n") == dedup.text_hash("hello world")
    assert dedup.text_hash("hello world") != dedup.text_hash("hello, world")


@given(st.text(min_size=1, max_size=300))
def test_signatures_are_well_formed(text: str) -> None:
    sig = dedup.signature(text)
    if not sig.empty:
        assert len(sig.values) == 4 * dedup.PERMUTATIONS
        assert len(dedup.band_hashes(sig)) == dedup.BANDS
        assert all(0 <= h < 2**63 for h in dedup.band_hashes(sig))
        assert dedup.similarity(sig, sig) == 1.0
