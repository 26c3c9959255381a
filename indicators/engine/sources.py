"""Where an indicator's value comes from in a submission, and how it is read (plain data).

A source names a field by its stable key, so it follows the field across form versions.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from formbuilder.engine.compute import compute_values, is_filled, read_path, table_rows
from formbuilder.engine.model import CompiledForm, FieldInfo
from formbuilder.engine.tree import NUMERIC_COLUMN_TYPES


class SourceKind(StrEnum):
    NUMBER = "number"
    YES_NO = "yes_no"
    CHOICE = "choice"
    COLUMN_SUM = "column_sum"
    ROW_COUNT = "row_count"

    @property
    def label_vi(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    SourceKind.NUMBER: "Trường số hoặc chỉ tiêu tính toán",
    SourceKind.YES_NO: "Trường có/không (có = 1, không = 0)",
    SourceKind.CHOICE: "Trường lựa chọn (chọn giá trị đã nêu = 1, khác = 0)",
    SourceKind.COLUMN_SUM: "Tổng một cột của bảng",
    SourceKind.ROW_COUNT: "Số dòng có dữ liệu của bảng",
}

# Field (or column) types each kind of source may read.
FIELD_TYPES = {
    SourceKind.NUMBER: frozenset({"number", "computed"}),
    SourceKind.YES_NO: frozenset({"boolean"}),
    SourceKind.CHOICE: frozenset({"choice"}),
    SourceKind.COLUMN_SUM: frozenset({"table"}),
    SourceKind.ROW_COUNT: frozenset({"table"}),
}
SUMMABLE_COLUMN_TYPES = NUMERIC_COLUMN_TYPES | {"boolean"}


@dataclass(frozen=True)
class Source:
    """One indicator's source: ``field_key`` (and ``column_key`` or ``choice_value``) in a definition."""

    indicator: object
    kind: SourceKind
    field_key: str
    column_key: str = ""
    choice_value: str = ""


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _column_sum(info: FieldInfo, column_key: str, data) -> float | None:
    column = info.column(column_key)
    if column is None:
        return None
    total, seen = 0.0, False
    for row in table_rows(info, read_path(data, info.path)):
        cell = row.get(column_key)
        number = (1.0 if cell else 0.0) if isinstance(cell, bool) else _number(cell)
        if number is not None:
            total, seen = total + number, True
    return total if seen else None


def read_source(source: Source, compiled: CompiledForm, data, computed: Mapping[str, object]) -> float | None:
    """Return the value ``source`` reads from ``data`` (None when the field is absent or empty)."""
    info = compiled.fields.get(source.field_key)
    if info is None or info.type not in FIELD_TYPES[source.kind]:
        return None
    if info.type == "computed":
        return _number(computed.get(info.key))
    raw = read_path(data, info.path)
    if source.kind is SourceKind.NUMBER:
        return _number(raw)
    if source.kind is SourceKind.YES_NO:
        return (1.0 if raw else 0.0) if isinstance(raw, bool) else None
    if source.kind is SourceKind.CHOICE:
        if not is_filled(raw):
            return None
        chosen = raw if isinstance(raw, list) else [raw]
        return 1.0 if source.choice_value in chosen else 0.0
    if source.kind is SourceKind.COLUMN_SUM:
        return _column_sum(info, source.column_key, data)
    rows = table_rows(info, raw)
    filled = sum(1 for row in rows if any(is_filled(v) for v in row.values()))
    return float(filled) if raw is not None else None


def extract_values(compiled: CompiledForm, data, sources: Iterable[Source]) -> dict[object, float]:
    """Return {indicator: value} for every source that finds a value in submission ``data``."""
    sources = list(sources)
    needs_formulas = any(compiled.fields.get(s.field_key) is not None
                         and compiled.fields[s.field_key].type == "computed" for s in sources)
    computed = compute_values(compiled, data) if needs_formulas else {}
    values = {}
    for source in sources:
        value = read_source(source, compiled, data, computed)
        if value is not None:
            values[source.indicator] = value
    return values
