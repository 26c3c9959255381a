"""Autosave (tự động lưu nháp): POST /bao-cao/<id>/luu-nhap/ with the current step's fields and revision.

Answers JSON for ``static/rounds/fill/autosave.js``:

- 200 ``{"status": "saved", "revision": n, "saved_at": "HH:MM", "message": …}``
- 409 ``{"status": "conflict", "revision": theirs, "conflict_url": …, "message": …}``
- 422 ``{"status": "invalid", "errors": [...], "message": …}`` (nothing saved; the page keeps the values)
- 423 ``{"status": "locked", "message": …}``; 403 ``{"status": "denied", "message": …}``

Messages are in the user's language (Vietnamese unless English was chosen).
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from formbuilder.renderer.errors import form_errors
from formbuilder.renderer.messages import field_error_message
from formbuilder.selectors import compiled_form

from .selectors import assignment_scope
from .views_fill.access import draftable_submission
from .views_fill.conflict import remember_conflict, who
from .views_fill.posting import CONFLICT, INVALID, LOCKED, save_posted_step
from .wizard import form_class_for_step, steps_for


def _answer(status: str, message: str, http: int = 200, **extra) -> JsonResponse:
    return JsonResponse({"status": status, "message": message, **extra}, status=http)


@login_required
@require_POST
def autosave(request, submission_id: int):
    """Save the posted step of a draft; answer its new revision, or why it was not saved."""
    try:
        submission = draftable_submission(request, submission_id)
        compiled = compiled_form(version=submission.version)
        step = {s.name: s for s in steps_for(compiled, assignment_scope(assignment=submission.assignment))}.get(
            request.POST.get("step"))
        if step is None:
            return _answer("invalid", gettext("Không rõ phần đang nhập; hãy tải lại trang."), 400, errors=[])
        outcome = save_posted_step(request=request, submission=submission, compiled=compiled, step=step,
                                   form_class=form_class_for_step(compiled, step))
    except PermissionDenied as refusal:
        return _answer("denied", str(refusal), 403)
    if outcome.status == CONFLICT:
        url = remember_conflict(request, outcome, step)
        message = gettext("Bản nháp vừa được %(who)s lưu trong lúc bạn sửa; chưa tự động lưu được.") % {
            "who": who(outcome.conflict.by)}
        return _answer("conflict", message, 409, revision=outcome.conflict.revision, conflict_url=url)
    if outcome.status == INVALID:
        errors = [e.message for e in form_errors(outcome.form)] + [field_error_message(e) for e in outcome.errors]
        return _answer("invalid", gettext("Chưa tự động lưu được: còn ô nhập chưa đúng."), 422, errors=errors)
    if outcome.status == LOCKED:
        return _answer("locked", outcome.message, 423)
    saved_at = timezone.localtime().strftime("%H:%M")
    return _answer("saved", gettext("Đã lưu lúc %(at)s") % {"at": saved_at}, revision=outcome.submission.revision,
                   saved_at=saved_at)
