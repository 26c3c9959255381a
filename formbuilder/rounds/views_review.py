"""Review pages: a submission read-only with per-section comments and the review actions, a round's
progress per unit, and reopening entry for one unit. Views parse, call one service, render."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.http import require_POST

from formbuilder.engine.calendar import VN_TZ as VN
from formbuilder.renderer import form_class_for, initial_from_data, render_form
from formbuilder.renderer.localize import parse_date
from formbuilder.selectors import compiled_form

from .permissions import can_review
from .sections import review_parts, title_of
from .selectors import assignment_scope
from .models import Assignment, Round, Submission, SubmissionStatus
from .selectors_review import progress_scope, progress_summary, round_progress
from .services import assignment_reopen, submission_approve, submission_return, submission_unapprove
from .wizard import Step, form_class_for_step

# What a reviewer reads in "Quá trình xử lý": events that happened (context "lịch sử"), not buttons.
ACTION_LABELS = {
    "save": pgettext_lazy("lịch sử", "Lưu nháp"), "submit": pgettext_lazy("lịch sử", "Nộp"),
    "resubmit": pgettext_lazy("lịch sử", "Nộp lại"), "return": pgettext_lazy("lịch sử", "Trả lại"),
    "approve": pgettext_lazy("lịch sử", "Duyệt"), "unapprove": pgettext_lazy("lịch sử", "Hủy duyệt"),
    "reopen": pgettext_lazy("lịch sử", "Mở lại hạn nhập"),
}
GENERAL = "_chung"


def _sections(submission: Submission) -> list[dict]:
    """Return the parts the reviewer reads, each rendered read-only with its comment box.

    A unit given sections of a split outline gets one part per assigned section — a sub-section such
    as mục III.4 on its own, a part without the sub-sections carved out for other units — so comments
    and return work go per assigned section. Otherwise one part per top-level section; a form whose
    top level is not made of sections (an appendix table) is one block without a key.
    """
    compiled = compiled_form(version=submission.version)
    data = submission.data or {}
    initial = initial_from_data(compiled, data)
    if not all(n.kind == "section" for n in compiled.layout):
        form = form_class_for(compiled)(initial=initial, context_data=data)
        return [{"key": None, "title": compiled.title, "html": render_form(form, mode="readonly")}]
    scope = assignment_scope(assignment=submission.assignment)
    parts = []
    for key, part_scope in review_parts(compiled, scope):
        top = compiled.sections[key].path[0]
        step = Step(key, title_of(compiled, key), (top,), top, part_scope)
        form = form_class_for_step(compiled, step)(initial=initial, context_data=data)
        parts.append({"key": key, "title": step.title, "html": render_form(form, mode="readonly"),
                      "comment": submission.return_comments.get(key, "")})
    return parts


def _review_action(request, sub: Submission):
    action = request.POST.get("action")
    user = request.user
    unit = sub.assignment.unit.name
    try:
        if action == "return":
            comments = {k[len("comment-"):]: v for k, v in request.POST.items() if k.startswith("comment-")}
            submission_return(submission=sub, acting_user=user, section_comments=comments,
                              comment=request.POST.get("comment", ""))
            messages.success(request, gettext("Đã trả lại báo cáo cho %(unit)s, kèm ý kiến.") % {"unit": unit})
        elif action == "approve":
            submission_approve(submission=sub, acting_user=user)
            messages.success(request, gettext("Đã duyệt báo cáo của %(unit)s; báo cáo đã khóa.") % {"unit": unit})
        elif action == "unapprove":
            submission_unapprove(submission=sub, acting_user=user, comment=request.POST.get("comment", ""))
            messages.success(request, gettext("Đã hủy duyệt báo cáo của %(unit)s; "
                                              "báo cáo trở lại trạng thái chờ duyệt.") % {"unit": unit})
        else:
            messages.error(request, gettext("Thao tác không hợp lệ."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("rounds:review", submission_id=sub.pk)


@login_required
def review(request, submission_id: int):
    """Show a submission read-only to a reviewer of an upper level; POST returns, approves or unapproves it."""
    sub = get_object_or_404(Submission.objects.select_related(
        "assignment__unit", "assignment__round", "version__definition", "approved_by"), pk=submission_id)
    if not can_review(user=request.user, unit=sub.assignment.unit):
        raise PermissionDenied(gettext("Chỉ người duyệt của cấp trên mới xem và duyệt được báo cáo này."))
    if request.method == "POST":
        return _review_action(request, sub)
    events = sub.events.select_related("actor").exclude(action="save").order_by("-at", "-id")
    return render(request, "rounds/review/review.html", {
        "submission": sub, "assignment": sub.assignment, "round": sub.assignment.round, "unit": sub.assignment.unit,
        "parts": _sections(sub), "general_comment": sub.return_comments.get(GENERAL, ""),
        "events": [(e, ACTION_LABELS.get(e.action, e.action)) for e in events],
        "can_return": sub.status == SubmissionStatus.SUBMITTED,
        "can_approve": sub.status == SubmissionStatus.SUBMITTED,
        "can_unapprove": sub.status == SubmissionStatus.APPROVED,
        "progress_url": reverse("rounds:progress", args=[sub.assignment.round_id]),
    })


@login_required
def progress(request, round_id: int):
    """Show a round's progress in the user's subtree: counts, then each unit with late flags and actions."""
    round_ = get_object_or_404(Round.objects.select_related("issuing_unit", "consolidating_unit"), pk=round_id)
    scope = progress_scope(user=request.user, round=round_, unit_code=request.GET.get("don-vi"))
    now = timezone.now()
    rows = round_progress(round=round_, scope=scope, now=now)
    user = request.user
    return render(request, "rounds/review/progress.html", {
        "round": round_, "scope": scope, "rows": [(r, can_review(user=user, unit=r.unit)) for r in rows],
        "summary": progress_summary(rows), "now": now,
        "reopen_default": (now.astimezone(VN) + dt.timedelta(days=3)).date(),
    })


@login_required
@require_POST
def reopen(request, round_id: int, assignment_id: int):
    """Reopen entry for one unit until the end of the chosen day (Vietnam time)."""
    assignment = get_object_or_404(Assignment.objects.select_related("unit"), pk=assignment_id, round_id=round_id)
    try:
        day = parse_date(request.POST.get("until", ""))
    except ValueError:
        messages.error(request, gettext("Ngày mở lại không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."))
    else:
        until = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=VN)
        try:
            assignment_reopen(assignment=assignment, until=until, acting_user=request.user)
            messages.success(request, gettext("Đã mở lại hạn nhập cho %(unit)s đến hết ngày %(day)s.")
                             % {"unit": assignment.unit.name, "day": f"{day:%d/%m/%Y}"})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    scope = {"don-vi": request.GET["don-vi"]} if request.GET.get("don-vi") else {}
    return redirect(reverse("rounds:progress", args=[round_id]) + (f"?{urlencode(scope)}" if scope else ""))
