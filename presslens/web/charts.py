"""A bar chart of counts per month, laid out in Python and drawn as SVG by a template.

Server-side geometry means no chart library, no script and nothing fetched from elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "BarChart", "month_range", "monthly_chart"]

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 28
MAX_MONTHS = 120  # ten years; older months are left off the chart (not the data)


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: str  # YYYY-MM
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    y_ticks: tuple[tuple[float, int], ...]  # (y, value)
    x_labels: tuple[tuple[float, str], ...]  # (x, label)
    baseline: float
    total: int


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 4))
    return list(range(0, top + 1, step)) if top else [0]


def monthly_chart(counts: Sequence[tuple[str, int]]) -> BarChart | None:
    """Bars for ``(YYYY-MM, count)`` pairs, months without quotes drawn as gaps; None when
    there is nothing dated to draw."""
    found = {month: count for month, count in counts if len(month) == 7 and month[4] == "-"}
    if not found:
        return None
    months = month_range(min(found), max(found))[-MAX_MONTHS:]
    peak = max(found.get(m, 0) for m in months)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(months)
    baseline = TOP + plot_height
    bars = []
    for index, month in enumerate(months):
        count = found.get(month, 0)
        height = plot_height * count / peak if peak else 0.0
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.1, 2),
                y=round(baseline - height, 2),
                width=round(max(slot * 0.8, 1.0), 2),
                height=round(height, 2),
                month=month,
                count=count,
            )
        )
    every = max(1, len(months) // 6)  # at most ~7 labels, so they never overlap
    labels = tuple((round(LEFT + i * slot + slot / 2, 2), m) for i, m in enumerate(months) if i % every == 0)
    ticks = tuple((round(baseline - plot_height * v / peak, 2) if peak else baseline, v) for v in _ticks(peak))
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        bars=tuple(bars),
        y_ticks=ticks,
        x_labels=labels,
        baseline=baseline,
        total=sum(found.get(m, 0) for m in months),
    )
