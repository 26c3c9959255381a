"""Dashboard pages (under /chi-tieu/): choose a unit, show its indicators, download what is shown.

Each view parses the request, calls the selectors, renders. Scope: hierarchy.selectors decides
which units a user may see; anything else is refused in Vietnamese, or English once chosen (404 unknown,
403 outside scope).
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext

from hierarchy.models import Unit
from hierarchy.selectors import user_can_see_unit

from . import export, selectors
from .forms import DashboardQuery
from .presentation import page_of
from .rendering import render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Refused(Exception):
    """A request the dashboard cannot answer: the HTTP status, a title and messages in the user's language."""

    def __init__(self, status: int, title: str, messages: list[str], back: str | None = None):
        super().__init__(title)
        self.status, self.title, self.messages, self.back = status, title, messages, back


def _refused(request, refused: Refused) -> HttpResponse:
    return render(request, "dashboard/refused.html", {"refused": refused}, status=refused.status)


@login_required
def index(request):
    """Send the user to the dashboard of the highest unit they may see."""
    unit = selectors.top_unit_of(user=request.user)
    if unit is None:
        return _refused(request, Refused(403, gettext("Chưa có đơn vị"), [
            gettext("Tài khoản của bạn chưa thuộc đơn vị nào nên chưa có bảng chỉ tiêu để xem. "
                    "Hãy liên hệ quản trị đơn vị của bạn.")]))
    return redirect("dashboard:unit", unit_id=unit.pk)


def _query_errors(query: DashboardQuery) -> list[str]:
    """Return the query's errors in the user's language.

    The form's messages are written in Vietnamese; each is looked up in the catalogue before its value
    is filled in (the same entries as the early-warning page's form), so English mode reads English.
    """
    found = []
    for errors in query.errors.as_data().values():
        for error in errors:
            message = gettext(str(error.message))
            found.append(message % error.params if error.params else message)
    return found


def _dashboard(request, unit_id: int) -> selectors.Dashboard:
    unit = Unit.objects.select_related("level").filter(pk=unit_id).first()
    if unit is None:
        raise Refused(404, gettext("Không tìm thấy đơn vị"),
                      [gettext("Không có đơn vị mã số %(id)s.") % {"id": unit_id}], back=reverse("dashboard:index"))
    if not user_can_see_unit(user=request.user, unit=unit):
        raise Refused(403, gettext("Không có quyền xem"), [
            gettext("Đơn vị này nằm ngoài phạm vi bạn được xem, nên bạn không xem được bảng chỉ tiêu của đơn vị.")],
            back=reverse("dashboard:index"))
    periods, indicators = selectors.all_periods(), selectors.active_indicators()
    kpi_sets = selectors.kpi_sets_of(indicators)
    query = DashboardQuery(request.GET, periods=periods, kpi_sets=kpi_sets)
    if not query.is_valid():
        raise Refused(400, gettext("Lựa chọn không hợp lệ"), _query_errors(query),
                      back=reverse("dashboard:unit", args=[unit.pk]))
    chosen = query.cleaned_data["ky"]
    period = (next(p for p in periods if p.pk == chosen) if chosen is not None
              else selectors.latest_period_with_data(unit=unit) or (periods[-1] if periods else None))
    if period is None:
        raise Refused(404, gettext("Chưa có số liệu"), [gettext("Chưa có kỳ báo cáo nào có số liệu chỉ tiêu.")])
    kpi_set = next((s for s in kpi_sets if s.code == query.cleaned_data["bo"]), None)
    return selectors.dashboard_for(user=request.user, unit=unit, period=period, periods=periods,
                                   indicators=indicators, kpi_set=kpi_set)


def _query(dashboard: selectors.Dashboard) -> str:
    params = {"ky": dashboard.period.pk}
    if dashboard.kpi_set is not None:
        params["bo"] = dashboard.kpi_set.code
    return urlencode(params)


@login_required
def unit_dashboard(request, unit_id: int):
    """Show a unit's indicators, completeness, children and charts for a period."""
    try:
        dashboard = _dashboard(request, unit_id)
    except Refused as refused:
        return _refused(request, refused)
    return render(request, "dashboard/dashboard.html", {**page_of(dashboard), "query": _query(dashboard)})


@login_required
def unit_export(request, unit_id: int):
    """Download what the dashboard shows as an .xlsx workbook."""
    try:
        dashboard = _dashboard(request, unit_id)
    except Refused as refused:
        return _refused(request, refused)
    name = slugify(f"chi-tieu-{dashboard.unit.code}-{dashboard.period.key}")
    response = HttpResponse(export.dashboard_xlsx(dashboard), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
