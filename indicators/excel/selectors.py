"""Reads for Excel files: which forms a user may fill by file, which units a template lists, what to export."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from formbuilder.models import FormVersion
from formbuilder.rounds.models import Assignment, Round, RoundForm, RoundStatus, Submission
from formbuilder.rounds.permissions import can_draft
from hierarchy.models import Role, Unit
from hierarchy.selectors import membership_paths, units_visible_to, user_sees_all

FILE_KINDS = ("appendix", "kpi_set")


@dataclass(frozen=True)
class FormInRound:
    """A published appendix or KPI set used by an open round, with how many units the user fills."""

    round: Round
    version: FormVersion
    units: int


def _drafting_paths(user) -> list[str]:
    return membership_paths(user=user, roles=[Role.DRAFTER, Role.UNIT_ADMIN])


def forms_for_files(*, user) -> list[FormInRound]:
    """Return the appendices and KPI sets of open rounds that the user drafts for at least one unit (two queries)."""
    qs = Assignment.objects.filter(round__status=RoundStatus.OPEN, version__definition__kind__in=FILE_KINDS)
    if not user_sees_all(user):
        qs = qs.filter(unit__path__in=_drafting_paths(user))
    counts: dict[tuple[int, int], int] = {}
    for round_id, version_id in qs.values_list("round_id", "version_id"):
        counts[(round_id, version_id)] = counts.get((round_id, version_id), 0) + 1
    forms = (RoundForm.objects.filter(round_id__in={r for r, _ in counts}, version_id__in={v for _, v in counts})
             .select_related("round", "version__definition").order_by("-round__due_at", "order"))
    return [FormInRound(rf.round, rf.version, counts[(rf.round_id, rf.version_id)]) for rf in forms
            if (rf.round_id, rf.version_id) in counts]


def draftable_assignments(*, round: Round, version: FormVersion, user) -> list[Assignment]:
    """Return the round's assignments of ``version`` whose unit the user may draft for, in tree order."""
    qs = Assignment.objects.filter(round=round, version=version).select_related("unit").order_by("unit__path")
    if not user_sees_all(user):
        qs = qs.filter(unit__path__in=_drafting_paths(user))
    return [a for a in qs if can_draft(user=user, unit=a.unit)]


def submissions_for_export(*, round: Round, version: FormVersion, user, within: Unit | None = None,
                           ) -> QuerySet[Submission]:
    """Return the round's submissions of ``version`` in ``within``'s subtree that the user may see."""
    qs = (Submission.objects.filter(assignment__round=round, assignment__version=version,
                                    assignment__unit__in=units_visible_to(user=user))
          .select_related("assignment__unit").order_by("assignment__unit__path"))
    if within is not None:
        qs = qs.filter(assignment__unit__path__startswith=within.path)
    return qs


def round_form(*, round_id, version_id) -> tuple[Round, FormVersion] | None:
    """Return (round, version) when the version is one of the round's forms, else None."""
    rf = (RoundForm.objects.filter(round_id=round_id, version_id=version_id)
          .select_related("round", "version__definition").first())
    return (rf.round, rf.version) if rf else None


def forms_for_export(*, user) -> list[FormInRound]:
    """Return the appendices and KPI sets of rounds (open or closed) with a unit the user may see."""
    qs = RoundForm.objects.filter(version__definition__kind__in=FILE_KINDS).exclude(round__status="draft")
    if not user_sees_all(user):
        qs = qs.filter(round__assignments__unit__in=units_visible_to(user=user)).distinct()
    return [FormInRound(rf.round, rf.version, 0)
            for rf in qs.select_related("round", "version__definition").order_by("-round__due_at", "order")[:200]]


def jobs_of(*, user, limit: int = 10):
    """Return the user's latest import jobs."""
    from .models import ImportJob

    return ImportJob.objects.filter(user=user).select_related("round", "version__definition")[:limit]
