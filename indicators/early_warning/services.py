"""Notify reviewers of the indicators off target or projected to miss in their subtrees."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from formbuilder.rounds.models import Notification
from formbuilder.rounds.notifications import VN
from formbuilder.rounds.services_notifications import notifications_deliver
from hierarchy.models import Membership, Role, Unit

from ..models import IndicatorPeriod
from .planning import Alert, plan_warnings
from .selectors import early_warnings

# Members told about their subtree: reviewers and unit administrators (the unit's leaders).
WARNED_ROLES = (Role.REVIEWER, Role.UNIT_ADMIN)
# Periods checked each day: those running today and those ended within this many days.
RECENT_DAYS = 45


def _reviewers() -> dict[str, list[int]]:
    """Return {unit path: [active reviewer and administrator ids]} (one query)."""
    found: dict[str, list[int]] = {}
    for path, user_id in (Membership.objects.filter(role__in=WARNED_ROLES, user__is_active=True)
                          .values_list("unit__path", "user_id").order_by("unit__path", "user_id")):
        found.setdefault(path, []).append(user_id)
    return found


def periods_to_check(*, today: dt.date) -> list[IndicatorPeriod]:
    """Return the periods running on ``today`` or ended in the last RECENT_DAYS days (one query)."""
    return list(IndicatorPeriod.objects.filter(starts_on__lte=today,
                                               ends_on__gte=today - dt.timedelta(days=RECENT_DAYS)))


@transaction.atomic
def early_warning_notify(*, period: IndicatorPeriod | None = None, now: dt.datetime | None = None,
                         ) -> list[Notification]:
    """Tell each reviewer once per period and kind about the indicators off target, or projected to
    miss, in their units' subtrees; return the new notifications.

    Checks ``period``, or every period :func:`periods_to_check` finds. Late and missing reports are
    left to the daily reminders, which already escalate them.
    """
    now = now or timezone.now()
    periods = [period] if period is not None else periods_to_check(today=now.astimezone(VN).date())
    reviewers = _reviewers() if periods else {}
    messages = []
    for checked in periods:
        found = early_warnings(units=Unit.objects.all(), period=checked, now=now, limit=None)
        alerts = [Alert(w.kind, w.unit.path, w.unit.name, w.indicator.name)
                  for w in (*found.off_target, *found.at_risk)]
        if alerts:
            messages += plan_warnings(period_key=checked.key, period_label=checked.label or checked.key,
                                      alerts=alerts, reviewers=reviewers,
                                      url=f"{reverse('early_warning:index')}?ky={checked.pk}")
    return notifications_deliver(messages=messages)
