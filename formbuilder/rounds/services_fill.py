"""Writes of the filling side: save one wizard step of a draft (on top of ``submission_save_draft``)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from .errors import EditConflict
from .models import Submission
from .services import submission_save_draft
from .wizard import Step, step_values, with_step_values


@transaction.atomic
def submission_save_step(*, submission: Submission, step: Step, values: dict, expected_revision: int,
                         acting_user, now: dt.datetime | None = None) -> Submission:
    """Save the values of one step into the draft, keeping every other step as saved; return the submission.

    ``values`` is the step form's ``to_data()``. Raises what ``submission_save_draft`` raises;
    an EditConflict carries whole documents (``yours`` is theirs with this step replaced, so
    the two differ only where this step differs). A save behind by some revisions whose step
    values are already the saved ones is no conflict — typically the drafter's own autosave
    landing just before their "Lưu" button — and saves nothing.
    """
    current = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    data = with_step_values(current.data, step, values)
    try:
        return submission_save_draft(submission=current, data=data, expected_revision=expected_revision,
                                     acting_user=acting_user, now=now)
    except EditConflict as conflict:
        if step_values(conflict.theirs, step) == step_values(data, step):
            return Submission.objects.select_related("assignment__round", "assignment__unit",
                                                     "version__definition").get(pk=current.pk)
        raise
