"""Reads the API needs besides :mod:`indicators.selectors`: indicators of a KPI set, periods, a unit.

Scoping is never decided here: views ask :mod:`hierarchy.selectors`.
"""
from __future__ import annotations

from django.db.models import F, Q, QuerySet

from formbuilder.selectors import definition_by_code
from hierarchy.models import Unit

from ..models import Indicator, IndicatorPeriod


class UnknownKpiSet(LookupError):
    """No form definition has the KPI set code asked for."""


def kpi_set_of(indicator: Indicator) -> str | None:
    """Return the code of the form (bộ chỉ tiêu) an indicator reads from; a ratio's is its numerator's."""
    if indicator.definition_id:
        return indicator.definition.code
    numerator = indicator.numerator
    return numerator.definition.code if numerator is not None and numerator.definition_id else None


def indicators_listed(*, kpi_set: str | None = None) -> list[Indicator]:
    """Return the active indicators, in display order, with their targets and forms (one query).

    With ``kpi_set`` (a form definition's code) only that form's indicators and the ratios built on
    them; an unknown code raises :class:`UnknownKpiSet` (one more query, only when nothing matched).
    """
    qs = (Indicator.objects.filter(is_active=True)
          .select_related("target", "definition", "numerator__definition"))
    if kpi_set:
        # Codes are stored upper-case and looked up in any case (formbuilder.selectors.definition_by_code).
        qs = qs.filter(Q(definition__code__iexact=kpi_set)
                       | Q(definition__isnull=True, numerator__definition__code__iexact=kpi_set))
    found = list(qs)
    if kpi_set and not found and definition_by_code(code=kpi_set) is None:
        raise UnknownKpiSet(kpi_set)
    return found


def kpi_set_definition_id(*, code: str) -> int:
    """Return the id of the form definition with ``code`` or raise :class:`UnknownKpiSet` (one query)."""
    found = definition_by_code(code=code)
    if found is None:
        raise UnknownKpiSet(code)
    return found.pk


def periods_listed() -> QuerySet[IndicatorPeriod]:
    """Return every period, the latest first (periods without dates last)."""
    return IndicatorPeriod.objects.order_by(F("starts_on").desc(nulls_last=True), "-ends_on", "key")


def unit_by_id(*, unit_id: int) -> Unit | None:
    """Return the unit with id ``unit_id`` (one query), or None."""
    return Unit.objects.filter(pk=unit_id).first()
