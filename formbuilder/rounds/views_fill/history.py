"""History of a submission (lịch sử): every transition and every value change, who and when."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.utils.translation import gettext, pgettext_lazy

from formbuilder.selectors import compiled_form

from ..attachments import REF_RE, attachment_find, attachment_in_history, storage_path
from ..models import SubmissionStatus
from .access import visible_submission
from .labels import describe_changes

# Events that happened (context "lịch sử"), not the buttons of the same name.
ACTIONS = {
    "save": pgettext_lazy("lịch sử", "Lưu nháp"), "submit": pgettext_lazy("lịch sử", "Nộp báo cáo"),
    "resubmit": pgettext_lazy("lịch sử", "Nộp lại"), "return": pgettext_lazy("lịch sử", "Trả lại"),
    "approve": pgettext_lazy("lịch sử", "Duyệt"), "unapprove": pgettext_lazy("lịch sử", "Hủy duyệt"),
    "reopen": pgettext_lazy("lịch sử", "Mở lại hạn nhập"),
}
STATUS = dict(SubmissionStatus.choices)


@login_required
def history(request, submission_id: int):
    """List the submission's events, oldest first, with each changed value named."""
    submission = visible_submission(request, submission_id)
    compiled = compiled_form(version=submission.version)
    events = []
    for event in submission.events.select_related("actor"):
        actor = event.actor
        changes = describe_changes(compiled, event.changes)
        events.append({
            "at": event.at, "who": (actor.get_full_name() or actor.get_username()) if actor else gettext("Hệ thống"),
            "action": ACTIONS.get(event.action, event.action), "kind": event.action,
            "from_status": STATUS.get(event.from_status, ""), "to_status": STATUS.get(event.to_status, ""),
            "transition": event.from_status != event.to_status, "comment": event.comment,
            "changes": changes, "revision": event.revision,
        })
    return render(request, "rounds/fill/history.html", {
        "submission": submission, "round": submission.assignment.round, "unit": submission.assignment.unit,
        "definition": submission.version.definition, "events": events,
    })


@login_required
def attachment(request, submission_id: int, ref: str):
    """Send a file of the submission to a user who may see its unit (404 for anyone else)."""
    submission = visible_submission(request, submission_id)
    if not REF_RE.match(ref):
        raise Http404(gettext("Không tìm thấy tệp."))
    found = attachment_find(submission=submission, ref=ref, compiled=compiled_form(version=submission.version))
    if found is None and not attachment_in_history(submission=submission, ref=ref):
        raise Http404(gettext("Không tìm thấy tệp."))
    path = storage_path(submission.pk, ref)
    if not default_storage.exists(path):
        raise Http404(gettext("Không tìm thấy tệp."))
    name = found["name"] if found else ref
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=name)
