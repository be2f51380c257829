"""Publication dates: found in scraped text ("Nov. 19, 2019") and normalised to ISO 8601.

Pages declare dates in every shape ("November 19, 2019", "2019-11-19T08:00:00Z", and
placeholders such as "0001-01-01T00:00:00Z"); the corpus filters dates by ISO prefix, so
every date leaves this stage as ISO 8601 or not at all.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["find_date", "normalise_date"]

_EARLIEST_YEAR = 1900  # older "dates" are placeholders or parse errors

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
)


def find_date(text: str) -> str | None:
    """The first well-formed date in ``text`` as ISO ``YYYY-MM-DD``; None when there is none."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = int(groups["mon"]) if groups.get("mon") else _MONTHS[groups["month"].lower()]
        try:
            return date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            continue
    return None


def normalise_date(value: str | None) -> str | None:
    """``value`` as ISO 8601 (a datetime keeps its time and offset); None if it is no real date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        found = find_date(value)
        return found if found and int(found[:4]) >= _EARLIEST_YEAR else None
    if parsed.year < _EARLIEST_YEAR:
        return None
    has_time = "T" in value or " " in value.strip()
    return parsed.isoformat() if has_time else parsed.date().isoformat()
