"""Which submission a request may open, through the hierarchy and permission selectors only."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_lazy as _

from hierarchy.selectors import user_can_see_unit

from ..models import Submission
from ..permissions import can_draft

NOT_FOUND = _("Không tìm thấy báo cáo này.")


def visible_submission(request, submission_id: int) -> Submission:
    """Return the submission when the user may see its unit; 404 otherwise.

    Another unit's report is answered as if it did not exist: a commune learns nothing about
    its neighbours' work, not even that a report exists.
    """
    submission = get_object_or_404(
        Submission.objects.select_related("assignment__round", "assignment__unit", "version__definition"),
        pk=submission_id)
    if not user_can_see_unit(user=request.user, unit=submission.assignment.unit):
        raise Http404(str(NOT_FOUND))
    return submission


def draftable_submission(request, submission_id: int) -> Submission:
    """Return the submission when the user drafts for its unit; 404 if unseen, 403 if only seen."""
    submission = visible_submission(request, submission_id)
    if not can_draft(user=request.user, unit=submission.assignment.unit):
        raise PermissionDenied(gettext("Bạn chỉ được nhập báo cáo của đơn vị mình; báo cáo này thuộc %(unit)s.")
                               % {"unit": submission.assignment.unit.name})
    return submission


def explain_refusals(view):
    """Show a refusal (PermissionDenied) with its own reason (Vietnamese, or English once chosen), status 403."""
    from functools import wraps

    from django.shortcuts import render

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return render(request, "rounds/fill/refused.html", {"reason": str(refusal)}, status=403)

    return wrapped
