"""Turn a KPI set definition (bộ chỉ tiêu) into indicators and targets, reading its ``target`` attributes.

Each computed field becomes an indicator:

- ``a / b * k`` (and ``sum(bang.cot) / count(bang) * k``) is a ratio of sums: the numerator and
  denominator become summed indicators of their own, so that a province's rate is Σ done ÷ Σ total,
  not an average of its communes' rates;
- with ``share_of_units`` (seed 004), a ratio whose target asks for all of them ("100% cấp ủy ban hành
  Quyết định phân công") is the share of units meeting it instead (issue 5 names this rule): a unit
  meets when its own computed rate reaches the target, and a province's value is the percentage of
  its reporting units that do. Its numerator and denominator are still loaded, as sums;
- any other formula is read as the computed value itself: the lowest unit value for a plain
  reference (the target, e.g. "ít nhất 1 lần/năm", holds for every unit), the average otherwise.

The rule is data: an administrator may change it afterwards in the admin.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from baocao_site.audit.services import audit_record
from formbuilder.engine.formula import Binary, Call, Num, Ref, parse_formula
from formbuilder.engine.model import FieldInfo
from formbuilder.models import FormDefinition
from formbuilder.selectors import compiled_form

from .engine.rules import Aggregation
from .engine.sources import SourceKind
from .engine.targets import target_problems
from .models import Indicator, Target, ValueType


@dataclass(frozen=True)
class _Operand:
    code_suffix: str
    name: str
    kind: SourceKind
    field_key: str
    column_key: str
    unit: str
    integer: bool


@dataclass(frozen=True)
class KpiSetLoad:
    indicators: int
    targets: int


def _operand(tree, fields: dict[str, FieldInfo]) -> _Operand | None:
    """Return the summable source a formula operand names, or None."""
    if isinstance(tree, Ref) and len(tree.parts) == 1:
        info = fields.get(tree.parts[0])
        if info is not None and info.type == "number":
            return _Operand(info.key, info.label, SourceKind.NUMBER, info.key, "", info.unit or "", info.integer)
    if isinstance(tree, Call) and len(tree.args) == 1 and isinstance(tree.args[0], Ref):
        parts = tree.args[0].parts
        info = fields.get(parts[0])
        if info is None or info.type != "table":
            return None
        if tree.name == "sum" and len(parts) == 2 and info.column(parts[1]) is not None:
            column = info.column(parts[1])
            return _Operand(f"{info.key}.{column.key}", f"{info.label}: tổng cột “{column.label}”",
                            SourceKind.COLUMN_SUM, info.key, column.key, column.unit or "", column.type == "integer")
        if tree.name == "count" and len(parts) == 1:
            return _Operand(f"{info.key}.so_dong", f"{info.label}: số dòng", SourceKind.ROW_COUNT, info.key, "", "",
                            True)
    return None


def _ratio_parts(tree, fields):
    """Return (numerator, denominator, factor) when ``tree`` is ``x / y`` or ``x / y * k``, else None."""
    factor = 1.0
    if isinstance(tree, Binary) and tree.op == "*" and isinstance(tree.right, Num):
        tree, factor = tree.left, float(tree.right.value)
    if not (isinstance(tree, Binary) and tree.op == "/"):
        return None
    num, den = _operand(tree.left, fields), _operand(tree.right, fields)
    return (num, den, factor) if num and den else None


def _save(code: str, **fields) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first() or Indicator(code=code)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


def _base(definition: FormDefinition, operand: _Operand, order: int) -> Indicator:
    return _save(f"{definition.code}/{operand.code_suffix}", name=operand.name, unit_of_measure=operand.unit,
                 value_type=ValueType.INTEGER if operand.integer else ValueType.DECIMAL, definition=definition,
                 source_kind=operand.kind.value, field_key=operand.field_key, column_key=operand.column_key,
                 aggregation=Aggregation.SUM.value, order=order)


def _asks_for_all(target, factor: float) -> bool:
    """Return True when a ratio's target is "≥ all of them" (≥ 100 % for a percentage)."""
    return target is not None and target.direction == ">=" and float(target.value) == factor


@transaction.atomic
def kpi_set_load(*, definition: FormDefinition, share_of_units: bool = False, acting_user=None) -> KpiSetLoad:
    """Create or update the indicators and targets of a published KPI set; return the counts.

    ``share_of_units``: load the set's "100% of …" ratios as the share of units meeting the target.

    Refused as a whole (ValidationError listing every problem) when a target does not fit.
    """
    version = definition.published_version()
    if version is None:
        raise ValidationError(f"Bộ chỉ tiêu “{definition.code}” chưa có phiên bản ban hành.")
    fields = compiled_form(version=version).fields
    problems: list[str] = []
    created, targets = 0, 0
    for order, info in enumerate(sorted((f for f in fields.values() if f.type == "computed"),
                                        key=lambda f: f.order), start=1):
        parts = _ratio_parts(parse_formula(info.formula), fields)
        percent = info.unit == "%"
        value_type = ValueType.PERCENT if percent else ValueType.DECIMAL
        if parts and share_of_units and _asks_for_all(info.target, parts[2]):
            num, den, _factor = parts
            _base(definition, num, order * 10 + 1)
            _base(definition, den, order * 10 + 2)
            indicator = _save(
                f"{definition.code}/{info.key}", name=info.label, unit_of_measure=info.unit or "",
                value_type=value_type, definition=definition, source_kind=SourceKind.NUMBER.value,
                field_key=info.key, column_key="", aggregation=Aggregation.SHARE.value, numerator=None,
                denominator=None, factor=1.0, condition_op=info.target.direction,
                condition_value=float(info.target.value), order=order * 10)
            created += 3
        elif parts:
            num, den, factor = parts
            indicator = _save(
                f"{definition.code}/{info.key}", name=info.label, unit_of_measure=info.unit or "",
                value_type=value_type, definition=None, source_kind="", field_key="", aggregation=Aggregation.RATIO.value,
                numerator=_base(definition, num, order * 10 + 1), denominator=_base(definition, den, order * 10 + 2),
                factor=factor, condition_op="", condition_value=None, order=order * 10)
            created += 3
        else:
            plain = isinstance(parse_formula(info.formula), Ref)
            indicator = _save(
                f"{definition.code}/{info.key}", name=info.label, unit_of_measure=info.unit or "",
                value_type=value_type, definition=definition, source_kind=SourceKind.NUMBER.value,
                field_key=info.key, aggregation=(Aggregation.MIN if plain else Aggregation.AVERAGE).value,
                numerator=None, denominator=None, condition_op="", condition_value=None, order=order * 10)
            created += 1
        if info.target is None:
            continue
        raw = {"direction": info.target.direction, "value": info.target.value, "baseline": info.target.baseline,
               "unit": info.target.unit}
        found = target_problems(raw, value_type=indicator.value_type, unit=indicator.unit_of_measure)
        if found:
            problems += [f"{info.key}: {message}" for _field, message in found]
            continue
        Target.objects.update_or_create(indicator=indicator, defaults={
            "direction": info.target.direction, "value": info.target.value, "baseline": info.target.baseline,
            "unit": info.target.unit or "", "source": info.target.source or ""})
        targets += 1
    if problems:
        raise ValidationError([f"Bộ chỉ tiêu “{definition.code}”: {p}" for p in problems])
    audit_record(actor=acting_user, action="indicators.kpi_set_load", obj=definition,
                 changes={"indicators": created, "targets": targets})
    return KpiSetLoad(indicators=created, targets=targets)
