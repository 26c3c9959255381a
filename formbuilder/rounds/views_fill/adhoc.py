"""“Mở báo cáo đột xuất”: a drafter opens an ad-hoc report for one of their units, then fills it."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from formbuilder.engine.calendar import VN_TZ

from ..errors import NotAllowed
from ..forms import AdhocReportForm
from ..selectors_adhoc import adhoc_choices, adhoc_units_for
from ..services_adhoc import adhoc_report_open


def _add_errors(form: AdhocReportForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
def adhoc_open(request):
    """Show the form; on a valid post open the report and go to its fill wizard."""
    units = adhoc_units_for(user=request.user)
    choices = adhoc_choices(units=units)
    form = AdhocReportForm(request.POST or None, units=units, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = adhoc_report_open(round=data["form"].round, version=data["form"].version, unit=data["unit"],
                                           title=data["title"], due_at=data["due_at"], acting_user=request.user)
        except NotAllowed as refusal:
            form.add_error("unit", str(refusal))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, gettext("Đã mở báo cáo đột xuất “%(title)s”, gửi %(unit)s; hạn nộp %(due)s.") % {
                "title": assignment.round.title, "unit": assignment.round.issuing_unit.name,
                "due": f"{assignment.due_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"})
            return redirect("rounds:fill", submission_id=assignment.submission.pk)
    return render(request, "rounds/fill/adhoc_open.html", {"form": form, "has_units": units.exists(),
                                                           "has_choices": bool(choices)})
