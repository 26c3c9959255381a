"""Build valid sample submissions for a compiled form: for fixtures checks, demos and benchmarks."""
from __future__ import annotations

import math

from .model import ColumnInfo, CompiledForm, FieldInfo

SAMPLE_TEXT = "Nội dung mẫu"
SAMPLE_DATE = "2026-03-31"
SAMPLE_FILE = {"name": "minh-chung.pdf", "ref": "samples/minh-chung.pdf", "size": 1024}


def sample_number(minimum, maximum, integer: bool):
    """Return a number inside [minimum, maximum] (1 when the range allows), an int if ``integer``."""
    low = -math.inf if minimum is None else minimum
    high = math.inf if maximum is None else maximum
    value = min(max(1, low), high)
    if integer:
        value = math.ceil(value) if math.ceil(value) <= high else math.floor(value)
        return int(value)
    return value


def _text(max_length: int | None) -> str:
    return SAMPLE_TEXT[:max_length] if max_length else SAMPLE_TEXT


def _cell(column: ColumnInfo):
    if column.type in ("integer", "number"):
        return sample_number(column.minimum, column.maximum, column.type == "integer")
    if column.type == "choice":
        return column.options[0].value
    if column.type == "boolean":
        return True
    if column.type == "date":
        return SAMPLE_DATE
    return _text(column.max_length)


def _table(info: FieldInfo, rows: int, max_table_rows: int):
    def row() -> dict:
        return {column.key: _cell(column) for column in info.columns}

    if info.rows is not None:
        return {fixed.key: row() for fixed in info.rows}
    count = max(rows, info.min_rows or 0, 1 if info.required else 0)
    count = min(count, info.max_rows or max_table_rows, max_table_rows)
    return [row() for _ in range(count)]


def sample_value(info: FieldInfo, *, rows: int = 3, max_table_rows: int = 5000):
    """Return a valid value for field ``info`` (None for computed fields, which are never entered)."""
    if info.type == "text":
        return _text(info.max_length)
    if info.type == "number":
        return sample_number(info.minimum, info.maximum, info.integer)
    if info.type == "choice":
        return [info.options[0].value] if info.multiple else info.options[0].value
    if info.type == "boolean":
        return True
    if info.type == "date":
        return SAMPLE_DATE
    if info.type == "file":
        return dict(SAMPLE_FILE)
    if info.type == "table":
        return _table(info, rows, max_table_rows)
    return None


def sample_data(compiled: CompiledForm, *, rows: int = 3) -> dict:
    """Return a complete submission of ``compiled`` with every field filled and ``rows`` rows per free table."""
    data: dict = {}
    for info in compiled.fields.values():
        value = sample_value(info, rows=rows, max_table_rows=compiled.limits.max_table_rows)
        if value is None:
            continue
        target = data
        for part in info.path[:-1]:
            target = target.setdefault(part, {})
        target[info.key] = value
    return data
