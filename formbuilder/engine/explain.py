"""Turn jsonschema errors on submission data into Vietnamese, field-addressed FieldErrors."""
from __future__ import annotations

from dataclasses import dataclass

from .model import ColumnInfo, CompiledForm, FieldInfo, SectionInfo
from .schema import value_required


@dataclass(frozen=True)
class FieldError:
    """One problem of submission data, addressed to a field (or a table cell) with a Vietnamese message.

    ``row`` is the 0-based row index (free rows) or the index of the fixed row, ``row_key`` the
    fixed row's key; ``code`` is a stable machine word (required, type, minimum, enum, ...).
    """

    path: tuple
    key: str | None
    label: str
    message: str
    row: int | None = None
    column: str | None = None
    row_key: str | None = None
    code: str = "invalid"


def format_number(value) -> str:
    """Return ``value`` written the Vietnamese way: ``1.234.567,5``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _with_unit(value, unit: str | None) -> str:
    if not unit:
        return format_number(value)
    return format_number(value) + (unit if unit == "%" else f" {unit}")


@dataclass(frozen=True)
class _Target:
    """What the failing value is meant to be, whether a field or a table cell."""

    kind: str  # field/column type, or "section", "row", "root", "multi_choice"
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None


def _target(info: FieldInfo | ColumnInfo | SectionInfo | None, *, row_level: bool = False) -> _Target:
    if info is None or isinstance(info, SectionInfo):
        return _Target("section" if info else "root")
    if row_level:
        return _Target("row")
    if isinstance(info, ColumnInfo):
        return _Target(info.type, info.required, info.minimum, info.maximum, info.unit)
    kind = info.type
    if kind == "number" and info.integer:
        kind = "integer"
    elif kind == "choice" and info.multiple:
        kind = "multi_choice"
    return _Target(kind, value_required(info), info.minimum, info.maximum, info.unit)


_TYPE_MESSAGES = {
    "text": "phải là văn bản",
    "date": "không đúng định dạng ngày (dd/mm/yyyy)",
    "choice": "giá trị không nằm trong danh sách",
    "multi_choice": "phải là danh sách các lựa chọn",
    "boolean": "phải chọn Có hoặc Không",
    "file": "tệp đính kèm không hợp lệ",
    "table": "phải là bảng dữ liệu",
    "computed": "phải là số",
}


def _number_message(target: _Target) -> str:
    noun = "số nguyên" if target.kind == "integer" else "số"
    return f"phải là {noun} không âm" if target.minimum == 0 else f"phải là {noun}"


def describe(error, target: _Target) -> tuple[str, str]:
    """Return (code, Vietnamese text) for one jsonschema error on a value meant to be ``target``."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if target.kind == "file":
        return ("required", "bắt buộc nhập") if instance is None and target.required else ("file", _TYPE_MESSAGES["file"])
    if kind == "type":
        if instance is None and target.required:
            return "required", "bắt buộc nhập"
        if target.kind in ("integer", "number"):
            return "type", _number_message(target)
        return "type", _TYPE_MESSAGES.get(target.kind, "dữ liệu không đúng cấu trúc")
    if kind == "minimum":
        if target.minimum == 0 and target.kind in ("integer", "number"):
            return "minimum", _number_message(target)
        return "minimum", f"không được nhỏ hơn {_with_unit(expected, target.unit)}"
    if kind == "maximum":
        return "maximum", f"không được lớn hơn {_with_unit(expected, target.unit)}"
    if kind == "minLength":
        return "required", "bắt buộc nhập"
    if kind == "maxLength":
        return "max_length", f"dài quá {expected} ký tự"
    if kind == "enum":
        if instance is None and target.required:
            return "required", "bắt buộc nhập"
        return "enum", "giá trị không nằm trong danh sách"
    if kind == "format":
        return "format", "không đúng định dạng ngày (dd/mm/yyyy)"
    if kind == "uniqueItems":
        return "unique", "có phương án bị chọn trùng"
    if kind == "minItems":
        if target.kind == "multi_choice":
            return "required", "bắt buộc chọn ít nhất một phương án"
        if expected == 1 and target.required:
            return "required", "bắt buộc nhập ít nhất một dòng"
        return "min_rows", f"phải có ít nhất {expected} dòng"
    if kind == "maxItems":
        return "max_rows", f"không được quá {format_number(expected)} dòng"
    if kind == "additionalProperties":
        extra = ", ".join(f"“{k}”" for k in instance if k not in error.schema.get("properties", {}))
        where = {"table": "có dòng không thuộc bảng", "row": "có cột không thuộc bảng"}
        return "unknown", f"{where.get(target.kind, 'có trường không thuộc biểu mẫu')}: {extra}"
    return "invalid", "giá trị không hợp lệ"


_PRIORITY = {"required": 0, "type": 1}


class Explainer:
    """Maps the data path of an error to the field, row and column it concerns."""

    def __init__(self, compiled: CompiledForm):
        self.compiled = compiled
        self.by_path: dict[tuple, FieldInfo | SectionInfo] = {}
        for info in (*compiled.sections.values(), *compiled.fields.values()):
            self.by_path[info.path] = info

    def explain(self, errors) -> list[FieldError]:
        """Return one FieldError per failing value, in form order, for jsonschema ``errors``."""
        best: dict[tuple, tuple[int, int, FieldError, tuple]] = {}
        for error in errors:
            for field_error, sort_key in self._translate(error):
                rank = _PRIORITY.get(field_error.code, 2)
                kept = best.get(field_error.path)
                if kept is None or rank < kept[0]:
                    best[field_error.path] = (rank, len(best), field_error, sort_key)
        ordered = sorted(best.values(), key=lambda item: (item[3], item[1]))
        return [item[2] for item in ordered]

    def _translate(self, error):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            present = error.instance if isinstance(error.instance, dict) else {}
            for name in error.validator_value:
                if name not in present:
                    yield from self._missing(path + (name,))
            return
        yield self._error_at(path, error)

    def _locate(self, path: tuple):
        """Return (info, rest): the deepest known field or section on ``path`` and the parts below it."""
        info, depth = None, 0
        for index in range(1, len(path) + 1):
            found = self.by_path.get(path[:index])
            if found is None:
                break
            info, depth = found, index
            if isinstance(found, FieldInfo):
                break
        return info, path[depth:]

    def _error_at(self, path: tuple, error, *, code_text: tuple[str, str] | None = None):
        info, rest = self._locate(path)
        if isinstance(info, FieldInfo) and info.type == "table" and rest:
            return self._cell(info, rest, error, code_text)
        if isinstance(info, FieldInfo) and info.type == "choice" and rest and code_text is None:
            # Any fault inside a multiple choice's list is a value outside the options.
            code_text = ("enum", "giá trị không nằm trong danh sách")
        code, text = code_text or describe(error, _target(info))
        if info is None:
            label, key, order, where = self.compiled.title, None, 0, ()
        else:
            label, key, order, where = info.title if isinstance(info, SectionInfo) else info.label, info.key, info.order, info.path
        return FieldError(path=where, key=key, label=label, message=f"{label}: {text}", code=code), (order, -1, -1)

    def _cell(self, info: FieldInfo, rest: tuple, error, code_text):
        row_part = rest[0]
        if info.rows is not None:
            row_keys = [row.key for row in info.rows]
            row_index = row_keys.index(row_part) if row_part in row_keys else None
            row_name = info.rows[row_index].label if row_index is not None else str(row_part)
            row_key = row_part if row_index is not None else None
        else:
            row_index = row_part if isinstance(row_part, int) else None
            row_name = f"dòng {row_part + 1}" if isinstance(row_part, int) else str(row_part)
            row_key = None
        column = info.column(rest[1]) if len(rest) > 1 else None
        if column is None:
            label = f"{info.label} › {row_name}"
            code, text = code_text or describe(error, _target(info, row_level=True))
            where, column_index = info.path + (row_part,), -1
        else:
            label = f"{info.label} › {row_name} › {column.label}"
            code, text = code_text or describe(error, _target(column))
            where, column_index = info.path + (row_part, column.key), info.columns.index(column)
        field_error = FieldError(path=where, key=info.key, label=label, message=f"{label}: {text}",
                                 row=row_index, column=column.key if column else None, row_key=row_key,
                                 code=code)
        return field_error, (info.order, row_index if row_index is not None else -1, column_index)

    def _missing(self, path: tuple):
        """Yield a "bắt buộc nhập" error for each required value that a missing key leaves out."""
        required = ("required", "bắt buộc nhập")
        info, rest = self._locate(path)
        if isinstance(info, SectionInfo) and not rest:
            for field in self.compiled.fields.values():
                if field.path[:len(path)] == path and value_required(field):
                    yield from self._missing(field.path)
        elif isinstance(info, FieldInfo) and info.type == "table" and info.rows is not None and len(rest) == 1:
            for column in info.columns:
                if column.required:
                    yield self._cell(info, rest + (column.key,), None, required)
        elif isinstance(info, FieldInfo) and info.type == "file" and rest:
            yield self._error_at(path[:-1], None, code_text=("file", _TYPE_MESSAGES["file"]))
        else:
            yield self._error_at(path, None, code_text=required)
