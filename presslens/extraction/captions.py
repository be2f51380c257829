"""Caption and credit lines: "A caption. Copyright AP" -> ("A caption.", "AP")."""

from __future__ import annotations

import re

__all__ = ["split_credit"]

_WORD = re.compile(r"\w+")
# "copyright" counts only as a marker ("Copyright AP", "Copyright: AP", "Copyright 2031"),
# never inside a word ("copyright-free", "copyrighted").
_CREDIT = re.compile(
    r"(?:^|[\s(\[])(?:copyright(?=[\s:©\d])|©|\(c\)|photo(?:graph)?s?:|photo by|photos by|image:|images:|credit:|"
    r"picture:|foto:|bild:)\s*(.*)$"
    r"|\s\(((?:[\w.&/-]+ )?(?:photo|image|file photo|credit)\b[^()]*)\)$"
    r"|\s((?:[\w.&'-]+ ){0,4}[\w.&'-]+/(?:getty images|afp|ap|reuters|epa|shutterstock|alamy)[\w ./-]*)$",
    re.IGNORECASE,
)
_MAX_CREDIT_WORDS = 12
# Small words a credit may hold in lower case: "AFP via Getty Images", "courtesy of the family".
_CREDIT_LINKS = frozenset({"via", "by", "of", "the", "and", "for", "de", "du", "des", "von", "courtesy", "handout", "file"})


def _credit_shaped(credit: str) -> bool:
    """A credit names people, agencies or owners: mostly capitalised words, not a clause.
    "Smith won a prize in 2019" after "photo by" is a sentence going on, not a credit."""
    words = [w for w in re.split(r"[\s/|,;]+", credit) if w and w[0].isalpha()]
    lower = [w for w in words if w[0].islower() and w.lower() not in _CREDIT_LINKS]
    return len(lower) <= max(1, len(words) // 2)


def split_credit(line: str) -> tuple[str, str] | None:
    """Split a caption line at its credit marker; None when the line carries no credit."""
    match = _CREDIT.search(line)
    credit = (match.group(1) or match.group(2) or match.group(3) or "").strip() if match else ""
    if match is None or not credit or len(_WORD.findall(credit)) > _MAX_CREDIT_WORDS:
        return None
    if not _credit_shaped(credit):
        return None
    return line[: match.start()].strip(), credit.strip(" .)]")
