"""Reads of the rounds workflow: who a round goes to, and each user's task list."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from hierarchy.models import Role, Unit
from hierarchy.selectors import membership_paths, user_sees_all

from .models import Assignment, Round, Submission, SubmissionStatus, TargetKind
from .sections import SectionScope, scope_for


def assignment_scope(*, assignment: Assignment) -> SectionScope:
    """Return what the unit of ``assignment`` drafts: its sections less those carved out, or the whole form."""
    if not assignment.section_keys:
        return SectionScope()
    from formbuilder.selectors import compiled_form

    return scope_for(compiled_form(version=assignment.version), assignment.section_keys, assignment.excluded_keys)


def round_resolve_units(*, round: Round) -> QuerySet[Unit]:
    """Return the units the round's targets resolve to (in force on the period's end), in one query.

    Each target is limited to the subtree of its ``within`` unit, or of the issuing unit.
    """
    day = round.cutoff_to or (round.due_at.date() if round.due_at else dt.date.today())
    q = Q()
    any_target = False
    for t in round.targets.select_related("within", "group"):
        scope = (t.within or round.issuing_unit).path
        inside = Q(path__startswith=scope)
        if t.kind == TargetKind.LEVEL:
            q |= inside & Q(level_id=t.level_id)
        elif t.kind == TargetKind.KIND:
            q |= inside & Q(kind_id=t.unit_kind_id)
        elif t.kind == TargetKind.GROUP:
            q |= inside & Q(groups=t.group_id)
        elif t.kind == TargetKind.UNIT:
            q |= Q(pk=t.unit_id)
        any_target = True
    if not any_target:
        return Unit.objects.none()
    return Unit.objects.active(day).filter(q).distinct().order_by("path")


@dataclass(frozen=True)
class Task:
    """One line of a task list (việc cần làm)."""

    assignment: Assignment
    submission: Submission
    is_overdue: bool
    awaiting_review: bool

    @property
    def due_at(self):
        return self.assignment.due_at


def own_task(submission: Submission, now: dt.datetime) -> Task:
    """Return the drafting line of one of the user's own reports: overdue while still editable past due."""
    overdue = (submission.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
               and submission.assignment.due_at < now)
    return Task(submission.assignment, submission, overdue, False)


def tasks_for(*, user, now: dt.datetime | None = None) -> list[Task]:
    """Return the user's task list: own units' reports to draft, then reports awaiting their review.

    Three queries whatever the number of tasks (memberships, own assignments, review queue).
    """
    now = now or timezone.now()
    drafting = membership_paths(user=user, roles=[Role.DRAFTER, Role.UNIT_ADMIN])
    reviewing = membership_paths(user=user, roles=[Role.REVIEWER])
    # A task line needs neither the values nor the form's definition and schemas: leave those
    # large JSON documents unread (decoding them, once per line, was most of a 100-line list).
    base = (Submission.objects.select_related("assignment__round", "assignment__unit", "version__definition")
            .defer("data", "version__document", "version__schema", "version__draft_schema", "version__body"))
    tasks: list[Task] = []
    if drafting:
        own = base.filter(assignment__unit__path__in=drafting, assignment__round__status="open")
        tasks += [own_task(s, now) for s in own.order_by("assignment__due_at", "assignment__unit__path")]
    if reviewing or user_sees_all(user):
        queue = base.filter(status=SubmissionStatus.SUBMITTED)
        if not user_sees_all(user):
            q = Q()
            for p in reviewing:
                q |= Q(assignment__unit__path__startswith=p) & ~Q(assignment__unit__path=p)
            queue = queue.filter(q)
        for s in queue.order_by("submitted_at"):
            tasks.append(Task(s.assignment, s, False, True))
    return tasks


def subtree_progress(*, round: Round, unit: Unit) -> dict[str, int]:
    """Return counts of assignments in ``unit``'s subtree by status, with late and expected totals."""
    from django.db.models import Count

    qs = Submission.objects.filter(assignment__round=round, assignment__unit__path__startswith=unit.path)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")))
    return {"expected": sum(by_status.values()), "late": qs.filter(is_late=True).count(),
            **{s: by_status.get(s, 0) for s in SubmissionStatus.values}}
