"""Reads of the review side: a round's progress per unit, and who may follow or consolidate it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hierarchy.models import Role, Unit
from hierarchy.selectors import membership_paths, user_can_see_unit, user_sees_all

from .models import Round, Submission, SubmissionStatus

DONE = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


@dataclass(frozen=True)
class ProgressRow:
    """One unit's task in a round, as the progress page shows it."""

    submission: Submission
    is_overdue: bool  # not submitted (or returned) and past its due time

    @property
    def assignment(self):
        return self.submission.assignment

    @property
    def unit(self):
        return self.submission.assignment.unit

    @property
    def on_time(self) -> bool | None:
        return None if self.submission.is_late is None else not self.submission.is_late


def round_progress(*, round: Round, scope: Unit | None = None, now: dt.datetime | None = None) -> list[ProgressRow]:
    """Return every task of the round (inside ``scope``'s subtree when given) by unit, in one query."""
    now = now or timezone.now()
    qs = (Submission.objects.filter(assignment__round=round)
          .select_related("assignment__unit__level", "version__definition")
          .order_by("assignment__unit__path", "version__definition__code"))
    if scope is not None:
        qs = qs.filter(assignment__unit__path__startswith=scope.path)
    return [ProgressRow(s, s.status not in DONE and s.assignment.due_at < now) for s in qs]


def progress_summary(rows: Iterable[ProgressRow]) -> dict[str, int]:
    """Return the counts shown above the table: expected, submitted, on time, late, approved, …"""
    counts = {"expected": 0, "submitted": 0, "on_time": 0, "late": 0, "approved": 0, "returned": 0, "draft": 0,
              "overdue": 0}
    for row in rows:
        status = row.submission.status
        counts["expected"] += 1
        counts["submitted"] += status in DONE
        counts["approved"] += status == SubmissionStatus.APPROVED
        counts["returned"] += status == SubmissionStatus.RETURNED
        counts["draft"] += status == SubmissionStatus.DRAFT
        counts["on_time"] += row.submission.is_late is False
        counts["late"] += row.submission.is_late is True
        counts["overdue"] += row.is_overdue
    return counts


def _belongs_to_round_owner(user, round: Round) -> bool:
    """Return True for members of the issuing or consolidating unit (or of a unit above them)."""
    owners = [u.path for u in (round.issuing_unit, round.consolidating_unit) if u is not None]
    return any(o.startswith(p) for p in membership_paths(user=user) for o in owners)


def progress_scope(*, user, round: Round, unit_code: str | None = None) -> Unit | None:
    """Return the subtree whose progress ``user`` follows (None: the whole round), or refuse.

    Central staff and members of the issuing or consolidating unit follow the whole round; a
    reviewer, viewer or unit administrator follows their own subtree. ``unit_code`` narrows it.
    """
    whole = user_sees_all(user) or _belongs_to_round_owner(user, round)
    if unit_code:
        unit = get_object_or_404(Unit, code=unit_code)
        if not (whole or user_can_see_unit(user=user, unit=unit)):
            raise PermissionDenied("Bạn không theo dõi được đơn vị này.")
        return unit
    if whole:
        return None
    paths = sorted(membership_paths(user=user, roles=[Role.REVIEWER, Role.VIEWER, Role.UNIT_ADMIN]), key=len)
    for path in paths:
        if Submission.objects.filter(assignment__round=round, assignment__unit__path__startswith=path).exists():
            return Unit.objects.get(path=path)
    raise PermissionDenied("Bạn không có đơn vị nào trong đợt báo cáo này.")


@dataclass(frozen=True)
class ConsolidationScope:
    """Who consolidates what: the round's consolidating unit merges every contribution; any other
    unit merges its subtree's reports (``subtree`` True)."""

    unit: Unit
    subtree: bool


def consolidation_scope(*, user, round: Round, unit_code: str | None = None) -> ConsolidationScope:
    """Return the unit ``user`` consolidates for in ``round``, or refuse."""
    acting = [Role.DRAFTER, Role.UNIT_ADMIN, Role.REVIEWER]
    own = membership_paths(user=user, roles=acting)

    def may_act(unit: Unit) -> bool:
        return user_sees_all(user) or unit.path in own or any(
            unit.path.startswith(p) for p in membership_paths(user=user, roles=[Role.REVIEWER, Role.UNIT_ADMIN]))

    def has_units_below(unit: Unit) -> bool:
        return Submission.objects.filter(assignment__round=round, assignment__unit__path__startswith=unit.path) \
            .exclude(assignment__unit=unit).exists()

    if unit_code:
        unit = get_object_or_404(Unit, code=unit_code)
    elif round.consolidating_unit is not None and may_act(round.consolidating_unit):
        unit = round.consolidating_unit
    else:
        units = Unit.objects.filter(path__in=own) if not user_sees_all(user) else [round.issuing_unit]
        unit = next((u for u in sorted(units, key=lambda u: u.depth) if has_units_below(u)), None)
    if unit is None or not may_act(unit):
        raise PermissionDenied("Bạn không có quyền tổng hợp báo cáo cho đơn vị này.")
    if unit.pk != round.consolidating_unit_id and not has_units_below(unit):
        raise PermissionDenied("Đơn vị này không có đơn vị trực thuộc nào trong đợt báo cáo để tổng hợp.")
    return ConsolidationScope(unit=unit, subtree=unit.pk != round.consolidating_unit_id)


def consolidation_submissions(*, round: Round, version_id: int, scope: ConsolidationScope) -> list[Submission]:
    """Return the submissions of one outline to merge (every one of the round, or the subtree's), by unit."""
    qs = (Submission.objects.filter(assignment__round=round, version_id=version_id)
          .select_related("assignment__unit").order_by("assignment__unit__path"))
    if scope.subtree:
        qs = qs.filter(assignment__unit__path__startswith=scope.unit.path).exclude(assignment__unit=scope.unit)
    return list(qs)
