"""The read-only JSON API (/api/v1/): periods, indicators, a unit's values and completeness.

Each view parses its parameters, checks the unit lies in the user's scope (hierarchy selectors),
calls selectors and returns a dict; :func:`http.api_view` makes it JSON. The document at
``openapi.json`` (:mod:`.openapi`) describes every answer; tests validate real answers against it.
"""
from __future__ import annotations

from django.http import HttpRequest

from hierarchy.models import Unit
from hierarchy.selectors import user_can_see_unit

from .. import selectors as indicator_selectors
from ..models import IndicatorPeriod
from . import selectors, serializers
from .http import ApiError, api_view, int_param, page_envelope, page_request
from .openapi import document


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = selectors.unit_by_id(unit_id=unit_id)
    if unit is None:
        raise ApiError(404, "not_found", f"Không có đơn vị mã số {unit_id}.")
    if not user_can_see_unit(user=request.user, unit=unit):
        raise ApiError(403, "forbidden", "Đơn vị này không thuộc phạm vi đơn vị của bạn.")
    return unit


def _period(request: HttpRequest) -> IndicatorPeriod:
    period_id = int_param(request, "period", required=True)
    period = IndicatorPeriod.objects.filter(pk=period_id).first()
    if period is None:
        raise ApiError(400, "bad_request", f"Không có kỳ chỉ tiêu mã số {period_id}.")
    return period


def _kpi_set(request: HttpRequest) -> str | None:
    return request.GET.get("bo", "").strip() or None


def _indicators(request: HttpRequest):
    code = _kpi_set(request)
    try:
        return selectors.indicators_listed(kpi_set=code)
    except selectors.UnknownKpiSet:
        raise ApiError(400, "bad_request", f"Không có bộ chỉ tiêu (biểu mẫu) mã “{code}”.") from None


@api_view
def periods(request):
    """GET /api/v1/periods/ — every indicator period, the latest first."""
    asked = page_request(request)
    qs = selectors.periods_listed()
    return page_envelope(request, asked, qs.count(), [serializers.period_json(p) for p in qs[asked.offset:asked.stop]])


@api_view
def indicators(request):
    """GET /api/v1/indicators/?bo= — active indicators (of one KPI set) with their targets."""
    asked = page_request(request)
    found = _indicators(request)
    page = found[asked.offset:asked.stop]
    return page_envelope(request, asked, len(found), [serializers.indicator_json(i, selectors.kpi_set_of(i))
                                                      for i in page])


@api_view
def unit_values(request, unit_id: int):
    """GET /api/v1/units/<id>/values/?period=&bo= — the unit's value of each indicator for a period."""
    unit, period, asked = _unit(request, unit_id), _period(request), page_request(request)
    listed = _indicators(request)
    page = listed[asked.offset:asked.stop]
    row = indicator_selectors.unit_values(unit=unit, period=period, indicator_ids=[i.pk for i in page])
    return {"unit": serializers.unit_json(unit), "period": serializers.period_json(period),
            **page_envelope(request, asked, len(listed),
                            [serializers.cell_json(i, row.cells.get(i.pk)) for i in page])}


@api_view
def children_values(request, unit_id: int):
    """GET /api/v1/units/<id>/children/values/?period=&bo= — each child's values, a page of children."""
    unit, period, asked = _unit(request, unit_id), _period(request), page_request(request)
    listed = _indicators(request)
    children = unit.get_children()
    page = list(children[asked.offset:asked.stop])
    rows = indicator_selectors.unit_rows(units=page, period=period, indicator_ids=[i.pk for i in listed])
    results = [{"unit": serializers.unit_json(row.unit),
                "values": [serializers.cell_json(i, row.cells.get(i.pk)) for i in listed]} for row in rows]
    return {"unit": serializers.unit_json(unit), "period": serializers.period_json(period),
            "indicators": [serializers.indicator_json(i, selectors.kpi_set_of(i)) for i in listed],
            **page_envelope(request, asked, unit.numchild, results)}


@api_view
def completeness(request, unit_id: int):
    """GET /api/v1/units/<id>/completeness/?period=&bo= — expected, submitted, on time, late, missing."""
    unit, period, asked = _unit(request, unit_id), _period(request), page_request(request)
    code = _kpi_set(request)
    try:
        definition_id = selectors.kpi_set_definition_id(code=code) if code else None
    except selectors.UnknownKpiSet:
        raise ApiError(400, "bad_request", f"Không có bộ chỉ tiêu (biểu mẫu) mã “{code}”.") from None
    total = indicator_selectors.completeness(unit=unit, period=period, definition_id=definition_id)
    by_child = indicator_selectors.completeness_by_child(unit=unit, period=period, definition_id=definition_id)
    results = [{"unit": serializers.unit_json(child), "completeness": serializers.completeness_json(c)}
               for child, c in by_child[asked.offset:asked.stop]]
    return {"unit": serializers.unit_json(unit), "period": serializers.period_json(period), "kpi_set": code,
            "total": serializers.completeness_json(total), **page_envelope(request, asked, len(by_child), results)}


@api_view(public=True)
def openapi(request):
    """GET /api/v1/openapi.json — the OpenAPI 3.1 description of this API."""
    return document()
