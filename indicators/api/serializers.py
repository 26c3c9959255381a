"""Plain dicts of the API's answers, built from models and selector dataclasses (no queries here).

Numbers stay JSON numbers; each value also comes as Vietnamese text (``value_display``), where a
value that cannot be computed (a division by zero, nothing reported) is "không xác định".
"""
from __future__ import annotations

from hierarchy.models import Unit

from ..engine.completeness import Completeness
from ..engine.rules import UNDEFINED_VI, format_value
from ..engine.targets import Status
from ..models import Indicator, IndicatorPeriod, Target
from ..selectors import Cell

DASHBOARD_PATH = "/chi-tieu/{unit_id}/"


def unit_json(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "depth": unit.depth,
            "has_children": unit.numchild > 0, "dashboard_url": DASHBOARD_PATH.format(unit_id=unit.pk)}


def period_json(period: IndicatorPeriod) -> dict:
    return {"id": period.pk, "key": period.key, "label": period.label,
            "starts_on": period.starts_on.isoformat() if period.starts_on else None,
            "ends_on": period.ends_on.isoformat() if period.ends_on else None}


def target_json(target: Target | None) -> dict | None:
    if target is None:
        return None
    return {"direction": target.direction, "value": target.value, "green_threshold": target.green_threshold,
            "amber_threshold": target.amber_threshold, "baseline": target.baseline, "unit": target.unit,
            "display": str(target)}


def indicator_json(indicator: Indicator, kpi_set_code: str | None = None) -> dict:
    return {"id": indicator.pk, "code": indicator.code, "name": indicator.name,
            "description": indicator.description, "unit_of_measure": indicator.unit_of_measure,
            "value_type": indicator.value_type, "aggregation": indicator.aggregation,
            "aggregation_label": indicator.get_aggregation_display(), "period_combine": indicator.period_combine,
            "kpi_set": kpi_set_code, "target": target_json(getattr(indicator, "target", None))}


def value_display(value: float | None, unit_of_measure: str = "") -> str:
    """Return a value as Vietnamese text with its unit: "75,5 %", or "không xác định"."""
    if value is None:
        return UNDEFINED_VI
    return f"{format_value(value)} {unit_of_measure}".rstrip()


def _rate(rate: float | None) -> str:
    return value_display(rate, "%")


def cell_json(indicator: Indicator, cell: Cell | None) -> dict:
    """Return one indicator's value at a unit; a unit neither asked nor reporting has an empty cell."""
    value, reporting, expected = (cell.value, cell.reporting, cell.expected) if cell else (None, 0, 0)
    status = cell.status if cell else Status.UNKNOWN
    rate = cell.reporting_rate if cell else None
    return {"indicator_id": indicator.pk, "code": indicator.code, "name": indicator.name,
            "unit_of_measure": indicator.unit_of_measure, "value": value,
            "value_display": value_display(value, indicator.unit_of_measure), "reporting": reporting,
            "expected": expected, "reporting_rate": rate, "status": status.value, "status_label": status.label_vi}


def completeness_json(c: Completeness) -> dict:
    return {"expected": c.expected, "submitted": c.submitted, "on_time": c.on_time, "late": c.late,
            "missing": c.missing, "approved": c.approved, "submitted_rate": c.submitted_rate,
            "submitted_rate_display": _rate(c.submitted_rate), "on_time_rate": c.on_time_rate,
            "on_time_rate_display": _rate(c.on_time_rate), "approved_rate": c.approved_rate,
            "approved_rate_display": _rate(c.approved_rate)}
