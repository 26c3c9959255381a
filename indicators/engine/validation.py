"""Every problem of an indicator's configuration, in Vietnamese, with the check id it maps to.

Used by the model's ``clean`` (the admin refuses the form) and by the system checks
(``indicators.E001`` …) that report broken configuration at start-up.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from formbuilder.engine.model import FieldInfo

from .rules import COMPARATORS, Aggregation
from .sources import FIELD_TYPES, SOURCE_LABELS, SUMMABLE_COLUMN_TYPES, SourceKind

PERCENT = "%"
VALUE_TYPES = ("integer", "decimal", "percent", "boolean")
# Check ids: what kind of configuration error each problem is.
MISSING_SOURCE = "E001"
WRONG_SOURCE_TYPE = "E002"
BAD_RATIO = "E003"
MIXED_UNITS = "E004"
BAD_TARGET = "E005"
BAD_CONDITION = "E006"


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class RatioPart:
    """What a ratio needs to know of its numerator or denominator indicator."""

    code: str
    unit: str
    aggregation: str
    has_source: bool


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator's configuration as plain data (built from the model by the adapter)."""

    code: str
    unit: str
    value_type: str
    aggregation: str
    source_kind: str = ""
    definition: str | None = None
    definition_published: bool = False
    field_key: str = ""
    column_key: str = ""
    choice_value: str = ""
    numerator: RatioPart | None = None
    denominator: RatioPart | None = None
    factor: float | None = 1.0
    condition_op: str = ""
    condition_value: float | None = None


def _source_unit(info: FieldInfo, spec: IndicatorSpec) -> str | None:
    if spec.source_kind == SourceKind.COLUMN_SUM:
        column = info.column(spec.column_key)
        return column.unit if column else None
    if spec.source_kind == SourceKind.NUMBER:
        return info.unit
    return None  # yes/no, choice and row counts are counts: any unit of measure fits


def _source_problems(spec: IndicatorSpec, fields: Mapping[str, FieldInfo] | None) -> list[Problem]:
    if not spec.definition:
        return [Problem(MISSING_SOURCE, "definition", "Cần chọn biểu mẫu nguồn của chỉ tiêu.")]
    if spec.source_kind not in set(SourceKind):
        return [Problem(WRONG_SOURCE_TYPE, "source_kind", "Cần chọn cách lấy giá trị từ biểu mẫu.")]
    kind = SourceKind(spec.source_kind)
    if not spec.field_key:
        return [Problem(MISSING_SOURCE, "field_key", "Cần nhập mã trường nguồn.")]
    if fields is None or not spec.definition_published:
        return [Problem(MISSING_SOURCE, "definition",
                        f"Biểu mẫu “{spec.definition}” chưa có phiên bản ban hành, không lấy được trường nguồn.")]
    info = fields.get(spec.field_key)
    if info is None:
        return [Problem(MISSING_SOURCE, "field_key",
                        f"Biểu mẫu “{spec.definition}” không có trường “{spec.field_key}”.")]
    if info.type not in FIELD_TYPES[kind]:
        return [Problem(WRONG_SOURCE_TYPE, "source_kind",
                        f"Trường “{spec.field_key}” có kiểu “{info.type}”, không dùng được cho cách lấy "
                        f"“{SOURCE_LABELS[kind]}”.")]
    problems = []
    if kind is SourceKind.COLUMN_SUM:
        column = info.column(spec.column_key) if spec.column_key else None
        if column is None:
            problems.append(Problem(MISSING_SOURCE, "column_key",
                                    f"Bảng “{spec.field_key}” không có cột “{spec.column_key}”."))
        elif column.type not in SUMMABLE_COLUMN_TYPES:
            problems.append(Problem(WRONG_SOURCE_TYPE, "column_key",
                                    f"Cột “{spec.column_key}” có kiểu “{column.type}”, không cộng được."))
    if kind is SourceKind.CHOICE and spec.choice_value not in {o.value for o in info.options}:
        problems.append(Problem(MISSING_SOURCE, "choice_value",
                                f"Trường “{spec.field_key}” không có lựa chọn “{spec.choice_value}”."))
    unit = _source_unit(info, spec) if not problems else None
    uses_source_unit = spec.aggregation in (Aggregation.SUM, Aggregation.AVERAGE, Aggregation.MIN,
                                            Aggregation.MAX, Aggregation.LAST)
    if uses_source_unit and unit and spec.unit and unit != spec.unit:
        problems.append(Problem(MIXED_UNITS, "unit_of_measure",
                                f"Đơn vị tính “{spec.unit}” khác đơn vị tính của trường nguồn “{spec.field_key}” "
                                f"(“{unit}”); không được trộn đơn vị tính."))
    return problems


def _ratio_problems(spec: IndicatorSpec) -> list[Problem]:
    problems = []
    for name, part, label in (("numerator", spec.numerator, "tử số"), ("denominator", spec.denominator, "mẫu số")):
        if part is None:
            problems.append(Problem(BAD_RATIO, name, f"Quy tắc tỷ lệ cần chọn chỉ tiêu {label}."))
        elif part.code == spec.code:
            problems.append(Problem(BAD_RATIO, name, f"Chỉ tiêu {label} không được là chính chỉ tiêu này."))
        elif part.aggregation == Aggregation.RATIO or not part.has_source:
            problems.append(Problem(BAD_RATIO, name, f"Chỉ tiêu {label} “{part.code}” phải lấy giá trị trực tiếp "
                                                     "từ biểu mẫu (không phải một tỷ lệ khác)."))
    if spec.numerator and spec.denominator and spec.numerator.code == spec.denominator.code:
        problems.append(Problem(BAD_RATIO, "denominator", "Tử số và mẫu số phải là hai chỉ tiêu khác nhau."))
    if spec.factor is None or spec.factor == 0:
        problems.append(Problem(BAD_RATIO, "factor", "Hệ số của tỷ lệ phải khác 0 (thường là 100 cho %)."))
    num, den = spec.numerator, spec.denominator
    if num and den and num.unit and den.unit and num.unit != den.unit and spec.unit == PERCENT:
        problems.append(Problem(MIXED_UNITS, "denominator",
                                f"Tỷ lệ phần trăm cần tử số và mẫu số cùng đơn vị tính (“{num.unit}” và “{den.unit}”)."))
    if spec.definition or spec.field_key:
        problems.append(Problem(BAD_RATIO, "field_key", "Chỉ tiêu tỷ lệ tính từ tử số và mẫu số, không lấy trực tiếp "
                                                        "từ trường của biểu mẫu; hãy bỏ trống biểu mẫu và trường nguồn."))
    return problems


def indicator_problems(spec: IndicatorSpec, fields: Mapping[str, FieldInfo] | None) -> list[Problem]:
    """Return every problem of ``spec``; ``fields`` are those of the source definition's published version."""
    problems: list[Problem] = []
    if spec.aggregation not in set(Aggregation):
        return [Problem(BAD_RATIO, "aggregation", f"Quy tắc tổng hợp “{spec.aggregation}” không tồn tại.")]
    if spec.value_type not in VALUE_TYPES:
        problems.append(Problem(WRONG_SOURCE_TYPE, "value_type", f"Kiểu giá trị “{spec.value_type}” không tồn tại."))
    if spec.aggregation == Aggregation.RATIO:
        problems.extend(_ratio_problems(spec))
    else:
        problems.extend(_source_problems(spec, fields))
        if spec.numerator or spec.denominator:
            problems.append(Problem(BAD_RATIO, "numerator", "Chỉ quy tắc tỷ lệ mới dùng tử số và mẫu số."))
    if spec.aggregation == Aggregation.SHARE:
        if spec.condition_op not in COMPARATORS or spec.condition_value is None:
            problems.append(Problem(BAD_CONDITION, "condition_op", "Quy tắc tỷ lệ đơn vị đạt cần điều kiện: phép so "
                                                                   "sánh (≥, ≤, =, >, <) và ngưỡng."))
        if spec.unit and spec.unit != PERCENT:
            problems.append(Problem(MIXED_UNITS, "unit_of_measure",
                                    f"Tỷ lệ đơn vị đạt tính bằng %, không phải “{spec.unit}”."))
    elif spec.condition_op or spec.condition_value is not None:
        problems.append(Problem(BAD_CONDITION, "condition_op",
                                "Điều kiện chỉ dùng cho quy tắc “Tỷ lệ đơn vị đạt điều kiện”; hãy bỏ trống."))
    if spec.value_type == "boolean" and spec.aggregation not in (Aggregation.MIN, Aggregation.MAX, Aggregation.LAST):
        problems.append(Problem(WRONG_SOURCE_TYPE, "value_type",
                                "Giá trị có/không chỉ tổng hợp được bằng nhỏ nhất, lớn nhất hoặc giá trị sau cùng; "
                                "muốn đếm hay tính tỷ lệ, hãy chọn kiểu số hoặc tỷ lệ."))
    return problems
