"""Publication dates: found in scraped text ("Nov. 19, 2019") and normalised to ISO 8601.

Pages declare dates in every shape ("November 19, 2019", "2019-11-19T08:00:00Z", and
placeholders such as "0001-01-01T00:00:00Z" or the Unix epoch); the corpus filters dates by
ISO prefix, so every date leaves this stage as ISO 8601 or not at all. A date before 1990
(before news on the web, so a placeholder or a parse error) or after today (a copyright
year, an event announced ahead, a wrong clock) is not a publication date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

__all__ = ["find_date", "is_publication_date", "normalise_date"]

_EARLIEST = date(1990, 1, 1)
_CLOCK_SKEW = timedelta(days=1)  # a page stamped in a time zone ahead of ours is still today

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


def is_publication_date(day: date, *, today: date | None = None) -> bool:
    """True when ``day`` can be when a news page was published: from 1990 up to today."""
    latest = (today or datetime.now(UTC).date()) + _CLOCK_SKEW
    return _EARLIEST <= day <= latest


def find_date(text: str, *, today: date | None = None) -> str | None:
    """The first plausible publication date in ``text`` as ISO ``YYYY-MM-DD``; None when there is none."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["mon"]) if groups.get("mon") else _MONTHS[groups["month"].lower()]
            try:
                found = date(int(groups["year"]), month, int(groups["day"]))
            except ValueError:
                continue
            if is_publication_date(found, today=today):
                return found.isoformat()
    return None


def _rfc_2822(value: str) -> datetime | None:
    """``Wed, 04 May 2022 00:25:56 GMT`` (HTTP and RSS dates, some JSON-LD) as a datetime."""
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def normalise_date(value: str | None, *, today: date | None = None) -> str | None:
    """``value`` as ISO 8601 (a datetime keeps its time and offset); None if it is no
    plausible publication date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        parsed: datetime | None = datetime.fromisoformat(value)
    except ValueError:
        parsed = _rfc_2822(value)
    if parsed is None:
        return find_date(value, today=today)
    if not is_publication_date(parsed.date(), today=today):
        return None
    has_time = "T" in value or " " in value
    return parsed.isoformat() if has_time else parsed.date().isoformat()
