"""Writes of the rounds workflow: create, assign, open, save, submit, return, approve.

Each function is atomic, checks permission and state, records history, and leaves side effects
(notifications, roll-ups) to ``transaction.on_commit``.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baocao_site.audit.services import audit_record
from formbuilder.engine.calendar import CalendarError, DueKind, Period, PeriodType, ReportingRule, is_late, is_locked
from formbuilder.models import FormVersion, VersionStatus
from formbuilder.selectors import form_validator
from hierarchy.models import Unit

from . import signals
from .datadiff import diff
from .errors import EditConflict, NotAllowed, SubmissionInvalid, WorkflowError
from .models import (
    Assignment, AssignmentTarget, Round, RoundForm, RoundStatus, SectionAssignment, Submission, SubmissionEvent,
    SubmissionStatus, TargetKind,
)
from .permissions import can_draft, can_review
from .sections import carve_outs, split_problems
from .selectors import assignment_scope, round_resolve_units


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _calendar_error(exc: CalendarError) -> ValidationError:
    return ValidationError(exc.messages)


@transaction.atomic
def round_create(*, code: str, title: str, issuing_unit: Unit, rule: ReportingRule, versions: list[FormVersion],
                 period: Period | None = None, consolidating_unit: Unit | None = None, description: str = "",
                 recurring: bool = False, is_ad_hoc: bool = False, acting_user=None, previous: Round | None = None,
                 adhoc_round: Round | None = None) -> Round:
    """Create a round in preparation with its form versions; return it.

    A rule of the ad-hoc period type makes an ad-hoc round (``is_ad_hoc``). Refused when a version
    is not published, or the rule makes no date for the period.
    """
    for version in versions:
        if version.status != VersionStatus.PUBLISHED:
            raise ValidationError(f"“{version}” chưa ban hành; đợt báo cáo chỉ dùng phiên bản đã ban hành.")
    if not versions:
        raise ValidationError("Đợt báo cáo cần ít nhất một biểu mẫu.")
    if Round.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã đợt “{code}” đã tồn tại."})
    try:
        relative = rule.due.kind in (DueKind.WITHIN_HOURS, DueKind.WITHIN_DAYS)  # known only when opened
        due = None if relative else rule.due_at(period)
        cutoff = rule.cutoff_window(period) if period is not None else (None, None)
    except CalendarError as exc:
        raise _calendar_error(exc) from None
    round_ = Round.objects.create(
        code=code, title=title, description=description, issuing_unit=issuing_unit,
        consolidating_unit=consolidating_unit, rule=rule.to_dict(), period=period.to_dict() if period else None,
        period_label=period.label_vi if period else "", cutoff_from=cutoff[0], cutoff_to=cutoff[1], due_at=due,
        recurring=recurring, is_ad_hoc=is_ad_hoc or rule.period_type is PeriodType.AD_HOC,
        created_by=_actor(acting_user), previous=previous, adhoc_round=adhoc_round)
    RoundForm.objects.bulk_create([RoundForm(round=round_, version=v, order=i) for i, v in enumerate(versions)])
    audit_record(actor=acting_user, action="round.create", obj=round_,
                 changes={"forms": [str(v) for v in versions], "period": round_.period_label})
    return round_


def _require_preparing(round_: Round) -> None:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)  # the caller's copy may be stale
    if round_.status != RoundStatus.DRAFT:
        raise WorkflowError(f"Đợt “{round_.title}” đã mở; không thể thay đổi phân công.")


@transaction.atomic
def round_add_target(*, round: Round, kind: str, level=None, unit_kind=None, group=None, unit=None, within=None,
                     acting_user=None) -> AssignmentTarget:
    """Assign the round to a level, kind, group or named unit; return the target."""
    _require_preparing(round)
    given = {TargetKind.LEVEL: level, TargetKind.KIND: unit_kind, TargetKind.GROUP: group, TargetKind.UNIT: unit}
    if kind not in given or given[kind] is None:
        raise ValidationError("Cần chọn cấp, loại đơn vị, nhóm hoặc đơn vị tương ứng với cách giao.")
    target = AssignmentTarget.objects.create(round=round, kind=kind, level=level, unit_kind=unit_kind, group=group,
                                             unit=unit, within=within)
    audit_record(actor=acting_user, action="round.add_target", obj=round, changes={"target": str(target)})
    return target


@transaction.atomic
def round_assign_sections(*, round: Round, version: FormVersion, unit: Unit, section_keys: list[str],
                          acting_user=None) -> SectionAssignment:
    """Give some sections of an outline, at any depth, to a contributing unit; return the assignment.

    Sections are named by key (``p3_4_kiem_tra_giam_sat`` for mục III.4). A section inside one given
    to another unit is carved out of it: that unit drafts its part without this sub-section (seed
    002, part B.I). Refused with every reason: an unknown key, a section already given to another
    unit, a section chosen together with one inside it, or a choice that leaves nothing to draft.
    """
    _require_preparing(round)
    from formbuilder.selectors import compiled_form

    compiled = compiled_form(version=version)
    section_keys = list(section_keys)
    taken = {k: sa.unit.name for sa in SectionAssignment.objects.filter(round=round, version=version).exclude(unit=unit)
             .select_related("unit") for k in sa.section_keys}
    problems = split_problems(compiled, keys=section_keys, taken=taken)
    if problems:
        raise ValidationError(problems)
    sa, _ = SectionAssignment.objects.update_or_create(round=round, version=version, unit=unit,
                                                       defaults={"section_keys": section_keys})
    audit_record(actor=acting_user, action="round.assign_sections", obj=round,
                 changes={"unit": unit.code, "sections": section_keys})
    return sa


def _split_pairs(round_: Round, version: FormVersion, split: list[SectionAssignment]) -> list[tuple]:
    """Return (unit, section keys, carved-out keys) for each contributing unit of a split form."""
    from formbuilder.selectors import compiled_form

    carved = carve_outs(compiled_form(version=version), {sa.unit_id: sa.section_keys for sa in split})
    return [(sa.unit, sa.section_keys, carved[sa.unit_id]) for sa in split]


@transaction.atomic
def round_open(*, round: Round, acting_user=None, now: dt.datetime | None = None) -> int:
    """Open the round: one assignment (and empty draft) per unit and form; return how many.

    Each unit's due time follows the rule for its level (upper levels may have a later date). An
    ad-hoc round creates no task: once open, the units in its scope open their own reports
    (``services_adhoc.adhoc_report_open``), so it returns 0.
    """
    now = now or timezone.now()
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    _require_preparing(round_)
    if round_.offers_adhoc_reports:
        round_.status, round_.opened_at = RoundStatus.OPEN, now
        round_.save(update_fields=["status", "opened_at"])
        audit_record(actor=acting_user, action="round.open", obj=round_, changes={"assignments": 0})
        return 0
    rule = ReportingRule.from_dict(round_.rule)
    period = Period.from_dict(round_.period) if round_.period else None
    units = list(round_resolve_units(round=round_).select_related("level"))
    split = {}
    for sa in SectionAssignment.objects.filter(round=round_).select_related("unit__level"):
        split.setdefault(sa.version_id, []).append(sa)
    assignments = []
    try:
        for rf in round_.forms.select_related("version"):
            pairs = (_split_pairs(round_, rf.version, split[rf.version_id]) if rf.version_id in split
                     else [(u, [], []) for u in units])
            for unit, sections, carved in pairs:
                due = rule.due_at(period, level_rank=unit.level.rank, opened_at=now)
                assignments.append(Assignment(round=round_, unit=unit, version=rf.version, section_keys=sections,
                                              excluded_keys=carved, due_at=due,
                                              lock_at=rule.lock_at(period, level_rank=unit.level.rank,
                                                                   opened_at=now)))
    except CalendarError as exc:
        raise _calendar_error(exc) from None
    if not assignments:
        raise ValidationError("Phân công chưa chọn được đơn vị nào; kiểm tra lại cấp, nhóm hoặc đơn vị được giao.")
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    created = list(Assignment.objects.filter(round=round_).only("id", "version_id"))
    Submission.objects.bulk_create([Submission(assignment=a, version_id=a.version_id) for a in created],
                                   batch_size=2000)
    round_.status = RoundStatus.OPEN
    round_.opened_at = now
    if round_.due_at is None:
        round_.due_at = min(a.due_at for a in assignments)
    round_.save(update_fields=["status", "opened_at", "due_at"])
    audit_record(actor=acting_user, action="round.open", obj=round_, changes={"assignments": len(created)})
    ids = [a.pk for a in created]
    transaction.on_commit(lambda: signals.round_opened.send(sender=Round, round_id=round_.pk, assignment_ids=ids))
    return len(created)


def _entry_open(assignment: Assignment, now: dt.datetime) -> bool:
    grace = ReportingRule.from_dict(assignment.round.rule).grace_days
    return not is_locked(now, assignment.due_at, grace, assignment.reopened_until)


# A version's definition and schemas are large JSON documents; the workflow reads them from the
# compiled-form cache, so the row is fetched without them (decoding them dominated a submit).
_VERSION_DOCUMENTS = [f"{rel}__{name}" for rel in ("version", "assignment__version")
                      for name in ("document", "schema", "draft_schema", "body")]


def _lock_submission(submission: Submission) -> Submission:
    return (Submission.objects.select_for_update(of=("self",))
            .select_related("assignment__unit", "assignment__round", "assignment__version__definition",
                            "version__definition")
            .defer(*_VERSION_DOCUMENTS).get(pk=submission.pk))


@transaction.atomic
def submission_save_draft(*, submission: Submission, data: dict, expected_revision: int, acting_user,
                          now: dt.datetime | None = None) -> Submission:
    """Save draft values (a draft may be incomplete); return the submission.

    Raises EditConflict when someone else saved since ``expected_revision`` — nothing is
    overwritten; SubmissionInvalid with every field error when a filled value is wrong.
    """
    now = now or timezone.now()
    sub = _lock_submission(submission)
    assignment = sub.assignment
    if not can_draft(user=acting_user, unit=assignment.unit):
        raise NotAllowed("Bạn không có quyền soạn báo cáo của đơn vị này.")
    if sub.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        raise WorkflowError(f"Báo cáo đang ở trạng thái “{sub.get_status_display()}”, không thể sửa.")
    if not _entry_open(assignment, now):
        raise WorkflowError("Đã hết hạn nhập liệu cho báo cáo này; đề nghị cấp trên mở lại nếu cần.")
    if expected_revision != sub.revision:
        raise EditConflict(theirs=sub.data, yours=data, revision=sub.revision, by=sub.updated_by)
    scope = assignment_scope(assignment=assignment)
    new_data = scope.merge(sub.data, data)
    errors = [e for e in form_validator(version=sub.version).validate(new_data, complete=False)
              if scope.whole or scope.covers(e.path)]
    if errors:
        raise SubmissionInvalid(errors)
    changes = diff(sub.data, new_data)
    if not changes:
        return sub
    sub.data = new_data
    sub.revision += 1
    sub.updated_by = _actor(acting_user)
    sub.save(update_fields=["data", "revision", "updated_by", "updated_at"])
    SubmissionEvent.objects.create(submission=sub, actor=_actor(acting_user), action="save", from_status=sub.status,
                                   to_status=sub.status, revision=sub.revision, changes=changes)
    return sub


def _transition(sub: Submission, *, actor, action: str, to: str, comment: str = "", changes=None) -> None:
    from_status = sub.status
    sub.status = to
    SubmissionEvent.objects.create(submission=sub, actor=_actor(actor), action=action, from_status=from_status,
                                   to_status=to, revision=sub.revision, comment=comment, changes=changes or [])
    audit_record(actor=actor, action=f"submission.{action}", obj=sub, changes={"status": [from_status, to]})


@transaction.atomic
def submission_submit(*, submission: Submission, acting_user, now: dt.datetime | None = None) -> Submission:
    """Submit a complete report; lateness is recorded against the unit's due time. Return it."""
    now = now or timezone.now()
    sub = _lock_submission(submission)
    assignment = sub.assignment
    if not can_draft(user=acting_user, unit=assignment.unit):
        raise NotAllowed("Bạn không có quyền nộp báo cáo của đơn vị này.")
    if sub.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        raise WorkflowError(f"Báo cáo đang ở trạng thái “{sub.get_status_display()}”, không thể nộp.")
    if not _entry_open(assignment, now):
        raise WorkflowError("Đã hết hạn nhập liệu cho báo cáo này; đề nghị cấp trên mở lại nếu cần.")
    scope = assignment_scope(assignment=assignment)
    errors = [e for e in form_validator(version=sub.version).validate(sub.data, complete=True)
              if scope.whole or scope.covers(e.path)]
    if errors:
        raise SubmissionInvalid(errors)
    action = "resubmit" if sub.status == SubmissionStatus.RETURNED else "submit"
    first = sub.submitted_at is None
    sub.submitted_at = now
    if first:
        sub.is_late = is_late(now, assignment.due_at)
    sub.return_comments = {}
    _transition(sub, actor=acting_user, action=action, to=SubmissionStatus.SUBMITTED)
    sub.save(update_fields=["status", "submitted_at", "is_late", "return_comments", "updated_at"])
    transaction.on_commit(lambda: signals.submission_changed.send(sender=Submission, submission_id=sub.pk,
                                                                  action=action))
    return sub


@transaction.atomic
def submission_return(*, submission: Submission, acting_user, section_comments: dict[str, str],
                      comment: str = "") -> Submission:
    """Return a submitted report with comments per section; return it."""
    sub = _lock_submission(submission)
    if not can_review(user=acting_user, unit=sub.assignment.unit):
        raise NotAllowed("Bạn không có quyền duyệt báo cáo của đơn vị này.")
    if sub.status != SubmissionStatus.SUBMITTED:
        raise WorkflowError(f"Chỉ trả lại được báo cáo đã nộp (hiện: “{sub.get_status_display()}”).")
    section_comments = {k: v.strip() for k, v in section_comments.items() if v and v.strip()}
    if not section_comments and not comment.strip():
        raise ValidationError("Cần ghi ý kiến (theo phần hoặc chung) khi trả lại báo cáo.")
    sub.return_comments = {**section_comments, **({"_chung": comment.strip()} if comment.strip() else {})}
    _transition(sub, actor=acting_user, action="return", to=SubmissionStatus.RETURNED, comment=comment,
                changes=[[k, None, v] for k, v in section_comments.items()])
    sub.save(update_fields=["status", "return_comments", "updated_at"])
    transaction.on_commit(lambda: signals.submission_changed.send(sender=Submission, submission_id=sub.pk,
                                                                  action="return"))
    return sub


@transaction.atomic
def submission_approve(*, submission: Submission, acting_user, now: dt.datetime | None = None) -> Submission:
    """Approve a submitted report (locks it); return it. Roll-ups follow on commit."""
    sub = _lock_submission(submission)
    if not can_review(user=acting_user, unit=sub.assignment.unit):
        raise NotAllowed("Bạn không có quyền duyệt báo cáo của đơn vị này.")
    if sub.status != SubmissionStatus.SUBMITTED:
        raise WorkflowError(f"Chỉ duyệt được báo cáo đã nộp (hiện: “{sub.get_status_display()}”).")
    sub.approved_at = now or timezone.now()
    sub.approved_by = _actor(acting_user)
    _transition(sub, actor=acting_user, action="approve", to=SubmissionStatus.APPROVED)
    sub.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    transaction.on_commit(lambda: signals.submission_changed.send(sender=Submission, submission_id=sub.pk,
                                                                  action="approve"))
    return sub


@transaction.atomic
def submission_unapprove(*, submission: Submission, acting_user, comment: str = "") -> Submission:
    """Take an approval back (the report returns to “submitted”); return it."""
    sub = _lock_submission(submission)
    if not can_review(user=acting_user, unit=sub.assignment.unit):
        raise NotAllowed("Bạn không có quyền duyệt báo cáo của đơn vị này.")
    if sub.status != SubmissionStatus.APPROVED:
        raise WorkflowError("Báo cáo chưa được duyệt.")
    sub.approved_at = None
    sub.approved_by = None
    _transition(sub, actor=acting_user, action="unapprove", to=SubmissionStatus.SUBMITTED, comment=comment)
    sub.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    transaction.on_commit(lambda: signals.submission_changed.send(sender=Submission, submission_id=sub.pk,
                                                                  action="unapprove"))
    return sub


@transaction.atomic
def assignment_reopen(*, assignment: Assignment, until: dt.datetime, acting_user) -> Assignment:
    """Reopen entry for one unit until ``until`` (an exception to the lock); return the assignment."""
    assignment = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    if not can_review(user=acting_user, unit=assignment.unit):
        raise NotAllowed("Chỉ cấp trên mới được mở lại hạn nhập cho đơn vị.")
    if until <= timezone.now():
        raise ValidationError("Thời hạn mở lại phải ở tương lai.")
    old = assignment.reopened_until
    assignment.reopened_until = until
    assignment.save(update_fields=["reopened_until"])
    audit_record(actor=acting_user, action="assignment.reopen", obj=assignment,
                 changes={"reopened_until": [old.isoformat() if old else None, until.isoformat()]})
    return assignment


def data_for_assignment(*, submission: Submission) -> dict:
    """Return the part of the data this unit drafts (its sections less those carved out, or everything)."""
    return assignment_scope(assignment=submission.assignment).extract(submission.data)
