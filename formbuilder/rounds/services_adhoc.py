"""Writes of ad-hoc reports (báo cáo đột xuất): a unit opens one under an open ad-hoc round.

Each report is a round of its own — issued by the unit's upper level, assigned to the unit alone,
due within the ad-hoc round's time limit — so filling, review, history and consolidation treat it
like any other round.
"""
from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from baocao_site.audit.services import audit_record
from formbuilder.engine.calendar import VN_TZ, CalendarError, ReportingRule, lock_at
from formbuilder.models import FormVersion, VersionStatus
from hierarchy.models import Unit

from .errors import NotAllowed
from .models import Assignment, Round, RoundStatus, TargetKind
from .permissions import can_draft
from .selectors_adhoc import adhoc_units_covered
from .services import round_add_target, round_create, round_open

MAX_TITLE = 500


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M ngày %d/%m/%Y")


def adhoc_due_limit(*, round: Round, unit: Unit, now: dt.datetime) -> dt.datetime:
    """Return the latest due time a report opened at ``now`` under ``round`` may have, for ``unit``'s level."""
    return ReportingRule.from_dict(round.rule).due_at(level_rank=unit.level.rank, opened_at=now)


def _code(round_: Round, unit: Unit, now: dt.datetime) -> str:
    stamp = timezone.localtime(now).strftime("%Y%m%d%H%M%S")
    code = f"dot-xuat-{round_.pk}-{slugify(unit.code)[:30]}-{stamp}"
    while Round.objects.filter(code=code).exists():  # two reports of one unit in the same second
        code = f"{code[:70]}-{secrets.token_hex(2)}"
    return code


@transaction.atomic
def adhoc_report_open(*, round: Round, unit: Unit, version: FormVersion, title: str, acting_user,
                      due_at: dt.datetime | None = None, now: dt.datetime | None = None) -> Assignment:
    """Open an ad-hoc report of ``unit`` against a form of the ad-hoc ``round``; return the unit's task.

    The report goes to the unit's upper level (its issuing unit), due at ``due_at`` or, when it is
    not given, at the round's time limit. Refused — with every problem keyed by "unit", "form",
    "title" or "due_at" and nothing created — when the user may not draft for the unit, the unit
    is outside the round's scope or has no upper level, the form is not offered, the title is
    empty, or the due time is past or beyond the limit.
    """
    now = now or timezone.now()
    if not can_draft(user=acting_user, unit=unit):
        raise NotAllowed("Bạn không có quyền lập báo cáo của đơn vị này.")
    round_ = Round.objects.select_for_update().select_related("issuing_unit").get(pk=round.pk)
    errors: dict[str, list[str]] = {}
    if not round_.offers_adhoc_reports or round_.status != RoundStatus.OPEN:
        errors.setdefault("form", []).append(f"Đợt “{round_.title}” không nhận báo cáo đột xuất.")
    elif not round_.forms.filter(version=version).exists() or version.status != VersionStatus.PUBLISHED:
        errors.setdefault("form", []).append(
            f"Biểu mẫu “{version.definition.code}” không dùng cho báo cáo đột xuất của đợt “{round_.title}”.")
    parent = unit.get_parent()
    if parent is None:
        errors.setdefault("unit", []).append("Đơn vị cấp cao nhất không có cấp trên để gửi báo cáo đột xuất.")
    elif not adhoc_units_covered(round=round_, units=[unit]):
        errors.setdefault("unit", []).append(f"{unit.name} không thuộc phạm vi của đợt “{round_.title}”.")
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append("Cần nhập tên báo cáo đột xuất.")
    elif len(title) > MAX_TITLE:
        errors.setdefault("title", []).append(f"Tên báo cáo dài tối đa {MAX_TITLE} ký tự (đang có {len(title)}).")
    try:
        limit = adhoc_due_limit(round=round_, unit=unit, now=now)
    except CalendarError as exc:
        errors.setdefault("form", []).extend(exc.messages)
        limit = None
    if due_at is not None and limit is not None:
        if due_at <= now:
            errors.setdefault("due_at", []).append("Hạn nộp phải sau thời điểm hiện tại.")
        elif due_at > limit:
            errors.setdefault("due_at", []).append(
                f"Hạn nộp không được muộn hơn hạn tối đa của đợt: {_when(limit)}.")
    if errors:
        raise ValidationError(errors)

    rule = ReportingRule.from_dict(round_.rule)
    report = round_create(code=_code(round_, unit, now), title=title, issuing_unit=parent, rule=rule,
                          versions=[version], description=round_.title, adhoc_round=round_, acting_user=acting_user)
    round_add_target(round=report, kind=TargetKind.UNIT, unit=unit, acting_user=acting_user)
    round_open(round=report, acting_user=acting_user, now=now)
    assignment = Assignment.objects.select_related("round", "unit").get(round=report, unit=unit)
    if due_at is not None and due_at != assignment.due_at:
        assignment.due_at, assignment.lock_at = due_at, lock_at(due_at, rule.grace_days)
        assignment.save(update_fields=["due_at", "lock_at"])
        Round.objects.filter(pk=report.pk).update(due_at=due_at)
        assignment.round.due_at = due_at
    audit_record(actor=acting_user, action="adhoc_report.open", obj=report,
                 changes={"adhoc_round": round_.code, "unit": unit.code, "form": version.definition.code,
                          "due_at": assignment.due_at.isoformat()})
    return assignment
