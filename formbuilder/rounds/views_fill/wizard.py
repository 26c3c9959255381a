"""The filling wizard: /bao-cao/<id>/nhap/<step>/ — one step per section, then check and submit."""
from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext
from django.views.generic import TemplateView
from formtools.wizard.views import NamedUrlWizardView, StepsHelper

from formbuilder.engine.compute import read_path
from formbuilder.renderer import handle_table_actions, initial_from_data, render_form
from formbuilder.selectors import compiled_form, form_validator

from ..attachments import format_size
from ..errors import SubmissionInvalid, WorkflowError
from ..home import EDITABLE, entry_is_open
from ..models import SubmissionStatus
from ..selectors import assignment_scope
from ..services import submission_submit
from ..wizard import (
    REVIEW_STEP, CheckForm, DraftStorage, errors_by_step, first_incomplete_step, form_class_for_step, step_comments,
    steps_for,
)
from .access import draftable_submission, explain_refusals
from .conflict import remember_conflict
from .posting import CONFLICT, INVALID, LOCKED, save_posted_step

DONE_STEP = "xong"
NEXT, SAVE = "tiep", "luu"


def local_time(value, fmt: str = "%d/%m/%Y %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt)


def closed_reason(submission, now) -> str:
    """Return why the draft cannot be edited now, in the user's language ("" while it can)."""
    assignment = submission.assignment
    if submission.status == SubmissionStatus.SUBMITTED:
        if submission.submitted_at:
            return (gettext("Báo cáo đã nộp lúc %(at)s và đang chờ duyệt nên không sửa được nữa. "
                            "Nếu cần sửa, đề nghị cấp trên trả lại báo cáo.")
                    % {"at": local_time(submission.submitted_at)})
        return gettext("Báo cáo đã nộp và đang chờ duyệt nên không sửa được nữa. "
                       "Nếu cần sửa, đề nghị cấp trên trả lại báo cáo.")
    if submission.status == SubmissionStatus.APPROVED:
        return gettext("Báo cáo đã được duyệt nên không sửa được nữa.")
    if not entry_is_open(assignment, now):
        return gettext("Đã hết hạn nhập liệu (hạn nộp %(due)s). "
                       "Đề nghị cấp trên mở lại nếu đơn vị cần nhập tiếp.") % {"due": local_time(assignment.due_at)}
    return ""


@method_decorator(explain_refusals, name="dispatch")
class FillWizard(LoginRequiredMixin, NamedUrlWizardView):
    """Fill a submission step by step; every step is saved to the database as it is posted.

    The form list depends on the submission (its form version and the sections given to the
    unit), so it is built per request in :meth:`get_form_list`; ``form_list`` only satisfies
    formtools' class set-up. Steps are kept in :class:`DraftStorage` — the database, not the session.
    """

    form_list = [(REVIEW_STEP, CheckForm)]
    storage_name = "formbuilder.rounds.wizard.DraftStorage"
    template_name = "rounds/fill/step.html"

    # --- set-up ------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.now = timezone.now()
        self.submission = draftable_submission(request, kwargs["submission_id"])
        self.compiled = compiled_form(version=self.submission.version)
        self.scope = assignment_scope(assignment=self.submission.assignment)
        self.step_list = steps_for(self.compiled, self.scope)
        self.step_by_name = {step.name: step for step in self.step_list}
        self.prefix = self.get_prefix(request, *args, **kwargs)
        self.storage = DraftStorage(self.prefix, request)
        self.steps = StepsHelper(self)
        # WizardView.dispatch would build a session storage; ours is set up just above.
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_form_list(self):
        if not hasattr(self, "_forms"):
            self._forms = OrderedDict((step.name, form_class_for_step(self.compiled, step))
                                      for step in self.step_list)
            self._forms[REVIEW_STEP] = CheckForm
        return self._forms

    def get_step_url(self, step):
        return reverse(self.url_name, kwargs={"submission_id": self.submission.pk, "step": step})

    def get_form_prefix(self, step=None, form=None):
        return None  # field keys are unique in a form: posted names stay the plain keys

    def get_form_initial(self, step):
        return initial_from_data(self.compiled, self.submission.data) if step in self.step_by_name else {}

    def get_form_kwargs(self, step=None):
        return {"context_data": self.submission.data} if step in self.step_by_name else {}

    def complete_errors(self) -> OrderedDict:
        """Return the errors a full submission would have now, by step (what is left to do)."""
        if not hasattr(self, "_complete_errors"):
            errors = [e for e in form_validator(version=self.submission.version).validate(
                self.submission.data, complete=True) if self.scope.whole or self.scope.covers(e.path)]
            self._complete_errors = errors_by_step(self.compiled, self.step_list, errors)
        return self._complete_errors

    # --- GET ---------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step is None or step == DONE_STEP or step not in self.get_form_list():
            # Resume where work is left: the first step still incomplete, with its saved values.
            return redirect(self.get_step_url(first_incomplete_step(self.complete_errors())))
        self.storage.current_step = step
        if step == REVIEW_STEP:
            return self.render_check()
        form = self.get_form(step)
        errors = self.complete_errors()[step] if "loi" in request.GET else ()
        return self.render_step(form, errors=errors)

    # --- POST --------------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step not in self.get_form_list():
            return redirect(self.get_step_url(first_incomplete_step(self.complete_errors())))
        self.storage.current_step = step
        if step == REVIEW_STEP:
            return self.submit()
        revision = request.POST.get("revision", "")
        data, table_action = handle_table_actions(request.POST)
        if table_action:
            return self.render_step(self.get_form(step, data=data), revision=revision)
        current = self.step_by_name[step]
        outcome = save_posted_step(request=request, submission=self.submission, compiled=self.compiled,
                                   step=current, form_class=self.get_form_list()[step])
        if outcome.status == CONFLICT:
            return redirect(remember_conflict(request, outcome, current))
        if outcome.status == LOCKED:
            banner = f"{outcome.message} " + gettext("Các giá trị bạn vừa nhập vẫn hiện dưới đây nhưng chưa được lưu.")
            return self.render_step(outcome.form, banner=banner, revision=revision)
        if outcome.status == INVALID:
            return self.render_step(outcome.form, errors=outcome.errors, revision=revision)
        messages.success(request, gettext("Đã lưu “%(step)s” lúc %(at)s.")
                         % {"step": current.title, "at": local_time(timezone.now(), "%H:%M")})
        goto = request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            target = goto
        elif request.POST.get("hanh_dong") == NEXT:
            target = self.get_next_step(step) or REVIEW_STEP
        else:
            target = step
        return redirect(self.get_step_url(target))

    def submit(self):
        try:
            submission_submit(submission=self.submission, acting_user=self.request.user)
        except SubmissionInvalid as invalid:
            errors = [e for e in invalid.field_errors if self.scope.whole or self.scope.covers(e.path)]
            self._complete_errors = errors_by_step(self.compiled, self.step_list, errors)
            count = len(errors)
            return self.render_check(banner=ngettext(
                "Chưa nộp được: báo cáo còn %(count)d lỗi cần sửa. Bấm vào từng lỗi để tới đúng ô cần sửa.",
                "Chưa nộp được: báo cáo còn %(count)d lỗi cần sửa. Bấm vào từng lỗi để tới đúng ô cần sửa.",
                count) % {"count": count})
        except WorkflowError as refusal:
            return self.render_check(banner=" ".join(refusal.messages))
        messages.success(self.request, gettext("Đã nộp báo cáo “%(title)s” lúc %(at)s. Cấp trên sẽ xem xét và duyệt.")
                         % {"title": self.submission.version.definition.title, "at": local_time(timezone.now())})
        return redirect("rounds:tasks")

    # --- rendering ---------------------------------------------------------------------------

    def base_context(self, *, current: str, banner: str = "") -> dict:
        sub = self.submission
        grouped = self.complete_errors()
        nav = [{"name": s.name, "title": s.title, "url": self.get_step_url(s.name), "current": s.name == current,
                "left": len(grouped[s.name])} for s in self.step_list]
        reason = closed_reason(sub, self.now)
        return {
            "submission": sub, "assignment": sub.assignment, "round": sub.assignment.round,
            "unit": sub.assignment.unit, "definition": sub.version.definition, "nav": nav,
            "check_url": self.get_step_url(REVIEW_STEP), "on_check": current == REVIEW_STEP,
            "editable": not reason, "closed_reason": reason, "banner": banner,
            "general_comment": sub.return_comments.get("_chung", "") if sub.status == SubmissionStatus.RETURNED else "",
            "history_url": reverse("rounds:history", args=[sub.pk]),
        }

    def render_step(self, form, *, errors=(), banner: str = "", revision=None):
        step = self.step_by_name[self.steps.current]
        context = self.get_context_data(form=form, **self.base_context(current=step.name, banner=banner))
        editable = context["editable"]
        sub = self.submission
        comments = []
        if sub.status == SubmissionStatus.RETURNED:
            comments = step_comments(self.compiled, step, sub.return_comments)
        context.update(
            step=step, step_number=self.steps.step1, step_count=len(self.step_list),
            prev_step=self.get_prev_step(step.name), comments=comments,
            form_html=render_form(form, errors=list(errors), mode="edit" if editable else "readonly"),
            revision=sub.revision if revision is None else revision,
            autosave_url=reverse("rounds:autosave", args=[sub.pk]),
        )
        return self.render_to_response(context)

    def attachments(self) -> list[dict]:
        """Return the files attached to the steps of this unit, with their download links."""
        found = []
        for info in self.compiled.fields.values():
            value = read_path(self.submission.data, info.path) if info.type == "file" else None
            if self.scope.covers(info.path) and isinstance(value, dict) and value.get("ref"):
                found.append({"label": info.label, "name": value.get("name"), "size": format_size(value.get("size", 0)),
                              "url": reverse("rounds:attachment", args=[self.submission.pk, value["ref"]])})
        return found

    def render_check(self, *, banner: str = ""):
        grouped = self.complete_errors()
        sections = []
        for step in self.step_list:
            form = self.get_form(step.name)
            sections.append({"step": step, "url": self.get_step_url(step.name), "errors": grouped[step.name],
                             "values_html": render_form(form, mode="readonly")})
        context = self.get_context_data(form=CheckForm(), **self.base_context(current=REVIEW_STEP, banner=banner))
        context.update(sections=sections, general_errors=grouped[REVIEW_STEP], attachments=self.attachments(),
                       error_count=sum(len(e) for e in grouped.values()),
                       can_submit=context["editable"] and self.submission.status in EDITABLE)
        self.template_name = "rounds/fill/check.html"
        return self.render_to_response(context)
