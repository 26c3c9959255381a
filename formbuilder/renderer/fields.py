"""Django form fields for the values of a compiled form, and the converters they share with table cells.

Every field is optional to Django (``required=False``): whether a value is required depends on
whether a draft or a complete submission is checked, which the engine's FormValidator decides.
These fields only turn what was typed into the JSON value the schema expects, and refuse what
cannot be read (``Số văn bản: phải là số``). Ranges, lengths and requiredness are the engine's.
The reasons stay Vietnamese here; :mod:`.errors` shows them in the user's language (:mod:`.messages`).

Widgets here only read submitted values (``value_from_datadict``); HTML comes from the
templates of :mod:`.render`, so the same markup serves edit and read-only modes.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from formbuilder.engine import ColumnInfo, FieldInfo

from .localize import decimal_to_json, parse_date, parse_number
from .messages import row_name

FILE_SALT = "formbuilder.renderer.file"
ROW_MARKER = "row"  # a free table's rows are listed by hidden inputs named "<table>-row"
MAX_ROW_ID = 999_999

NOT_NUMBER = "phải là số"
NOT_INTEGER = "phải là số nguyên"
NOT_DATE = "không đúng định dạng ngày (dd/mm/yyyy)"
NOT_OPTION = "giá trị không nằm trong danh sách"
NOT_BOOLEAN = "phải chọn Có hoặc Không"
NOT_FILE = "tệp đính kèm không hợp lệ"


def getlist(data, name: str) -> list:
    """Return every value posted under ``name``: QueryDicts hold lists, plain dicts a value or a list."""
    if data is None:
        return []
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def is_empty(value) -> bool:
    """Return True for a value that is not worth storing: None, "" (after stripping), [] or {}."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


# --- Converters: raw value → JSON value, or ValueError(short Vietnamese reason) ---------------

def to_text(value) -> str | None:
    if is_empty(value):
        return None
    # Browsers post textarea line breaks as CRLF; store one character per break, as counted on screen.
    return str(value).strip().replace("\r\n", "\n")


def to_number(value, *, integer: bool = False) -> int | float | None:
    if is_empty(value):
        return None
    reason = NOT_INTEGER if integer else NOT_NUMBER
    if isinstance(value, bool):
        raise ValueError(reason)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(reason)
        value = Decimal(str(value))
    if isinstance(value, int):
        return value
    if not isinstance(value, Decimal):
        try:
            value = parse_number(value)
        except ValueError:
            raise ValueError(reason) from None
    try:
        return decimal_to_json(value, integer=integer)
    except ValueError:
        raise ValueError(reason) from None


def to_date(value) -> str | None:
    if is_empty(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    try:
        return parse_date(value).isoformat()
    except ValueError:
        raise ValueError(NOT_DATE) from None


def to_option(value, *, values: frozenset[str]) -> str | None:
    if is_empty(value):
        return None
    if str(value) not in values:
        raise ValueError(NOT_OPTION)
    return str(value)


def to_options(value, *, values: frozenset[str], order: tuple[str, ...]) -> list[str] | None:
    chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if not is_empty(v)}
    if not chosen:
        return None
    if not chosen <= values:
        raise ValueError(NOT_OPTION)
    return [v for v in order if v in chosen]


_TRUE = frozenset({"true", "True", "1", "on", "co"})
_FALSE = frozenset({"false", "False", "0", "khong"})


def to_boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if is_empty(value):
        return None
    if str(value) in _TRUE:
        return True
    if str(value) in _FALSE:
        return False
    raise ValueError(NOT_BOOLEAN)


def column_converter(column: ColumnInfo) -> Callable:
    """Return the converter of one table column's cells."""
    if column.type in ("integer", "number"):
        integer = column.type == "integer"
        return lambda value: to_number(value, integer=integer)
    if column.type == "choice":
        values = frozenset(o.value for o in column.options)
        return lambda value: to_option(value, values=values)
    return {"text": to_text, "date": to_date, "boolean": to_boolean}[column.type]


# --- Scalar fields -----------------------------------------------------------------------------

class ConvertingField(forms.Field):
    """A never-required field whose value is ``convert(raw)``; a refusal reads "<label>: <reason>"."""

    def __init__(self, info: FieldInfo, convert: Callable, *, widget=None):
        self.info = info
        self.convert = convert
        super().__init__(required=False, label=info.label, help_text=info.help or "", widget=widget)

    def to_python(self, value):
        try:
            return self.convert(value)
        except ValueError as error:
            raise ValidationError(f"{self.info.label}: {error}", code="invalid") from None

    def validate(self, value):
        """Nothing more: ranges, lengths and requiredness are checked by the engine."""


class ComputedValueField(forms.Field):
    """A computed value (chỉ tiêu tính toán): shown, never entered, always recomputed."""

    def __init__(self, info: FieldInfo):
        self.info = info
        super().__init__(required=False, disabled=True, label=info.label, help_text=info.help or "")

    def to_python(self, value):
        return None


# --- Files -------------------------------------------------------------------------------------

def sign_file_ref(ref: dict) -> str:
    """Return a signed token for a stored file reference, so a posted form cannot point at another file."""
    return signing.dumps(ref, salt=FILE_SALT, compress=True)


def unsign_file_ref(token) -> dict:
    """Return the file reference of a token made by :func:`sign_file_ref`; raise ValueError if forged."""
    try:
        ref = signing.loads(str(token), salt=FILE_SALT)
    except signing.BadSignature:
        raise ValueError(NOT_FILE) from None
    if not (isinstance(ref, dict) and set(ref) == {"name", "ref", "size"}):
        raise ValueError(NOT_FILE)
    return ref


class FileRefWidget(forms.FileInput):
    """Reads a new upload (``<key>``), the kept reference (``<key>-ref``) and the remove box (``<key>-clear``)."""

    def value_from_datadict(self, data, files, name):
        return {
            "upload": files.get(name) if files is not None else None,
            "ref": (data or {}).get(f"{name}-ref"),
            "clear": bool((data or {}).get(f"{name}-clear")),
        }


@dataclass(frozen=True)
class FileValue:
    """A file field's value: the kept reference (or None) and a new upload for the caller to store."""

    ref: dict | None
    upload: object | None = None


def to_file(value) -> FileValue | None:
    if not isinstance(value, dict):
        return None if is_empty(value) else FileValue(unsign_file_ref(value))
    ref = None if value.get("clear") or is_empty(value.get("ref")) else unsign_file_ref(value["ref"])
    if ref is None and value.get("upload") is None:
        return None
    return FileValue(ref, value.get("upload"))


# --- Tables --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellError:
    """A cell that could not be read; ``row`` is the row id (free rows) or the fixed row's key."""

    row: str
    ordinal: int
    column: str
    reason: str


def cell_name(table_name: str, row: str, column: str) -> str:
    """Return the posted name of one cell: ``<table>-<row>-<column>``."""
    return f"{table_name}-{row}-{column}"


def free_row_ids(data, name: str, *, max_rows: int) -> list[str]:
    """Return the row ids listed under ``<name>-row`` in posted order: digits only, no repeats, at most ``max_rows``."""
    ids: list[str] = []
    for raw in getlist(data, f"{name}-{ROW_MARKER}"):
        text = str(raw).strip()
        if text.isascii() and text.isdigit() and int(text) <= MAX_ROW_ID and str(int(text)) not in ids:
            ids.append(str(int(text)))
        if len(ids) >= max_rows:
            break
    return ids


class TableWidget(forms.Widget):
    """Reads a table as ``[(row id, {column: raw value})]``: listed rows when free, every row when fixed."""

    def __init__(self, info: FieldInfo, *, max_rows: int):
        self.info = info
        self.max_rows = max_rows
        super().__init__()

    def value_from_datadict(self, data, files, name):
        if self.info.rows is not None:
            row_ids = [row.key for row in self.info.rows]
        else:
            row_ids = free_row_ids(data, name, max_rows=self.max_rows)
        data = data or {}
        return [(row, {c.key: data.get(cell_name(name, row, c.key)) for c in self.info.columns}) for row in row_ids]

    def value_omitted_from_data(self, data, files, name):
        return False


class TableField(forms.Field):
    """A table (bảng): typed columns, free or fixed rows. Cleans to ``[(row id, {column: value})]``.

    Each refused cell is one error message; :meth:`parse` tells the renderer which cell it is.
    """

    def __init__(self, info: FieldInfo, *, max_rows: int):
        self.info = info
        self.converters = {c.key: column_converter(c) for c in info.columns}
        super().__init__(required=False, label=info.label, help_text=info.help or "",
                         widget=TableWidget(info, max_rows=max_rows))

    def parse(self, raw) -> tuple[list[tuple[str, dict]], list[CellError]]:
        """Return (rows with every readable cell converted, the cells that could not be read)."""
        rows, errors = [], []
        for ordinal, (row, cells) in enumerate(raw or (), start=1):
            values = {}
            for column, value in cells.items():
                try:
                    values[column] = self.converters[column](value)
                except ValueError as error:
                    values[column] = None
                    errors.append(CellError(row, ordinal, column, str(error)))
            rows.append((row, values))
        return rows, errors

    def row_name(self, row: str, ordinal: int) -> str:
        """Return how a person names a row: the fixed row's label, else ``dòng <n>`` (in the user's language)."""
        if self.info.rows is not None:
            return next((r.label for r in self.info.rows if r.key == row), row)
        return row_name(ordinal)

    def cell_label(self, row: str, ordinal: int, column: str) -> str:
        """Return ``Bảng › dòng 2 › Cột``, the label the engine's messages use for a cell."""
        return f"{self.info.label} › {self.row_name(row, ordinal)} › {self.info.column(column).label}"

    def to_python(self, value):
        rows, errors = self.parse(value)
        if errors:
            raise ValidationError([
                ValidationError(f"{self.cell_label(e.row, e.ordinal, e.column)}: {e.reason}", code="cell")
                for e in errors
            ])
        return rows

    def validate(self, value):
        """Nothing more: cells' ranges, requiredness and the row count are checked by the engine."""
