"""Caption and credit lines: "A caption. Copyright AP" -> ("A caption.", "AP")."""

from __future__ import annotations

import re

__all__ = ["split_credit"]

_WORD = re.compile(r"\w+")
_CREDIT = re.compile(
    r"(?:^|\s)(?:copyright|©|\(c\)|photo(?:graph)?s?:|photo by|photos by|image:|images:|credit:|"
    r"picture:|foto:|bild:)\s*(.*)$"
    r"|\s\(((?:[\w.&/-]+ )?(?:photo|image|file photo|credit)\b[^()]*)\)$"
    r"|\s((?:[\w.&'-]+ ){0,4}[\w.&'-]+/(?:getty images|afp|ap|reuters|epa|shutterstock|alamy)[\w ./-]*)$",
    re.IGNORECASE,
)
_MAX_CREDIT_WORDS = 12


def split_credit(line: str) -> tuple[str, str] | None:
    """Split a caption line at its credit marker; None when the line carries no credit."""
    match = _CREDIT.search(line)
    credit = (match.group(1) or match.group(2) or match.group(3) or "").strip() if match else ""
    if match is None or not credit or len(_WORD.findall(credit)) > _MAX_CREDIT_WORDS:
        return None
    return line[: match.start()].strip(), credit.strip(" .")
