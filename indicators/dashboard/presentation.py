"""What a dashboard page and its XLSX export write: the selectors' dataclasses as display rows.

The page and the export read the same rows, so the file holds exactly what is shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from indicators.engine.completeness import Completeness
from indicators.engine.rules import COMPARATOR_LABELS, UNDEFINED_VI
from indicators.configuration import target_spec
from indicators.engine.targets import Status, progress

from . import charts
from .formatting import STATUS_LABELS, number, quantity, rate, status_label
from .selectors import Dashboard, Line

COMPLETENESS_HEADERS = ["Phải báo cáo", "Đã nộp", "Đúng hạn", "Nộp muộn", "Chưa nộp", "Đã duyệt",
                        "Tỷ lệ nộp", "Tỷ lệ đúng hạn"]
COMPLETENESS_KEYS = ["expected", "submitted", "on_time", "late", "missing", "approved", "submitted_rate",
                     "on_time_rate"]
TABLE_HEADERS = ["Mã chỉ tiêu", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Chỉ tiêu phấn đấu", "Giá trị cơ sở",
                 "Tiến độ so với cơ sở (%)", "Đánh giá", "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo"]


@dataclass(frozen=True)
class Shown:
    """One value as the page shows it, in the active language: its number (None: không xác định), its text
    and its status."""

    value: float | None
    text: str
    status: Status
    reporting: int = 0
    expected: int = 0

    @property
    def label(self) -> str:
        return gettext(status_label(self.status))


NO_DATA = Shown(None, "—", Status.UNKNOWN)
NO_REPORT = "chưa có số liệu"
# The words a page writes instead of a number. The export (export.py) keeps the Vietnamese ones.
WORDS = (UNDEFINED_VI, NO_REPORT)


def spoken(text: str) -> str:
    """Return a number's text as it is, or the words written instead of one in the active language."""
    return gettext(text) if text in WORDS else text


def chart_words() -> charts.Words:
    """Return the words of the charts in the active language."""
    return charts.Words(statuses={status: gettext(label) for status, label in STATUS_LABELS.items()},
                        undefined=gettext(UNDEFINED_VI), no_data=gettext(NO_REPORT),
                        target=gettext("Chỉ tiêu phấn đấu"))


def target_text(line: Line) -> str:
    target = line.target
    if target is None:
        return "—"
    unit = target.unit or line.indicator.unit_of_measure
    return f"{COMPARATOR_LABELS.get(target.direction, target.direction)} {number(target.value)}" + (
        f" {unit}" if unit else "")


def baseline_value(line: Line) -> float | None:
    """Return the target's baseline (giá trị cơ sở), None without one."""
    return line.target.baseline if line.target is not None else None


def baseline_text(line: Line) -> str:
    baseline = baseline_value(line)
    if baseline is None:
        return "—"
    unit = line.target.unit or line.indicator.unit_of_measure
    return quantity(baseline, unit)


def progress_value(line: Line) -> float | None:
    """Return how far the value has come from the baseline toward the target, in % (None: not defined)."""
    if line.target is None or line.cell is None:
        return None
    return progress(line.cell.value, target_spec(line.target))


def progress_text(line: Line) -> str:
    value = progress_value(line)
    return "—" if value is None else spoken(rate(value))


def cell_value(cell) -> float | str:
    """Return a cell's number, or the text shown instead: “—” (not asked, nothing reported), “chưa có số
    liệu” (asked, nobody reported yet) or “không xác định” (reported, but undefined: a division by zero)."""
    if cell is None:
        return NO_DATA.text
    if cell.value is None:
        return UNDEFINED_VI if cell.reporting else NO_REPORT
    return cell.value


def shown(cell, unit_of_measure: str = "") -> Shown:
    """Return a cell (or a trend point) as the page shows it."""
    if cell is None:
        return NO_DATA
    value = cell_value(cell)
    text = spoken(value if isinstance(value, str) else quantity(value, unit_of_measure))
    return Shown(cell.value, text, cell.status, cell.reporting, cell.expected)


def completeness_numbers(done: Completeness) -> list:
    """Return the completeness figures in the order of COMPLETENESS_HEADERS (rates None when undefined)."""
    return [done.expected, done.submitted, done.on_time, done.late, done.missing, done.approved,
            done.submitted_rate, done.on_time_rate]


def completeness_texts(done: Completeness) -> list[str]:
    values = completeness_numbers(done)
    return [spoken(number(v)) for v in values[:6]] + [spoken(rate(v)) for v in values[6:]]


def page_of(dashboard: Dashboard) -> dict:
    """Return the template context of a dashboard in the active language: rows of display values and the
    charts' SVG (numbers are written the Vietnamese way in either language)."""
    lines, words = [], chart_words()
    for n, line in enumerate(dashboard.lines):
        ind, uom = line.indicator, line.indicator.unit_of_measure
        target = line.target.value if line.target is not None else None
        column = [(row.unit, row.cells[n]) for row in dashboard.children]
        trend = [charts.Bar(p.period.label or p.period.key, p.value, p.status) for p in line.trend]
        compare = [charts.Bar(unit.name, c.value if c else None, c.status if c else Status.UNKNOWN)
                   for unit, c in column]
        lines.append({
            "indicator": ind, "shown": shown(line.cell, uom), "target": target_text(line),
            "baseline": baseline_text(line), "progress": progress_text(line),
            "trend": [(p.period, shown(p, uom)) for p in line.trend],
            "trend_svg": charts.column_chart(
                chart_id=f"xu-huong-{ind.pk}", bars=trend, unit=uom, target=target, words=words,
                title=gettext("Xu hướng “%(indicator)s” qua các kỳ — %(unit)s")
                % {"indicator": ind.name, "unit": dashboard.unit.name}),
            "compare_svg": charts.bar_chart(
                chart_id=f"so-sanh-{ind.pk}", bars=compare, unit=uom, target=target, words=words,
                title=gettext("So sánh “%(indicator)s” giữa các đơn vị trực thuộc %(unit)s, %(period)s")
                % {"indicator": ind.name, "unit": dashboard.unit.name, "period": dashboard.period.label})
            if column else "",
        })
    children = [{"unit": row.unit, "completeness": completeness_texts(row.completeness),
                 "submitted_rate": spoken(rate(row.completeness.submitted_rate)),
                 "cells": [shown(c, i.unit_of_measure) for c, i in zip(row.cells, dashboard.indicators)]}
                for row in dashboard.children]
    return {"dashboard": dashboard, "lines": lines, "children": children,
            "completeness": list(zip(COMPLETENESS_KEYS, [gettext(h) for h in COMPLETENESS_HEADERS],
                                     completeness_texts(dashboard.completeness))),
            "completeness_headers": COMPLETENESS_HEADERS}
