"""Writes of the round admin beyond services.py: undo a target or a split, and recurring rounds.

A recurring round (``Round.recurring``) is followed, once its period has ended, by the next period's
round with the same forms (their versions in force), targets and section split, opened at once.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baocao_site.audit.services import audit_record
from formbuilder.engine.calendar import Period, ReportingRule, next_period
from formbuilder.models import VersionStatus

from .models import AssignmentTarget, Round, RoundStatus, SectionAssignment
from .services import _require_preparing, round_add_target, round_assign_sections, round_create, round_open
from .services_notifications import vn_today

log = logging.getLogger(__name__)


@transaction.atomic
def round_remove_target(*, target: AssignmentTarget, acting_user=None) -> None:
    """Remove one target of a round in preparation."""
    _require_preparing(target.round)
    text = str(target)
    target.delete()
    audit_record(actor=acting_user, action="round.remove_target", obj=target.round, changes={"target": text})


@transaction.atomic
def round_remove_sections(*, section_assignment: SectionAssignment, acting_user=None) -> None:
    """Take back the parts given to one contributing unit of a round in preparation."""
    _require_preparing(section_assignment.round)
    changes = {"unit": section_assignment.unit.code, "sections": section_assignment.section_keys}
    section_assignment.delete()
    audit_record(actor=acting_user, action="round.remove_sections", obj=section_assignment.round, changes=changes)


def next_round_code(code: str, period: Period, following: Period) -> str:
    """Return the code of the next period's round: the period suffix ("-2026-03") replaced, or added."""
    for suffix in (f"-{period.year}-{period.index:02d}", f"-{period.year}-{period.index}"):
        if code.endswith(suffix):
            return code[: -len(suffix)] + f"-{following.year}-{following.index:02d}"
    return f"{code}-{following.year}-{following.index:02d}"


@transaction.atomic
def round_open_next(*, round: Round, now: dt.datetime | None = None, acting_user=None) -> Round:
    """Create the round of the period after ``round``'s, copying forms, targets and split; open it; return it."""
    if not round.recurring or not round.period:
        raise ValidationError("Chỉ đợt báo cáo định kỳ có đánh dấu “tự tạo kỳ tiếp theo” mới tạo được kỳ sau.")
    period = Period.from_dict(round.period)
    following = next_period(period)
    # A definition may have a newer version in force since: the next period uses it.
    versions, in_force = [], {}
    for rf in round.forms.select_related("version__definition"):
        current = rf.version if rf.version.status == VersionStatus.PUBLISHED else \
            rf.version.definition.published_version()
        if current is None:
            raise ValidationError(f"Biểu mẫu “{rf.version.definition.code}” không còn phiên bản đang ban hành.")
        versions.append(current)
        in_force[rf.version_id] = current
    new = round_create(code=next_round_code(round.code, period, following), title=round.title,
                       issuing_unit=round.issuing_unit, rule=ReportingRule.from_dict(round.rule), versions=versions,
                       period=following, consolidating_unit=round.consolidating_unit, description=round.description,
                       recurring=True, previous=round, acting_user=acting_user)
    for t in round.targets.all():
        round_add_target(round=new, kind=t.kind, level=t.level, unit_kind=t.unit_kind, group=t.group, unit=t.unit,
                         within=t.within, acting_user=acting_user)
    for sa in round.section_assignments.select_related("unit"):
        round_assign_sections(round=new, version=in_force[sa.version_id], unit=sa.unit,
                              section_keys=sa.section_keys, acting_user=acting_user)
    round_open(round=new, acting_user=acting_user, now=now)
    new.refresh_from_db()
    return new


def rounds_open_next_periods(*, now: dt.datetime | None = None) -> list[Round]:
    """Open the next period of every recurring round whose period ended before today (Vietnam); return them.

    Each round is handled in its own transaction: one that cannot be copied (a form withdrawn, a
    part renamed) is logged and left for the administrators, the others go on.
    """
    now = now or timezone.now()
    today = vn_today(now)
    opened = []
    candidates = (Round.objects.filter(recurring=True, next__isnull=True, period__isnull=False)
                  .exclude(status=RoundStatus.DRAFT).select_related("issuing_unit", "consolidating_unit"))
    for round_ in candidates:
        if Period.from_dict(round_.period).end >= today:
            continue
        try:
            opened.append(round_open_next(round=round_, now=now))
        except ValidationError as exc:
            log.warning("Không tạo được kỳ tiếp theo của đợt %s: %s", round_.code, "; ".join(exc.messages))
    return opened
