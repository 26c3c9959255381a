"""The conflict screen (xung đột khi sửa đồng thời): their saved values beside yours, and a choice.

When a save is refused because someone else saved first, what the user posted is kept in
the session and this screen shows, field by field, the saved value and theirs. They keep
the saved version, or apply theirs over it — a new save against the revision shown here, so
a third save in between brings this screen back rather than being overwritten.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from formbuilder.renderer.messages import field_error_message
from formbuilder.selectors import compiled_form

from ..datadiff import diff
from ..selectors import assignment_scope
from ..wizard import form_class_for_step, step_values, steps_for
from .access import draftable_submission, explain_refusals
from .labels import describe_changes
from .posting import CONFLICT, INVALID, LOCKED, bind_step_form, posted_as_dict, posted_from_dict, save_posted_step

KEEP_THEIRS, APPLY_MINE = "giu-ban-da-luu", "ap-dung-ban-cua-toi"


def _session_key(submission_id: int) -> str:
    return f"rounds.conflict.{submission_id}"


def remember_conflict(request, outcome, step) -> str:
    """Keep what the user posted for ``step`` and the revision they collided with; return the screen's URL."""
    request.session[_session_key(outcome.submission.pk)] = {
        "step": step.name, "posted": posted_as_dict(outcome.posted), "revision": outcome.conflict.revision,
    }
    return reverse("rounds:conflict", args=[outcome.submission.pk])


def who(user) -> str:
    if user is None:
        return gettext("người khác")
    return user.get_full_name() or user.get_username()


@login_required
@explain_refusals
@require_http_methods(["GET", "POST"])
def conflict(request, submission_id: int):
    """Show both versions of the conflicting step and apply the user's choice."""
    submission = draftable_submission(request, submission_id)
    kept = request.session.get(_session_key(submission.pk))
    steps = {s.name: s for s in steps_for(compiled_form(version=submission.version),
                                          assignment_scope(assignment=submission.assignment))}
    step_url = reverse("rounds:fill", args=[submission.pk])
    if not kept or kept.get("step") not in steps:
        messages.info(request, gettext("Không còn xung đột nào cần xử lý cho báo cáo này."))
        return redirect(step_url)
    compiled = compiled_form(version=submission.version)
    step = steps[kept["step"]]
    step_url = reverse("rounds:fill_step", args=[submission.pk, step.name])
    form_class = form_class_for_step(compiled, step)
    posted = posted_from_dict(kept["posted"])
    banner = ""
    if request.method == "POST":
        choice = request.POST.get("lua_chon")
        if choice == KEEP_THEIRS:
            del request.session[_session_key(submission.pk)]
            messages.info(request, gettext("Đã giữ bản đã lưu; các giá trị bạn nhập không được áp dụng."))
            return redirect(step_url)
        if choice == APPLY_MINE:
            outcome = save_posted_step(request=request, submission=submission, compiled=compiled, step=step,
                                       form_class=form_class, posted=posted,
                                       revision=_int(request.POST.get("revision")))
            if outcome.status == CONFLICT:
                remember_conflict(request, outcome, step)
                submission.refresh_from_db()
                banner = gettext("Trong lúc bạn xem, bản nháp lại vừa được lưu. Hãy xem lại trước khi chọn.")
            elif outcome.status in (INVALID, LOCKED):
                messages_ = ([field_error_message(e) for e in outcome.errors]
                             or [outcome.message or gettext("Giá trị chưa hợp lệ.")])
                banner = gettext("Chưa áp dụng được bản của bạn: %(reasons)s") % {"reasons": "; ".join(messages_)}
            else:
                del request.session[_session_key(submission.pk)]
                messages.success(request, gettext("Đã áp dụng bản của bạn lúc %(at)s.")
                                 % {"at": timezone.localtime().strftime("%H:%M")})
                return redirect(step_url)
        else:
            banner = gettext("Hãy chọn giữ bản đã lưu hoặc áp dụng bản của bạn.")
    kept = request.session.get(_session_key(submission.pk), kept)
    yours = step_values(bind_step_form(form_class, posted, submission).to_data(), step)
    theirs = step_values(submission.data, step)
    changes = describe_changes(compiled, diff(theirs, yours))
    context = {
        "submission": submission, "round": submission.assignment.round, "unit": submission.assignment.unit,
        "step": step, "step_url": step_url, "changes": changes, "revision": submission.revision,
        "saved_by": who(submission.updated_by), "saved_at": submission.updated_at, "banner": banner,
        "keep_theirs": KEEP_THEIRS, "apply_mine": APPLY_MINE,
    }
    return render(request, "rounds/fill/conflict.html", context)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
