"""A dashboard as an .xlsx workbook: the same rows as the page, Vietnamese headers, status as text.

Numbers stay numbers (shown 1.234.567,5 in a Vietnamese spreadsheet); an undefined value is the
text “không xác định”; every text cell is neutralised against formula injection.
"""
from __future__ import annotations

import io

import xlsxwriter

from indicators.engine.rules import UNDEFINED_VI
from indicators.excel.cells import neutralise
from indicators.excel.workbook import NUMBER_FORMAT

from .charts import COLOURS
from .formatting import status_label
from .presentation import (
    COMPLETENESS_HEADERS, TABLE_HEADERS, baseline_value, cell_value, completeness_numbers, progress_value, target_text,
)
from .selectors import Dashboard

TREND_HEADERS = ["Mã chỉ tiêu", "Chỉ tiêu", "Kỳ", "Giá trị", "Đơn vị tính", "Đánh giá", "Số đơn vị đã báo cáo",
                 "Số đơn vị phải báo cáo"]


class _Sheet:
    """A worksheet written row by row, each value by its type."""

    def __init__(self, wb, name: str, formats: dict):
        self.ws, self.f, self.row = wb.add_worksheet(name), formats, 0

    def write(self, values: list, *, header: bool = False, statuses: dict[int, str] | None = None) -> None:
        for c, value in enumerate(values):
            fmt = self.f["header"] if header else self.f.get(f"status-{(statuses or {}).get(c)}")
            if isinstance(value, bool) or value is None and not header:
                self.ws.write_string(self.row, c, UNDEFINED_VI if value is None else str(value), fmt)
            elif isinstance(value, (int, float)):
                self.ws.write_number(self.row, c, value, fmt or self.f["number"])
            else:
                self.ws.write_string(self.row, c, neutralise(str(value)), fmt)
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def _cell_values(cell) -> list:
    """Return a cell's value (or the text the page shows instead) and its status text."""
    return [cell_value(cell), status_label(cell.status) if cell is not None else status_label("unknown")]


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    """Return the workbook of what ``dashboard`` shows: indicators, completeness, children, trends."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False})
    formats = {"header": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
               "number": wb.add_format({"num_format": NUMBER_FORMAT}),
               "title": wb.add_format({"bold": True, "font_size": 13})}
    for status, colour in COLOURS.items():
        formats[f"status-{status.value}"] = wb.add_format({"bg_color": colour, "font_color": "#FFFFFF",
                                                           "num_format": NUMBER_FORMAT})
    unit, period = dashboard.unit, dashboard.period

    table = _Sheet(wb, "Chỉ tiêu", formats)
    table.ws.write_string(0, 0, neutralise(f"Bảng chỉ tiêu: {unit.name}"), formats["title"])
    table.skip()
    table.write(["Kỳ", period.label or period.key])
    table.write(["Bộ chỉ tiêu", dashboard.kpi_set.title if dashboard.kpi_set else "Tất cả các bộ chỉ tiêu"])
    table.skip()
    table.write(TABLE_HEADERS, header=True)
    for line in dashboard.lines:
        ind, cell = line.indicator, line.cell
        value, status = _cell_values(cell)
        baseline, progress = baseline_value(line), progress_value(line)
        table.write([ind.code, ind.name, value, ind.unit_of_measure, target_text(line),
                     "—" if baseline is None else baseline, "—" if progress is None else progress, status,
                     cell.reporting if cell else 0, cell.expected if cell else 0],
                    statuses={7: cell.status.value} if cell else None)
    table.ws.set_column(0, 0, 22)
    table.ws.set_column(1, 1, 45)
    table.ws.set_column(2, 9, 16)

    progress = _Sheet(wb, "Tiến độ", formats)
    progress.write(["Đơn vị", *COMPLETENESS_HEADERS[:6], *(f"{h} (%)" for h in COMPLETENESS_HEADERS[6:])],
                   header=True)
    total = f"{unit.name} (gồm các đơn vị trực thuộc)" if dashboard.children else unit.name
    progress.write([total, *completeness_numbers(dashboard.completeness)])
    for row in dashboard.children:
        progress.write([row.unit.name, *completeness_numbers(row.completeness)])
    progress.ws.set_column(0, 0, 40)
    progress.ws.set_column(1, 8, 14)

    if dashboard.children:
        compare = _Sheet(wb, "Đơn vị trực thuộc", formats)
        headers = ["Mã đơn vị", "Đơn vị", "Tỷ lệ nộp (%)"]
        for ind in dashboard.indicators:
            headers += [f"{ind.name} ({ind.unit_of_measure})" if ind.unit_of_measure else ind.name,
                        f"{ind.name} — đánh giá"]
        compare.write(headers, header=True)
        for row in dashboard.children:
            values, statuses = [row.unit.code, row.unit.name, row.completeness.submitted_rate], {}
            for cell in row.cells:
                if cell is not None:
                    statuses[len(values) + 1] = cell.status.value
                values += _cell_values(cell)
            compare.write(values, statuses=statuses)
        compare.ws.set_column(0, 0, 14)
        compare.ws.set_column(1, 1, 32)

    trend = _Sheet(wb, "Xu hướng", formats)
    trend.write(TREND_HEADERS, header=True)
    for line in dashboard.lines:
        ind = line.indicator
        for point in line.trend:
            trend.write([ind.code, ind.name, point.period.label or point.period.key, cell_value(point),
                         ind.unit_of_measure, status_label(point.status), point.reporting, point.expected],
                        statuses={5: point.status.value})
    trend.ws.set_column(0, 1, 30)
    wb.close()
    return buffer.getvalue()
