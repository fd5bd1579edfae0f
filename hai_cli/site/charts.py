"""Inline SVG charts, made in Python: no JavaScript, no network, every text escaped.

Each chart has a ``<title>`` and a ``<desc>`` (its text alternative); the page puts the same
numbers in a table beside it. Only presentation attributes are used (no ``style``), so the
site's Content-Security-Policy needs no inline styles.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 40


@dataclass(frozen=True, slots=True)
class Point:
    date: dt.date
    value: float
    crossed: bool
    href: str  # the evaluation this figure belongs to (its decision), a fragment on the page
    label: str  # what the point says to a screen reader and in its tooltip


def _number(value: float) -> str:
    return f"{value:.4g}"


def axis(low: float, high: float, most: int = 7) -> tuple[float, float, list[float]]:
    """A y-axis around ``low``..``high`` (``low < high``) with round ticks: the finest step of
    1, 2 or 5 times a power of ten that needs at most ``most`` ticks; the axis starts and ends
    on a tick."""
    magnitude = 10.0 ** math.floor(math.log10((high - low) / (most - 1)))
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
            if last - first + 1 <= most:
                digits = max(0, -math.floor(math.log10(step)))
                ticks = [round(i * step, digits) for i in range(first, last + 1)]
                return ticks[0], ticks[-1], ticks
        magnitude *= 10


def measure_chart(
    chart_id: str,
    title: str,
    desc: str,
    points: list[Point],
    low: float | None,
    high: float | None,
) -> Markup:
    """A measure's figures over the evaluations, with the band its limit allows.

    ``low``/``high`` are the limit's ``min``/``max`` (a figure outside the band crossed it);
    crossings are red, larger, and link to the evaluation. A point that is no finite number
    is left out (it has no place on an axis).
    """
    points = [p for p in points if math.isfinite(p.value)]
    low, high = (v if v is not None and math.isfinite(v) else None for v in (low, high))
    if not points:
        return Markup("")
    values = [p.value for p in points] + [v for v in (low, high) if v is not None]
    y_min, y_max = min(values), max(values)
    pad = (y_max - y_min) * 0.05 or abs(y_max) * 0.1 or 1.0
    y_min, y_max, ticks = axis(y_min - pad, y_max + pad)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - (value - y_min) / (y_max - y_min) * plot_h

    days = [p.date.toordinal() for p in points]
    first, last = min(days), max(days)

    inset = 14  # the first and last points stay clear of the frame

    def x(day: dt.date) -> float:
        if last == first:
            return LEFT + plot_w / 2
        return LEFT + inset + (day.toordinal() - first) / (last - first) * (plot_w - 2 * inset)

    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        # with links to the evaluations it is a group (an img's content would be hidden)
        f'role="{"group" if any(p.crossed for p in points) else "img"}" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'data-low="{"" if low is None else _number(low)}" '
        f'data-high="{"" if high is None else _number(high)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" '
        'stroke="#6b7280"/>',
    ]
    if low is not None or high is not None:  # the band of allowed values
        band_top = y(high) if high is not None else TOP
        band_bottom = y(low) if low is not None else TOP + plot_h
        parts.append(
            f'<rect class="band" x="{LEFT}" y="{band_top:.1f}" width="{plot_w}" '
            f'height="{max(band_bottom - band_top, 0):.1f}" fill="#d1fae5"/>'
        )
        for bound in (low, high):
            if bound is not None:
                parts.append(
                    f'<line class="limit" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(bound):.1f}" '
                    f'y2="{y(bound):.1f}" stroke="#047857" stroke-width="2" '
                    'stroke-dasharray="6 4"/>'
                )
    for tick in ticks:
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#1f2937">{_number(tick)}</text>'
        )
    shown_dates: list[dt.date] = []
    for day in sorted({p.date for p in points}):  # labels at least one label's width apart
        if not shown_dates or x(day) - x(shown_dates[-1]) >= 84:
            shown_dates.append(day)
    for day in shown_dates:
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12" fill="#1f2937">{day.isoformat()}</text>'
        )
    ordered = sorted(points, key=lambda p: p.date)
    if len(ordered) > 1:
        line = " ".join(f"{x(p.date):.1f},{y(p.value):.1f}" for p in ordered)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
    for p in ordered:
        circle = (
            f'<circle class="point{" crossed" if p.crossed else ""}" cx="{x(p.date):.1f}" '
            f'cy="{y(p.value):.1f}" r="{7 if p.crossed else 4}" '
            f'fill="{"#b91c1c" if p.crossed else "#1d4ed8"}" stroke="#ffffff" '
            f'data-date="{p.date.isoformat()}" data-value="{_number(p.value)}">'
            f"<title>{escape(p.label)}</title></circle>"
        )
        if p.crossed:
            circle = f'<a href="{escape(p.href)}" aria-label="{escape(p.label)}">{circle}</a>'
        parts.append(circle)
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(chart_id: str, title: str, desc: str, bars: list[tuple[str, int]]) -> Markup:
    """Horizontal bars: one label and one count each."""
    row, label_w = 28, 170
    height = TOP + row * max(len(bars), 1) + 8
    top = max((count for _, count in bars), default=0) or 1
    plot_w = WIDTH - label_w - 60
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for i, (label, count) in enumerate(bars):
        y = TOP + i * row
        width = count / top * plot_w
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#1f2937">{escape(label)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row - 8}" '
            f'fill="#1d4ed8" data-count="{count}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" font-size="13" '
            f'fill="#1f2937">{count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
