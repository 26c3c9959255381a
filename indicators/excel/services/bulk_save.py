"""Bulk save of many submissions at once, with the web form's draft rules (permission, editable
status, entry open, optimistic lock, engine validation), history and audit, all or none.

The rules are those of formbuilder.rounds.services.submission_save_draft, applied to thousands of
submissions in a handful of queries; tests/excel/test_same_as_web_form.py holds the two paths to
the same results so that they cannot drift.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from baocao_site.audit.models import AuditEntry
from formbuilder.engine.calendar import is_late
from formbuilder.models import FormVersion
from formbuilder.rounds import signals
from formbuilder.rounds.datadiff import diff
from formbuilder.rounds.errors import EditConflict, SubmissionInvalid
from formbuilder.rounds.models import Round, Submission, SubmissionEvent, SubmissionStatus
from formbuilder.rounds.permissions import can_draft
from formbuilder.rounds.sections import SectionScope, scope_for
from formbuilder.rounds.selectors import assignment_scope
from formbuilder.rounds.services import _actor, _entry_open
from formbuilder.selectors import compiled_form, form_validator

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class BulkSaveRefused(ValidationError):
    """Some submissions could not be saved; nothing was. ``problems`` is [(submission id, message)]."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__([message for _, message in problems])


@dataclass(frozen=True)
class BulkSaveResult:
    saved: list[int]
    submitted: list[int]
    unchanged: list[int]


def _with_rounds_and_versions(queryset) -> list[Submission]:
    """Return the submissions with their rounds and versions attached, each loaded once.

    An import touches thousands of submissions of one round and one version; joining them per
    row would decode the version's whole definition document thousands of times.
    """
    subs = list(queryset)
    rounds = Round.objects.in_bulk({s.assignment.round_id for s in subs})
    versions = FormVersion.objects.select_related("definition").in_bulk({s.version_id for s in subs})
    for sub in subs:
        sub.assignment.round = rounds[sub.assignment.round_id]
        sub.version = versions[sub.version_id]
    return subs


def _write(subs: list[Submission], field_names: list[str]) -> None:
    """UPDATE the given fields of each submission: one statement run for every row (executemany).

    Django's bulk_update builds a CASE expression per field and batch, which costs more to build
    than the rows cost to write.
    """
    if not subs:
        return
    fields = [Submission._meta.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(Submission._meta.db_table)} SET " + ", ".join(f"{qn(f.column)} = %s" for f in fields)
           + f" WHERE {qn('id')} = %s")
    params = [[f.get_db_prep_save(getattr(sub, f.attname), connection) for f in fields] + [sub.pk] for sub in subs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _audit_entries(actor, action: str, subs: list[Submission], changes_for) -> None:
    # Written directly: audit_record_many would call str() on each submission, which reads its
    # assignment's round, unit and form one query at a time.
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=actor, action=action, object_type=Submission._meta.label_lower, object_id=str(s.pk),
                   object_repr=f"{s.assignment.round.title} — {s.assignment.unit.name} — "
                               f"{s.version.definition.code}"[:255], changes=changes_for(s))
        for s in subs], batch_size=2000)


def _entry_open_memo(now):
    """Return _entry_open for ``now``, computed once per round, due time and reopening (not per unit)."""
    seen: dict[tuple, bool] = {}

    def entry_open(assignment) -> bool:
        key = (assignment.round_id, assignment.due_at, assignment.reopened_until)
        if key not in seen:
            seen[key] = _entry_open(assignment, now)
        return seen[key]

    return entry_open


def _scope_memo():
    """Return assignment_scope (the web form's: sections given, less sub-sections carved out) for a
    submission, computed once per version and section keys rather than once per unit."""
    seen: dict[tuple, SectionScope] = {}

    def scope(sub: Submission) -> SectionScope:
        assignment = sub.assignment
        if not assignment.section_keys:
            return SectionScope()
        if assignment.version_id != sub.version_id:
            return assignment_scope(assignment=assignment)
        key = (sub.version_id, tuple(assignment.section_keys), tuple(assignment.excluded_keys or ()))
        if key not in seen:
            seen[key] = scope_for(compiled_form(version=sub.version), assignment.section_keys,
                                  assignment.excluded_keys)
        return seen[key]

    return scope


def _merged(scope: SectionScope, base: dict, part: dict) -> dict:
    """Return scope.merge(base, part); for the whole form a shallow copy of ``part`` is the same value
    without deep-copying thousands of reports (``part`` is always a fresh dict of the import's)."""
    return dict(part or {}) if scope.whole else scope.merge(base, part)


def _errors_in_scope(errors, scope: SectionScope):
    return [e for e in errors if scope.covers(e.path)]


@transaction.atomic
def submissions_bulk_save(*, items: list[tuple[Submission, dict]], acting_user, expected_revisions=None,
                          submit: bool = False, now: dt.datetime | None = None) -> BulkSaveResult:
    """Save the draft data of many submissions (and submit them when ``submit``), all or none; return ids.

    Applies submission_save_draft's checks to each (drafter of the unit, editable status, entry
    open, revision unchanged since ``expected_revisions`` {id: revision}, engine validation —
    complete when submitting) and raises BulkSaveRefused listing every refusal, EditConflict on a
    changed revision. A handful of queries whatever the count: one lock, batched updates,
    one insert of history events and one of audit entries per action.
    """
    now = now or timezone.now()
    wanted = {sub.pk: data for sub, data in items}
    locked = _with_rounds_and_versions(
        Submission.objects.select_for_update(of=("self",)).select_related("assignment__unit")
        .filter(pk__in=list(wanted)).order_by("pk"))
    entry_open = _entry_open_memo(now)
    scope_of = _scope_memo()
    problems: list[tuple[int, str]] = []
    field_errors = []
    planned = []
    for sub in locked:
        assignment, unit = sub.assignment, sub.assignment.unit
        if not can_draft(user=acting_user, unit=unit):
            problems.append((sub.pk, f"Bạn không có quyền soạn báo cáo của đơn vị “{unit.name}”."))
            continue
        if sub.status not in EDITABLE:
            problems.append((sub.pk, f"Báo cáo của “{unit.name}” đang ở trạng thái “{sub.get_status_display()}”, "
                                     "không thể sửa."))
            continue
        if not entry_open(assignment):
            problems.append((sub.pk, f"Đã hết hạn nhập liệu cho báo cáo của “{unit.name}”."))
            continue
        if expected_revisions is not None and int(expected_revisions.get(str(sub.pk), -1)) != sub.revision:
            raise EditConflict(theirs=sub.data, yours=wanted[sub.pk], revision=sub.revision, by=sub.updated_by)
        scope = scope_of(sub)
        new_data = _merged(scope, sub.data, wanted[sub.pk])
        validator = form_validator(version=sub.version)
        errors = _errors_in_scope(validator.validate(new_data, complete=False), scope)
        if submit and not errors:
            errors = _errors_in_scope(validator.validate(new_data, complete=True), scope)
        if errors:
            field_errors.extend(errors)
            problems.extend((sub.pk, f"{unit.name}: {e.message}") for e in errors)
            continue
        planned.append((sub, new_data, diff(sub.data, new_data)))
    if len(locked) != len(wanted):
        missing = set(wanted) - {s.pk for s in locked}
        problems.extend((pk, "Không tìm thấy báo cáo.") for pk in sorted(missing))
    if problems:
        if field_errors and len(field_errors) == len(problems):
            raise SubmissionInvalid(field_errors)
        raise BulkSaveRefused(problems)

    actor = _actor(acting_user)
    saved, submitted, unchanged, events = [], [], [], []
    for sub, new_data, changes in planned:
        if changes:
            sub.data = new_data
            sub.revision += 1
            sub.updated_by = actor
            sub.updated_at = now
            saved.append(sub)
            events.append(SubmissionEvent(submission=sub, actor=actor, action="save", from_status=sub.status,
                                          to_status=sub.status, revision=sub.revision, changes=changes))
        elif not submit:
            unchanged.append(sub.pk)
        if submit:
            action = "resubmit" if sub.status == SubmissionStatus.RETURNED else "submit"
            events.append(SubmissionEvent(submission=sub, actor=actor, action=action, from_status=sub.status,
                                          to_status=SubmissionStatus.SUBMITTED, revision=sub.revision))
            if sub.submitted_at is None:
                sub.is_late = is_late(now, sub.assignment.due_at)
            sub.submitted_at = now
            sub.return_comments = {}
            sub.status = SubmissionStatus.SUBMITTED
            sub._bulk_action = action
            submitted.append(sub)
    fields = ["data", "revision", "updated_by", "updated_at"]
    _write([s for s in saved if s.status != SubmissionStatus.SUBMITTED], fields)
    _write(submitted, fields + ["status", "submitted_at", "is_late", "return_comments"])
    SubmissionEvent.objects.bulk_create(events, batch_size=2000)
    _audit_entries(actor, "submission.import_save", saved, lambda s: {"revision": s.revision, "source": "excel"})
    for action in ("submit", "resubmit"):
        _audit_entries(actor, f"submission.{action}", [s for s in submitted if s._bulk_action == action],
                       lambda s: {"status": [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED], "source": "excel"})
    notices = [(s.pk, s._bulk_action) for s in submitted]
    if notices:
        transaction.on_commit(lambda: [signals.submission_changed.send(sender=Submission, submission_id=pk,
                                                                       action=action) for pk, action in notices])
    return BulkSaveResult([s.pk for s in saved], [s.pk for s in submitted], unchanged)

