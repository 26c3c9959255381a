"""Write a form's workbook with XlsxWriter in constant-memory mode: the template and the export.

Both are the same file: the export is a template whose rows carry the submissions' values, so
an exported file imported again changes nothing. Sheets: instructions (first, so the safety
check reads a small sheet), the data sheets of :mod:`.layout`, then the hidden lists and
metadata. Headers are locked (sheet protection without a password); data cells are not.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable

import xlsxwriter

from . import layout as L
from .cells import NO, YES, choice_label, format_date, neutralise

FORMAT_NAME = "baocao.excel/1"
NUMBER_FORMAT = "#,##0.##"  # shown 1.234.567,5 where Excel or LibreOffice use the Vietnamese locale
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
LAST_ROW = 1_048_575


@dataclass
class WorkbookContent:
    """What goes into a workbook: the form's layout, the units (code, name) and, for an export, their data."""

    layout: L.FormLayout
    units: list[tuple[str, str]]
    meta: dict[str, Any]
    title: str
    period: str = ""
    data: dict[str, dict] = field(default_factory=dict)
    instructions: list[str] = field(default_factory=list)


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 13})
        self.header = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1,
                                     "align": "center"})
        self.key = wb.add_format({**base, "font_color": "#808080"})
        self.fixed = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1})
        self.text = wb.add_format({**base, "locked": False, "num_format": "@", "border": 1})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.number = wb.add_format({**base, "locked": False, "num_format": NUMBER_FORMAT, "border": 1})
        self.integer = wb.add_format({**base, "locked": False, "num_format": INTEGER_FORMAT, "border": 1})
        self.date = wb.add_format({**base, "locked": False, "num_format": DATE_FORMAT, "border": 1})
        self.free = wb.add_format({**base, "locked": False, "border": 1})

    def of(self, info) -> Any:
        if info is None:
            return self.free
        if info.type == "integer" or (info.type == "number" and getattr(info, "integer", False)):
            return self.integer
        if info.type == "number":
            return self.number
        if info.type == "date":
            return self.date
        if info.type == "text":
            return self.text
        return self.free


def write_workbook(content: WorkbookContent, path: str) -> None:
    """Write ``content`` to the .xlsx file ``path`` and lock the workbook's structure."""
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_urls": False, "strings_to_numbers": False})
    fmt = _Formats(wb)
    _instructions(wb, fmt, content)
    lists = _ListsSheet()
    for spec in content.layout.sheets:
        _data_sheet(wb, fmt, content, spec, lists)
    lists.write(wb)
    meta = wb.add_worksheet(L.META_SHEET)
    for r, (key, value) in enumerate(content.meta.items()):
        meta.write_string(r, 0, str(key))
        meta.write_string(r, 1, "" if value is None else str(value))
    meta.protect("")
    meta.very_hidden()
    wb.close()
    lock_structure(path)


def _instructions(wb, fmt: _Formats, content: WorkbookContent) -> None:
    ws = wb.add_worksheet(L.INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, 110, fmt.wrap)
    ws.write_string(0, 0, content.title, fmt.title)
    for r, text in enumerate(content.instructions, start=2):
        ws.write_string(r, 0, text, fmt.wrap)
    ws.protect("")
    ws.activate()


class _ListsSheet:
    """The options of choice fields, one column each, referred to by the dropdowns."""

    def __init__(self):
        self.columns: list[list[str]] = []

    def add(self, labels: list[str]) -> str:
        self.columns.append(labels)
        letter = _letter(len(self.columns) - 1)
        return f"='{L.LISTS_SHEET}'!${letter}$1:${letter}${max(1, len(labels))}"

    def write(self, wb) -> None:
        ws = wb.add_worksheet(L.LISTS_SHEET)
        for r in range(max((len(c) for c in self.columns), default=0)):
            for c, labels in enumerate(self.columns):
                if r < len(labels):
                    ws.write_string(r, c, labels[r])
        ws.protect("")
        ws.hide()


def _letter(index: int) -> str:
    from .planning import column_letter

    return column_letter(index)


def _validation(info, lists: _ListsSheet) -> dict | None:
    """Return the data validation of a value column (dispatch on its type), or None."""
    kind = info.type
    name = info.label
    if kind in ("number", "integer"):
        integer = kind == "integer" or getattr(info, "integer", False)
        low = info.minimum if info.minimum is not None else -10 ** 15
        high = info.maximum if info.maximum is not None else 10 ** 15
        if integer:
            low, high = int(low), int(high)
        noun = "số nguyên" if integer else "số"
        return {"validate": "integer" if integer else "decimal", "criteria": "between", "minimum": low,
                "maximum": high, "error_title": "Giá trị không hợp lệ",
                "error_message": f"“{name}” phải là {noun}"
                                 + (f" từ {low:g}" if info.minimum is not None else "")
                                 + (f" đến {high:g}" if info.maximum is not None else "") + "."}
    if kind == "date":
        return {"validate": "date", "criteria": "between", "minimum": dt.date(1900, 1, 1),
                "maximum": dt.date(2100, 12, 31), "error_title": "Ngày không hợp lệ",
                "error_message": f"“{name}” phải là ngày, viết dd/mm/yyyy.",
                "input_title": "Ngày", "input_message": "Nhập ngày dạng dd/mm/yyyy."}
    if kind == "boolean":
        return {"validate": "list", "source": [YES, NO], "error_title": "Giá trị không hợp lệ",
                "error_message": f"Chọn “{YES}” hoặc “{NO}”."}
    if kind == "choice":
        labels = [o.label for o in info.options]
        if getattr(info, "multiple", False):
            return {"validate": "any", "input_title": "Chọn nhiều",
                    "input_message": "Ghi các lựa chọn, cách nhau bởi dấu chấm phẩy (;)."[:255]}
        return {"validate": "list", "source": lists.add(labels), "error_title": "Giá trị không hợp lệ",
                "error_message": "Chọn một giá trị trong danh sách."}
    if kind == "text" and getattr(info, "max_length", None):
        return {"validate": "length", "criteria": "<=", "value": info.max_length,
                "error_title": "Quá dài", "error_message": f"Tối đa {info.max_length} ký tự."}
    return None


def _value_at(data: dict, path: tuple):
    node = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def _write_value(ws, r: int, c: int, info, value, fmt: _Formats) -> None:
    """Write one value by its field type: numbers and dates as such, texts never as formulas."""
    cell_format = fmt.of(info)
    if value is None or value == "" or value == []:
        ws.write_blank(r, c, None, cell_format)
        return
    kind = info.type
    if kind in ("number", "integer") and isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, cell_format)
    elif kind == "date" and isinstance(value, str):
        try:
            ws.write_datetime(r, c, dt.datetime.fromisoformat(value), cell_format)
        except ValueError:
            ws.write_string(r, c, neutralise(format_date(value)), cell_format)
    elif kind == "boolean" and isinstance(value, bool):
        ws.write_string(r, c, YES if value else NO, cell_format)
    elif kind == "choice":
        ws.write_string(r, c, neutralise(choice_label(info.options, value)), cell_format)
    else:
        ws.write_string(r, c, neutralise(str(value)), cell_format)


def _data_sheet(wb, fmt: _Formats, content: WorkbookContent, spec: L.SheetSpec, lists: _ListsSheet) -> None:
    ws = wb.add_worksheet(spec.name)
    free_table = spec.table is not None and not spec.table.fixed_rows
    for c, column in enumerate(spec.columns):
        locked = not column.is_value and not (free_table and column.key in (L.UNIT,))
        ws.set_column(c, c, column.width, fmt.fixed if locked else fmt.of(column.info))
    ws.set_row(L.HEADER_ROW, 48)
    ws.set_row(L.KEY_ROW, None, None, {"hidden": True})
    heading = content.title + (f" — {content.period}" if content.period else "")
    ws.write_string(L.TITLE_ROW, 0, heading, fmt.title)
    for c, column in enumerate(spec.columns):
        ws.write_string(L.HEADER_ROW, c, column.header, fmt.header)
    for c, column in enumerate(spec.columns):
        ws.write_string(L.KEY_ROW, c, column.key, fmt.key)
    for c, column in enumerate(spec.columns):
        if column.is_value:
            rule = _validation(column.info, lists)
            if rule:
                ws.data_validation(L.FIRST_DATA_ROW, c, LAST_ROW, c, rule)
    r = L.FIRST_DATA_ROW
    for r, cells in enumerate(_rows(content, spec), start=L.FIRST_DATA_ROW):
        for c, (column, value) in enumerate(zip(spec.columns, cells)):
            if column.is_value:
                _write_value(ws, r, c, column.info, value, fmt)
            elif value is not None:
                ws.write_string(r, c, neutralise(str(value)), fmt.free if free_table and column.key == L.UNIT
                                else fmt.fixed)
    ws.freeze_panes(L.FIRST_DATA_ROW, 2)
    options = {"format_columns": True, "format_rows": True, "autofilter": True, "sort": False,
               "insert_rows": free_table, "delete_rows": free_table}
    ws.protect("", options)


def _rows(content: WorkbookContent, spec: L.SheetSpec) -> Iterable[list]:
    """Yield each row's cells, in the sheet's column order, for every unit of the workbook."""
    for code, name in content.units:
        data = content.data.get(code) or {}
        if spec.kind == "fields":
            yield [code, name, *(_value_at(data, c.info.path) for c in spec.columns[2:])]
        elif spec.table.fixed_rows:
            table = _value_at(data, spec.table.path) or {}
            for row in spec.table.rows:
                cells = table.get(row.key) if isinstance(table, dict) else None
                cells = cells if isinstance(cells, dict) else {}
                yield [code, name, row.key, row.label, *(cells.get(c.key) for c in spec.columns[4:])]
        else:
            rows = _value_at(data, spec.table.path)
            rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
            for i, cells in enumerate(rows or [{}], start=1):
                yield [code, name, i if rows else None, *(cells.get(c.key) for c in spec.columns[3:])]


def lock_structure(path: str) -> None:
    """Add workbook structure protection (no password): sheets cannot be renamed, moved or unhidden.

    XlsxWriter protects worksheets only, so the flag is added to xl/workbook.xml afterwards.
    """
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=os.path.dirname(path) or None)
    os.close(fd)
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    data = data.replace(b"<bookViews>", b'<workbookProtection lockStructure="1"/><bookViews>', 1)
                dst.writestr(item, data)
        shutil.move(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
