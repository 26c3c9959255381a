"""Evaluate computed fields (chỉ tiêu tính toán) and table column totals over submission data."""
from __future__ import annotations

from .formula import evaluate, round_half_up
from .model import CompiledForm, FieldInfo
from .tree import NUMERIC_COLUMN_TYPES


def read_path(data, path: tuple[str, ...]):
    """Return the value at ``path`` in nested submission ``data``, or None if any step is missing."""
    value = data
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def is_filled(value) -> bool:
    """Return True unless ``value`` is missing or empty ("", [], {})."""
    return value is not None and value != "" and value != [] and value != {}


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def table_rows(info: FieldInfo, value) -> list[dict]:
    """Return the row objects of table ``info`` in order; a missing or malformed row becomes ``{}``."""
    if info.rows is not None:
        value = value if isinstance(value, dict) else {}
        return [value.get(row.key) if isinstance(value.get(row.key), dict) else {} for row in info.rows]
    return [row if isinstance(row, dict) else {} for row in value] if isinstance(value, list) else []


def _row_marker(row: dict):
    # count(table) counts rows with at least one filled cell; the marker is 1 for those.
    return 1 if any(is_filled(v) for v in row.values()) else None


def column_total(info: FieldInfo, column_key: str, data) -> int | float:
    """Return the sum of the numeric cells of one column; empty cells count as nothing."""
    cells = (_number(row.get(column_key)) for row in table_rows(info, read_path(data, info.path)))
    return sum(cell for cell in cells if cell is not None)


def compute_values(compiled: CompiledForm, data) -> dict[str, int | float | None]:
    """Return every table column total (``"bang.cot"``) and every computed field's value (None if undefined).

    Values stored in ``data`` for computed fields are ignored: they are always recomputed.
    """
    results: dict[str, int | float | None] = {}
    for info in compiled.fields.values():
        for column in info.columns:
            if column.total:
                results[f"{info.key}.{column.key}"] = column_total(info, column.key, data)
    computed: dict[str, int | float | None] = {}

    def lookup(parts: tuple[str, ...]):
        if parts[0] in computed:
            return computed[parts[0]]
        info = compiled.fields.get(parts[0])
        if info is None:
            return None
        value = read_path(data, info.path)
        if info.type == "table":
            return _table_lookup(info, parts, value)
        if len(parts) == 1:
            if info.type in ("number", "computed"):
                return _number(value)
            return 1 if is_filled(value) else None
        return None

    for key, formula in compiled.formulas.items():
        value = evaluate(formula.ast, lookup)
        if isinstance(value, bool):
            value = int(value)
        if value is not None and formula.decimals is not None:
            value = round_half_up(value, formula.decimals)
        computed[key] = value
    results.update(computed)
    return results


def _table_lookup(info: FieldInfo, parts: tuple[str, ...], value):
    rows = table_rows(info, value)
    if len(parts) == 1:
        return [_row_marker(row) for row in rows]
    column = info.column(parts[-1])
    if column is None:
        return None

    def cell(row):
        raw = row.get(column.key)
        if column.type in NUMERIC_COLUMN_TYPES:
            return _number(raw)
        return 1 if is_filled(raw) else None

    if len(parts) == 2:
        return [cell(row) for row in rows]
    keys = [row.key for row in info.rows or ()]
    return cell(rows[keys.index(parts[1])]) if parts[1] in keys else None
