"""Charts as inline SVG drawn on the server (pure Python): no JavaScript library, no CDN.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` read by screen readers;
bars carry their own ``<title>`` (value and status as text), and the page shows the same numbers
in a table next to the chart. Colours follow the RAG status; the status is never told by colour alone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from indicators.engine.rules import UNDEFINED_VI
from indicators.engine.targets import Status

from .formatting import STATUS_LABELS, number

COLOURS = {Status.GREEN: "#1a7f37", Status.AMBER: "#bf8700", Status.RED: "#cf222e", Status.UNKNOWN: "#8c959f"}
AXIS = "#57606a"
TARGET = "#0b3d6e"


@dataclass(frozen=True)
class Bar:
    """One bar: its label (a period, a unit), its value (None: không xác định) and its status."""

    label: str
    value: float | None
    status: Status = Status.UNKNOWN


@dataclass(frozen=True)
class Words:
    """The words a chart writes beside its numbers: Vietnamese unless the caller passes them translated."""

    statuses: dict[Status, str] = field(default_factory=lambda: dict(STATUS_LABELS))
    undefined: str = UNDEFINED_VI
    no_data: str = "chưa có số liệu"
    target: str = "Chỉ tiêu phấn đấu"


VIETNAMESE = Words()


def _scale(bars: list[Bar], target: float | None) -> tuple[float, float]:
    values = [b.value for b in bars if b.value is not None] + ([target] if target is not None else [])
    low, high = min(values + [0.0]), max(values + [0.0])
    if high == low:
        high = low + 1.0
    return low, high


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d" id="{chart_id}">',
            f'<title id="{chart_id}-t">{escape(title)}</title>', f'<desc id="{chart_id}-d">{escape(desc)}</desc>']


def _number(value: float | None, words: Words) -> str:
    return number(value) if value is not None and math.isfinite(value) else words.undefined


def _bar_title(bar: Bar, unit: str, words: Words) -> str:
    value = _number(bar.value, words) + (f" {unit}" if unit and bar.value is not None else "")
    return escape(f"{bar.label}: {value} — {words.statuses[Status(bar.status)]}")


def _describe(bars: list[Bar], unit: str, target: float | None, words: Words) -> str:
    parts = [f"{b.label}: {_number(b.value, words)}{' ' + unit if unit and b.value is not None else ''} "
             f"({words.statuses[Status(b.status)].lower()})" for b in bars]
    text = "; ".join(parts) if parts else words.no_data
    return text + (f". {words.target}: {number(target)}" if target is not None else "") + "."


def _target_title(target: float, words: Words) -> str:
    return f"<title>{escape(f'{words.target}: {number(target)}')}</title>"


def column_chart(*, chart_id: str, title: str, bars: list[Bar], unit: str = "", target: float | None = None,
                 width: int = 420, height: int = 200, words: Words = VIETNAMESE) -> str:
    """Return an SVG column chart (one column per period, oldest left): a trend over periods."""
    left, right, top, bottom = 48, 8, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high = _scale(bars, target)
    y = lambda v: top + plot_h - (v - low) / (high - low) * plot_h  # noqa: E731
    out = _open(chart_id, width, height, title, _describe(bars, unit, target, words))
    out.append(f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="{AXIS}"/>')
    for tick in (low, high):
        out.append(f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="10" '
                   f'fill="{AXIS}">{escape(number(tick))}</text>')
    step = plot_w / max(len(bars), 1)
    for n, bar in enumerate(bars):
        x = left + n * step + step * 0.15
        w = step * 0.7
        cx = left + n * step + step / 2
        if bar.value is None:
            out.append(f'<text x="{cx:.1f}" y="{y(0) - 4:.1f}" text-anchor="middle" font-size="10" fill="{AXIS}">'
                       f'<title>{_bar_title(bar, unit, words)}</title>?</text>')
        else:
            y0, y1 = sorted((y(0), y(bar.value)))
            out.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{max(y1 - y0, 1):.1f}" '
                       f'fill="{COLOURS[bar.status]}" data-status="{bar.status.value}">'
                       f'<title>{_bar_title(bar, unit, words)}</title></rect>')
        out.append(f'<text x="{cx:.1f}" y="{height - bottom + 14}" text-anchor="middle" font-size="10" '
                   f'fill="{AXIS}">{escape(_short(bar.label, max(int(step / 6), 4)))}</text>')
    if target is not None:
        out.append(f'<line x1="{left}" y1="{y(target):.1f}" x2="{width - right}" y2="{y(target):.1f}" '
                   f'stroke="{TARGET}" stroke-dasharray="4 3">{_target_title(target, words)}</line>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], unit: str = "", target: float | None = None,
              width: int = 420, row: int = 18, words: Words = VIETNAMESE) -> str:
    """Return an SVG horizontal bar chart (one bar per unit, in the given order): a comparison across units."""
    label_w, right, top, bottom = 140, 56, 6, 6
    height = top + bottom + row * max(len(bars), 1)
    plot_w = width - label_w - right
    low, high = _scale(bars, target)
    x = lambda v: label_w + (v - low) / (high - low) * plot_w  # noqa: E731
    out = _open(chart_id, width, height, title, _describe(bars, unit, target, words))
    out.append(f'<line x1="{x(0):.1f}" y1="{top}" x2="{x(0):.1f}" y2="{height - bottom}" stroke="{AXIS}"/>')
    for n, bar in enumerate(bars):
        ty = top + n * row
        out.append(f'<text x="{label_w - 4}" y="{ty + row * 0.7:.1f}" text-anchor="end" font-size="10" '
                   f'fill="{AXIS}">{escape(_short(bar.label, 24))}</text>')
        if bar.value is not None:
            x0, x1 = sorted((x(0), x(bar.value)))
            out.append(f'<rect x="{x0:.1f}" y="{ty + 3}" width="{max(x1 - x0, 1):.1f}" height="{row - 6}" '
                       f'fill="{COLOURS[bar.status]}" data-status="{bar.status.value}">'
                       f'<title>{_bar_title(bar, unit, words)}</title></rect>')
        end = x(bar.value) if bar.value is not None else x(0)
        out.append(f'<text x="{max(end, x(0)) + 3:.1f}" y="{ty + row * 0.7:.1f}" font-size="10" fill="{AXIS}">'
                   f'{escape(number(bar.value) if bar.value is not None else "?")}</text>')
    if target is not None:
        out.append(f'<line x1="{x(target):.1f}" y1="{top}" x2="{x(target):.1f}" y2="{height - bottom}" '
                   f'stroke="{TARGET}" stroke-dasharray="4 3">{_target_title(target, words)}</line>')
    out.append("</svg>")
    return "".join(out)
