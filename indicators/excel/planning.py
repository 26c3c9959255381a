"""Turn read sheets into each unit's values, and every problem into a row and column of the file.

Plain Python over the compiled form (no database): the services look units and submissions up,
merge these values into each submission's data and validate the result with the engine.

A blank cell clears the value (the file is the truth for the columns it has); a free-row table
is replaced by the unit's non-blank rows, and left alone when the unit has none in the file.
"""
from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from formbuilder.engine.model import CompiledForm, FieldInfo

from . import layout as L
from .cells import CellError, is_blank, parser_for
from .reader import ReadFile, ReadSheet


@dataclass(frozen=True)
class Problem:
    """One problem of an import, where the user finds it: sheet, row number, column letter and header."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    header: str = ""
    unit: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def where(self) -> str:
        parts = [f"Trang “{self.sheet}”"] if self.sheet else []
        if self.row:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts)


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class UnitValues:
    """The values a file gives one unit, and where each came from (sheet index, row, column index)."""

    code: str
    scalars: dict[tuple, Any] = field(default_factory=dict)
    fixed: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    free: dict[tuple, list[dict[str, Any]]] = field(default_factory=dict)
    where: dict[tuple, tuple[int, int, int]] = field(default_factory=dict)
    first: tuple[int, int, int] | None = None

    def merged_into(self, data: dict) -> dict:
        """Return a copy of ``data`` with this unit's values applied."""
        new = copy.deepcopy(data or {})
        for path, value in self.scalars.items():
            _put(new, path, value)
        for (table_path, row_key), cells in self.fixed.items():
            table = _get(new, table_path)
            if not isinstance(table, dict):
                table = {}
                _put(new, table_path, table)
            row = table.get(row_key)
            if not isinstance(row, dict):
                row = table[row_key] = {}
            row.update(cells)
        for table_path, rows in self.free.items():
            _put(new, table_path, rows)
        return new


def _get(data: dict, path: tuple):
    node = data
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _put(data: dict, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[path[-1]] = value


class Collector:
    """Reads every sheet of a file against one compiled form; keeps values by unit code and problems."""

    def __init__(self, compiled: CompiledForm):
        self.compiled = compiled
        self.units: dict[str, UnitValues] = {}
        self.problems: list[Problem] = []
        self.sheets: list[ReadSheet] = []
        self.rows = 0
        self._parsers: dict[int, Any] = {}
        self._widgets = {}

    # --- helpers ---------------------------------------------------------------------------
    def problem(self, sheet_index: int, row: int | None, column: int | None, message: str, unit: str = "") -> None:
        sheet = self.sheets[sheet_index]
        header = sheet.headers[column] if column is not None and column < len(sheet.headers) else ""
        self.problems.append(Problem(message, sheet.name, row, column_letter(column) if column is not None else "",
                                     header, unit))

    def _parser(self, info):
        """Return the cell parser of a field or column: the widget of the form's generated resource."""
        parser = self._parsers.get(id(info))
        if parser is None:
            parser = self._parsers[id(info)] = parser_for(info)
        return parser

    def use_resources(self, layout: L.FormLayout) -> None:
        """Parse cells with the widgets of the resources generated for ``layout``'s sheets."""
        from .resources import form_resource, widgets_of

        for sheet in layout.sheets:
            for key, widget in widgets_of(form_resource(self.compiled, sheet)).items():
                column = next(c for c in sheet.columns if c.key == key)
                self._parsers[id(column.info)] = widget.parse

    def _unit(self, code: str, at: tuple[int, int, int]) -> UnitValues:
        values = self.units.get(code)
        if values is None:
            values = self.units[code] = UnitValues(code, first=at)
        return values

    def _value(self, info, raw, si: int, number: int, ci: int, code: str):
        """Return (ok, value) for one cell; a blank cell is a cleared value."""
        if is_blank(raw):
            return True, None
        try:
            return True, self._parser(info)(raw)
        except CellError as exc:
            label = getattr(info, "label", "")
            self.problem(si, number, ci, f"{label}: {exc}", code)
            return False, None

    def _place(self, values: UnitValues, path: tuple, at: tuple[int, int, int]) -> bool:
        """Record where ``path`` came from; False (and a problem) when the file gives it twice."""
        before = values.where.get(path)
        if before is not None:
            self.problem(at[0], at[1], at[2], f"Giá trị của đơn vị “{values.code}” bị nhập hai lần "
                                              f"(cả dòng {before[1]} và dòng {at[1]}).", values.code)
            return False
        values.where[path] = at
        return True

    # --- reading ----------------------------------------------------------------------------
    def read(self, read_file: ReadFile, progress=None) -> None:
        for sheet in read_file.sheets:
            self.sheets.append(sheet)
            si = len(self.sheets) - 1
            keys = sheet.keys
            if L.FIELD in keys and L.VALUE in keys:
                self._read_long(si, sheet, progress)
            elif any(k.startswith(L.ROW + ":") for k in keys):
                self._read_table(si, sheet, progress)
            elif L.UNIT in keys:
                self._read_fields(si, sheet, progress)
            else:
                self.problem(si, L.KEY_ROW + 1, None, "Trang tính không có dòng mã cột (dòng 3 bị ẩn) của mẫu "
                                                      "hệ thống; không đọc được trang này.")

    def _unit_code(self, si, number, row, unit_col) -> str | None:
        """Return the row's unit code, None for a blank row, "" (with a problem) for data without a code."""
        raw = row[unit_col] if unit_col < len(row) else None
        if isinstance(raw, str):
            code = raw.strip()
        else:
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            code = "" if raw is None else str(raw).strip()
        if not code:
            if not any(not is_blank(v) for v in row):
                return None
            self.problem(si, number, unit_col, "Thiếu mã đơn vị.")
        return code

    def _value_columns(self, si: int, sheet: ReadSheet, lookup) -> list[tuple[int, Any]]:
        columns = []
        for ci, key in enumerate(sheet.keys):
            if not key or key.startswith("#"):
                continue
            info = lookup(key)
            if info is None:
                self.problem(si, L.KEY_ROW + 1, ci, f"Cột mã “{key}” không có trong phiên bản biểu mẫu này.")
                continue
            columns.append((ci, info))
        return columns

    def _read_fields(self, si: int, sheet: ReadSheet, progress) -> None:
        unit_col = sheet.keys.index(L.UNIT)
        by_key = {f.key: f for f in L.scalar_fields(self.compiled)}
        columns = self._value_columns(si, sheet, by_key.get)
        seen: dict[str, int] = {}
        for number, row in sheet.rows:
            code = self._unit_code(si, number, row, unit_col)
            self.rows += 1
            if not code:
                continue
            if code in seen:
                self.problem(si, number, unit_col, f"Đơn vị “{code}” có hai dòng (dòng {seen[code]} và dòng "
                                                   f"{number}); mỗi đơn vị chỉ một dòng.", code)
                continue
            seen[code] = number
            values = self._unit(code, (si, number, unit_col))
            for ci, info in columns:
                ok, value = self._value(info, row[ci] if ci < len(row) else None, si, number, ci, code)
                if ok and self._place(values, info.path, (si, number, ci)):
                    values.scalars[info.path] = value
            if progress:
                progress(self.rows)

    def _read_table(self, si: int, sheet: ReadSheet, progress) -> None:
        row_ci = next(i for i, k in enumerate(sheet.keys) if k.startswith(L.ROW + ":"))
        table = self.compiled.fields.get(sheet.keys[row_ci].split(":", 1)[1])
        if table is None or table.type != "table":
            self.problem(si, L.KEY_ROW + 1, row_ci, "Trang tính ứng với một bảng không có trong phiên bản biểu mẫu này.")
            return
        if L.UNIT not in sheet.keys:
            self.problem(si, L.KEY_ROW + 1, None, "Trang tính thiếu cột mã đơn vị.")
            return
        unit_col = sheet.keys.index(L.UNIT)
        columns = self._value_columns(si, sheet, table.column)
        fixed = {r.key: r.key for r in table.rows or ()}
        fixed.update({r.label.strip().lower(): r.key for r in table.rows or ()})
        for number, row in sheet.rows:
            code = self._unit_code(si, number, row, unit_col)
            self.rows += 1
            if not code:
                continue
            values = self._unit(code, (si, number, unit_col))
            cells = {}
            for ci, column in columns:
                ok, value = self._value(column, row[ci] if ci < len(row) else None, si, number, ci, code)
                if ok:
                    cells[column.key] = value
            if table.fixed_rows:
                raw = row[row_ci] if row_ci < len(row) else None
                row_key = fixed.get(str(raw).strip()) or fixed.get(str(raw).strip().lower())
                if row_key is None:
                    self.problem(si, number, row_ci, f"Mã dòng “{raw}” không có trong bảng “{table.label}”.", code)
                    continue
                if self._place(values, table.path + (row_key,), (si, number, row_ci)):
                    for ci, column in columns:
                        values.where.setdefault(table.path + (row_key, column.key), (si, number, ci))
                    values.fixed.setdefault((table.path, row_key), {}).update(cells)
            elif any(v is not None for v in cells.values()):
                rows = values.free.setdefault(table.path, [])
                index = len(rows)
                rows.append({c.key: cells.get(c.key) for _, c in columns})
                values.where.setdefault(table.path, (si, number, row_ci))
                values.where[table.path + (index,)] = (si, number, row_ci)
                for ci, column in columns:
                    values.where[table.path + (index, column.key)] = (si, number, ci)
            if progress:
                progress(self.rows)

    def _read_long(self, si: int, sheet: ReadSheet, progress) -> None:
        k = {key: i for i, key in enumerate(sheet.keys) if key}
        unit_col, field_col, value_col = k[L.UNIT], k[L.FIELD], k[L.VALUE]
        row_col, column_col = k.get(L.ROW), k.get(L.COLUMN)
        fields = self.compiled.fields
        scalar_types = L.SCALAR_TYPES
        width = max(k.values()) + 1
        for number, row in sheet.rows:
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            code = self._unit_code(si, number, row, unit_col)
            self.rows += 1
            if not code:
                continue
            values = self._unit(code, (si, number, unit_col))
            key = str(row[field_col]).strip()
            info = fields.get(key)
            if info is None or (info.type not in scalar_types and info.type != "table"):
                self.problem(si, number, field_col, f"Mã trường “{key}” không có trong phiên bản biểu mẫu này "
                                                     f"(hoặc là trường tính tự động).", code)
                continue
            if info.type != "table":
                ok, value = self._value(info, row[value_col], si, number, value_col, code)
                if ok and self._place(values, info.path, (si, number, value_col)):
                    values.scalars[info.path] = value
            else:
                self._long_cell(si, number, row, values, info, row_col, column_col, value_col, code)
            if progress and self.rows % 1000 == 0:
                progress(self.rows)

    def _long_cell(self, si, number, row, values: UnitValues, table: FieldInfo, row_col, column_col, value_col, code):
        column_key = str(row[column_col]).strip() if column_col is not None else ""
        column = table.column(column_key)
        if column is None:
            self.problem(si, number, column_col, f"Mã cột “{column_key}” không có trong bảng “{table.label}”.", code)
            return
        raw_row = row[row_col] if row_col is not None else None
        ok, value = self._value(column, row[value_col], si, number, value_col, code)
        if not ok:
            return
        if table.fixed_rows:
            row_key = str(raw_row).strip()
            if row_key not in {r.key for r in table.rows}:
                self.problem(si, number, row_col, f"Mã dòng “{row_key}” không có trong bảng “{table.label}”.", code)
                return
            if self._place(values, table.path + (row_key, column.key), (si, number, value_col)):
                values.where.setdefault(table.path + (row_key,), (si, number, value_col))
                values.fixed.setdefault((table.path, row_key), {})[column.key] = value
            return
        try:
            index = int(float(raw_row)) - 1
            if index < 0:
                raise ValueError
        except (TypeError, ValueError):
            self.problem(si, number, row_col, f"Số thứ tự dòng “{raw_row}” phải là số nguyên dương.", code)
            return
        rows = values.free.setdefault(table.path, [])
        while len(rows) <= index:
            rows.append({c.key: None for c in table.columns})
        if self._place(values, table.path + (index, column.key), (si, number, value_col)):
            values.where.setdefault(table.path + (index,), (si, number, value_col))
            values.where.setdefault(table.path, (si, number, value_col))
            rows[index][column.key] = value

    # --- mapping engine errors back ------------------------------------------------------------
    def locate(self, values: UnitValues, path: tuple) -> tuple[int, int, int] | None:
        """Return where the value at data ``path`` came from (the nearest recorded enclosing path)."""
        for end in range(len(path), 0, -1):
            at = values.where.get(tuple(path[:end]))
            if at is not None:
                return at
        return values.first
