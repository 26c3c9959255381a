"""One posted wizard step, read, checked and saved: shared by the step pages, autosave and the conflict screen."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from formbuilder.engine import CompiledForm, FieldError
from formbuilder.renderer.fields import sign_file_ref
from formbuilder.selectors import form_validator

from ..attachments import attachment_store, size_error
from ..errors import EditConflict, SubmissionInvalid, WorkflowError
from ..models import Submission
from ..services_fill import submission_save_step
from ..wizard import Step, error_path, with_step_values

SAVED, INVALID, CONFLICT, LOCKED = "saved", "invalid", "conflict", "locked"
NOT_POSTED = ("csrfmiddlewaretoken",)


@dataclass
class StepOutcome:
    """What became of a posted step: the bound form (typed values kept), and why it was not saved."""

    status: str
    form: object
    submission: Submission
    posted: QueryDict
    errors: list[FieldError] = field(default_factory=list)
    message: str = ""
    conflict: EditConflict | None = None

    @property
    def saved(self) -> bool:
        return self.status == SAVED


def bind_step_form(form_class, data, submission: Submission, files=None):
    """Return the step form bound to posted ``data``; other steps' saved values are its context."""
    return form_class(data, files, context_data=submission.data)


def step_errors(compiled: CompiledForm, step: Step, errors) -> list[FieldError]:
    """Return the engine errors that concern ``step``."""
    return [e for e in errors if step.data_scope.covers(error_path(compiled, e))]


def store_uploads(*, request, submission: Submission, form_class, posted: QueryDict) -> dict[str, str]:
    """Store the files uploaded with the step; return {field key: refusal} for those over the limit.

    A stored file becomes a kept reference in ``posted`` (``<key>-ref``), so the form shows it
    attached even if the step is then refused for another reason: nothing has to be chosen twice.
    """
    probe = bind_step_form(form_class, posted, submission, files=request.FILES)
    refused = {}
    for key, upload in probe.uploads().items():
        problem = size_error(upload, label=probe.infos[key].label)
        if problem:
            refused[key] = problem
            continue
        posted[f"{key}-ref"] = sign_file_ref(attachment_store(submission=submission, upload=upload))
        posted.pop(f"{key}-clear", None)
    return refused


def save_posted_step(*, request, submission: Submission, compiled: CompiledForm, step: Step, form_class,
                     posted: QueryDict | None = None, revision: int | None = None) -> StepOutcome:
    """Read the posted values of ``step`` and save them into the draft; return the outcome.

    Nothing is saved when a value cannot be read or breaks a rule of the form (``invalid``),
    when someone else saved since ``revision`` (``conflict``), or when entry is closed
    (``locked``). NotAllowed (a PermissionDenied) is left to the caller.
    """
    posted = (posted if posted is not None else request.POST).copy()
    for name in NOT_POSTED:
        posted.pop(name, None)
    refused = store_uploads(request=request, submission=submission, form_class=form_class, posted=posted) \
        if request.FILES else {}
    form = bind_step_form(form_class, posted, submission)
    readable = form.is_valid()
    for key, problem in refused.items():
        form.add_error(key, problem)
    if refused or not readable:
        return StepOutcome(INVALID, form, submission, posted)
    values = form.to_data()
    merged = with_step_values(submission.data, step, values)
    errors = step_errors(compiled, step, form_validator(version=submission.version).validate(merged, complete=False))
    if errors:
        return StepOutcome(INVALID, form, submission, posted, errors=errors)
    if revision is None:
        try:
            revision = int(posted.get("revision", ""))
        except ValueError:
            revision = -1  # a post without a revision is treated as stale: never overwrite blindly
    try:
        saved = submission_save_step(submission=submission, step=step, values=values, expected_revision=revision,
                                     acting_user=request.user)
    except EditConflict as conflict:
        return StepOutcome(CONFLICT, form, submission, posted, conflict=conflict)
    except SubmissionInvalid as invalid:
        return StepOutcome(INVALID, form, submission, posted, errors=step_errors(compiled, step, invalid.field_errors))
    except WorkflowError as refusal:
        return StepOutcome(LOCKED, form, submission, posted, message=" ".join(refusal.messages))
    return StepOutcome(SAVED, form, saved, posted)


def posted_as_dict(posted: QueryDict) -> dict[str, list[str]]:
    """Return posted values in a JSON-friendly shape (for the session)."""
    return {key: posted.getlist(key) for key in posted if key not in NOT_POSTED}


def posted_from_dict(values: dict[str, list[str]]) -> QueryDict:
    """Return the QueryDict that :func:`posted_as_dict` was made from."""
    data = QueryDict(mutable=True)
    for key, items in (values or {}).items():
        data.setlist(key, list(items))
    return data
