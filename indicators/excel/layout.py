"""Which sheets and columns a form's workbook has: plain data derived from a CompiledForm.

One sheet for the fields outside tables ("Thông tin chung", one row per unit), one sheet per
table (one row per unit and table row), and the long layout ("Dữ liệu dọc", one row per value)
that CSV files use. Row 1 shows the title and period, row 2 the Vietnamese headers, row 3 (hidden)
the keys that let an import find each column whatever the headers say; data starts on row 4.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from formbuilder.engine.model import ColumnInfo, CompiledForm, FieldInfo

UNIT = "#unit"
UNIT_NAME = "#unit_name"
ROW = "#row"
ROW_LABEL = "#row_label"
FIELD = "#field"
FIELD_LABEL = "#field_label"
COLUMN = "#column"
COLUMN_LABEL = "#column_label"
VALUE = "#value"

TITLE_ROW, HEADER_ROW, KEY_ROW, FIRST_DATA_ROW = 0, 1, 2, 3  # 0-based, as XlsxWriter and calamine count

SCALAR_TYPES = ("text", "number", "choice", "boolean", "date")
INSTRUCTIONS_SHEET = "Hướng dẫn"
META_SHEET = "_baocao"
LISTS_SHEET = "_danh_muc"
FIELDS_SHEET = "Thông tin chung"
LONG_SHEET = "Dữ liệu dọc"

LONG_HEADERS = {UNIT: "Mã đơn vị", UNIT_NAME: "Tên đơn vị", FIELD: "Mã trường", FIELD_LABEL: "Tên trường",
                ROW: "Dòng", ROW_LABEL: "Tên dòng", COLUMN: "Mã cột", COLUMN_LABEL: "Tên cột", VALUE: "Giá trị"}
LONG_KEYS = tuple(LONG_HEADERS)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key (a field or table column key, or a ``#`` word) and header."""

    key: str
    header: str
    info: FieldInfo | ColumnInfo | None = None
    width: int = 16

    @property
    def is_value(self) -> bool:
        return not self.key.startswith("#")


@dataclass(frozen=True)
class SheetSpec:
    """One data sheet: ``kind`` is "fields", "table" or "long"; ``table`` the table field of a table sheet."""

    name: str
    kind: str
    columns: tuple[Column, ...]
    table: FieldInfo | None = None

    def column_index(self) -> dict[str, int]:
        return {c.key: i for i, c in enumerate(self.columns)}


@dataclass(frozen=True)
class FormLayout:
    compiled: CompiledForm
    sheets: tuple[SheetSpec, ...]

    def sheet(self, name: str) -> SheetSpec | None:
        return next((s for s in self.sheets if s.name == name), None)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


def _header(label: str, unit: str | None, number: str | None = None) -> str:
    text = f"{number} {label}" if number else label
    return f"{text} ({unit})" if unit else text


def _width(header: str, info) -> int:
    if info is not None and info.type == "text":
        return 30
    return max(12, min(40, len(header) // 2 + 4))


def scalar_fields(compiled: CompiledForm) -> list[FieldInfo]:
    """Return the fields a user types outside tables, in form order (files and computed values excluded)."""
    return sorted((f for f in compiled.fields.values() if f.type in SCALAR_TYPES), key=lambda f: f.order)


def table_fields(compiled: CompiledForm) -> list[FieldInfo]:
    return sorted((f for f in compiled.fields.values() if f.type == "table"), key=lambda f: f.order)


def _sheet_name(label: str, index: int, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", f"{index}. {label}").strip()[:31].strip()
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def form_layout(compiled: CompiledForm) -> FormLayout:
    """Return the sheets of ``compiled``'s workbook: fields, then one per table."""
    unit_cols = (Column(UNIT, "Mã đơn vị", width=14), Column(UNIT_NAME, "Tên đơn vị", width=30))
    sheets = []
    taken = {INSTRUCTIONS_SHEET.lower(), META_SHEET.lower(), LISTS_SHEET.lower(), LONG_SHEET.lower()}
    scalars = scalar_fields(compiled)
    if scalars:
        taken.add(FIELDS_SHEET.lower())
        cols = tuple(Column(f.key, _header(f.label, f.unit, f.number), f, _width(f.label, f)) for f in scalars)
        sheets.append(SheetSpec(FIELDS_SHEET, "fields", unit_cols + cols))
    for index, table in enumerate(table_fields(compiled), start=1):
        row_key = f"{ROW}:{table.key}"  # names the table, so a sheet is found whatever its title
        row_cols = ((Column(row_key, "Mã dòng", width=12), Column(ROW_LABEL, "Dòng", width=36)) if table.fixed_rows
                    else (Column(row_key, "STT", width=6),))
        cols = tuple(Column(c.key, _header(c.label, c.unit), c, _width(c.label, c)) for c in table.columns)
        sheets.append(SheetSpec(_sheet_name(table.label, index, taken), "table", unit_cols + row_cols + cols, table))
    return FormLayout(compiled, tuple(sheets))


def long_sheet() -> SheetSpec:
    """Return the long layout: one row per value (unit, field, table row, column, value)."""
    widths = {UNIT: 14, UNIT_NAME: 30, FIELD: 24, FIELD_LABEL: 40, ROW: 12, ROW_LABEL: 30, COLUMN: 20,
              COLUMN_LABEL: 30, VALUE: 16}
    return SheetSpec(LONG_SHEET, "long", tuple(Column(k, h, width=widths[k]) for k, h in LONG_HEADERS.items()))
