"""The early-warning page (/canh-bao/): what needs attention in the user's units for a period."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from hierarchy.selectors import units_visible_to

from . import selectors
from .forms import WarningQuery
from .rendering import render


def _now():
    """Return the moment warnings are computed for (a function, so that tests can set the date)."""
    return timezone.now()


@login_required
def index(request):
    now = _now()
    periods, kpi_sets = selectors.periods_for_choice(), selectors.kpi_sets_with_targets()
    query = WarningQuery(request.GET or None, periods=periods, kpi_sets=kpi_sets)
    context = {"form": query, "warnings": None}
    if request.GET and not query.is_valid():
        return render(request, "early_warning/index.html", context, status=400)
    asked = query.cleaned_data if query.is_bound else {}
    period = (next(p for p in periods if p.pk == asked["ky"]) if asked.get("ky")
              else selectors.default_period(periods=periods, today=timezone.localdate(now)))
    kpi_set = next((d for d in kpi_sets if d.code == asked.get("bo")), None)
    if period is not None:
        context["warnings"] = selectors.early_warnings(units=units_visible_to(user=request.user), period=period,
                                                       now=now, kpi_set_id=kpi_set.pk if kpi_set else None)
    context.update(period=period, kpi_set=kpi_set)
    return render(request, "early_warning/index.html", context)
