"""Build the files users download: a form's template, its submissions, indicator results.

Each builder writes to a temporary file (XlsxWriter's constant-memory mode needs one) and
returns its path; the view streams it and removes it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from typing import Iterable

from django.utils import timezone

from formbuilder.models import FormVersion
from formbuilder.rounds.models import Round
from formbuilder.selectors import compiled_form

from . import layout as L
from .cells import NO, YES, choice_label, format_date, format_number, neutralise
from .reader import META_HEADERS
from .workbook import FORMAT_NAME, WorkbookContent, write_workbook

CSV_DELIMITER = ";"
BOM = "\ufeff"


def _tmp(suffix: str) -> str:
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="baocao-")
    os.close(fd)
    return path


def _meta(round: Round, version: FormVersion, kind: str) -> dict:
    return {"format": FORMAT_NAME, "kind": kind, "definition": version.definition.code, "version": version.number,
            "round": round.pk, "round_code": round.code, "period": round.period_label,
            "created_at": timezone.localtime().strftime("%d/%m/%Y %H:%M")}


def instructions(round: Round, version: FormVersion, *, export: bool = False) -> list[str]:
    """Return the Vietnamese instructions written on the first sheet."""
    lines = [
        f"Biểu mẫu: {version.definition.code} — {version.definition.title} (phiên bản {version.number}).",
        f"Đợt báo cáo: {round.title}" + (f"; kỳ: {round.period_label}" if round.period_label else "") + ".",
        "",
        "CÁCH ĐIỀN",
        "1. Mỗi trang tính ứng với một phần của biểu mẫu: “Thông tin chung” có một dòng cho mỗi đơn vị; mỗi bảng "
        "có trang riêng, một dòng cho mỗi đơn vị và dòng của bảng.",
        "2. Chỉ điền vào các ô trắng. Mã đơn vị, tên đơn vị, tên dòng và tiêu đề cột đã được khóa; "
        "không đổi tên, thêm hay xóa trang tính.",
        "3. Số viết theo kiểu Việt Nam (1.234.567,5) hoặc nhập số trực tiếp; ngày viết dd/mm/yyyy; "
        "các ô có danh sách thì chọn trong danh sách; ô “Có/Không” chọn Có hoặc Không.",
        "4. Bảng không cố định số dòng: mỗi dòng số liệu ghi mã đơn vị ở cột đầu; chèn thêm dòng khi cần.",
        "5. Ô để trống nghĩa là không có số liệu (xóa số liệu đã nhập trước đó, nếu có).",
        "6. Tải tệp lên ở mục “Nhập từ Excel”: hệ thống kiểm tra trước và liệt kê mọi lỗi theo dòng, cột; "
        "chỉ khi không còn lỗi và bạn xác nhận thì số liệu mới được ghi (ghi tất cả hoặc không ghi gì).",
        "7. Số liệu được ghi thành bản nháp của từng đơn vị (hoặc nộp luôn nếu bạn chọn và số liệu đầy đủ); "
        "chỉ số liệu đã được duyệt mới được tổng hợp lên cấp trên.",
        "8. Tệp CSV: dùng bản xuất CSV (mỗi dòng một giá trị, phân cách bằng dấu chấm phẩy, mã hóa UTF-8).",
        "",
        "Trang ẩn “_baocao” ghi mã biểu mẫu, phiên bản và đợt để hệ thống nhận ra tệp; không sửa trang này.",
    ]
    if export:
        lines.insert(3, "Tệp này là bản xuất số liệu; có thể sửa rồi tải lên lại như một tệp mẫu.")
    return lines


def _content(round: Round, version: FormVersion, units, data, kind: str) -> WorkbookContent:
    compiled = compiled_form(version=version)
    return WorkbookContent(layout=L.form_layout(compiled), units=units, data=data, meta=_meta(round, version, kind),
                           title=f"{version.definition.code} — {compiled.title}", period=round.period_label,
                           instructions=instructions(round, version, export=kind == "export"))


def template_xlsx(*, round: Round, version: FormVersion, units: list[tuple[str, str]]) -> str:
    """Write the template of ``version`` for ``round`` with ``units`` (code, name) pre-filled; return its path."""
    path = _tmp(".xlsx")
    write_workbook(_content(round, version, units, {}, "template"), path)
    return path


def submissions_xlsx(*, round: Round, version: FormVersion, submissions) -> str:
    """Write the submissions' data in the template's layout; return its path."""
    units, data = [], {}
    for sub in submissions:
        unit = sub.assignment.unit
        units.append((unit.code, unit.name))
        data[unit.code] = sub.data or {}
    path = _tmp(".xlsx")
    write_workbook(_content(round, version, units, data, "export"), path)
    return path


# --- CSV: the long layout ------------------------------------------------------------------------

def _display(info, value) -> str:
    """Return a value as CSV text: Vietnamese numbers and dates, labels for choices, neutralised text."""
    if value is None or value == "" or value == []:
        return ""
    kind = info.type
    if kind in ("number", "integer") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    if kind == "date":
        return format_date(value)
    if kind == "boolean" and isinstance(value, bool):
        return YES if value else NO
    if kind == "choice":
        return neutralise(choice_label(info.options, value))
    return neutralise(str(value))


def long_rows(compiled, code: str, name: str, data: dict) -> Iterable[tuple]:
    """Yield (unit, unit name, field, field label, row, row label, column, column label, value text) per value."""
    def at(path):
        node = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    name = neutralise(name)
    for info in L.scalar_fields(compiled):
        value = at(info.path)
        if value is not None:
            yield code, name, info.key, neutralise(info.label), "", "", "", "", _display(info, value)
    for table in L.table_fields(compiled):
        value = at(table.path)
        if table.fixed_rows and isinstance(value, dict):
            for row in table.rows:
                cells = value.get(row.key)
                for column in table.columns if isinstance(cells, dict) else ():
                    if cells.get(column.key) is not None:
                        yield (code, name, table.key, neutralise(table.label), row.key, neutralise(row.label),
                               column.key, neutralise(column.label), _display(column, cells[column.key]))
        elif isinstance(value, list):
            for i, cells in enumerate(value, start=1):
                for column in table.columns if isinstance(cells, dict) else ():
                    if cells.get(column.key) is not None:
                        yield (code, name, table.key, neutralise(table.label), str(i), "", column.key,
                               neutralise(column.label), _display(column, cells[column.key]))


def submissions_csv(*, round: Round, version: FormVersion, submissions) -> str:
    """Write the submissions as CSV (long layout, ';', UTF-8 with BOM, Vietnamese numbers); return its path."""
    compiled = compiled_form(version=version)
    meta = (version.definition.code, str(version.number), str(round.pk))
    path = _tmp(".csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(BOM)
        writer = csv.writer(fh, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([*META_HEADERS, *L.LONG_HEADERS.values()])
        for sub in submissions:
            unit = sub.assignment.unit
            for row in long_rows(compiled, unit.code, unit.name, sub.data or {}):
                writer.writerow([*meta, *row])
    return path


# --- Indicator results --------------------------------------------------------------------------

INDICATOR_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Kỳ", "Giá trị",
                     "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo"]


def indicator_rows(*, period, within, user) -> Iterable[list]:
    """Yield one row per rolled-up result of ``period`` in ``within``'s subtree that the user may see."""
    from hierarchy.selectors import units_visible_to
    from indicators.models import IndicatorResult

    qs = (IndicatorResult.objects.filter(period=period, unit__in=units_visible_to(user=user))
          .select_related("unit", "indicator").order_by("unit__path", "indicator__order", "indicator__code"))
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    for r in qs.iterator(chunk_size=2000):
        yield [r.unit.code, r.unit.name, r.indicator.code, r.indicator.name, r.indicator.unit_of_measure,
               period.label, r.value, r.reporting, r.expected]


def indicators_xlsx(*, period, within, user) -> str:
    import xlsxwriter

    from .workbook import NUMBER_FORMAT

    path = _tmp(".xlsx")
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    number = wb.add_format({"num_format": NUMBER_FORMAT})
    ws = wb.add_worksheet("Chỉ tiêu")
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 3, 30)
    for c, text in enumerate(INDICATOR_HEADERS):
        ws.write_string(0, c, text, header)
    for r, row in enumerate(indicator_rows(period=period, within=within, user=user), start=1):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, number)
            elif value is not None:
                ws.write_string(r, c, neutralise(str(value)))
    wb.close()
    return path


def indicators_csv(*, period, within, user) -> str:
    path = _tmp(".csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(BOM)
        writer = csv.writer(fh, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow(INDICATOR_HEADERS)
        for row in indicator_rows(period=period, within=within, user=user):
            writer.writerow([format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                             else ("" if v is None else neutralise(str(v))) for v in row])
    return path
