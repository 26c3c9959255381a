"""Reads of ad-hoc reports (báo cáo đột xuất): which units a user may open one for, and which forms.

An administrator offers forms for ad-hoc reports with an ad-hoc round: a round whose rule has the
ad-hoc period type and a time limit ("hạn trong 24 giờ kể từ khi mở"), opened in the Wagtail admin.
Units in its scope — the issuing unit's subtree, narrowed to the round's targets when it has any —
open their own reports against its forms, each due within that limit and sent to the unit's upper
level.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from formbuilder.engine.calendar import ReportingRule, describe_rule
from formbuilder.models import FormVersion, VersionStatus
from hierarchy.models import Role, Unit
from hierarchy.selectors import membership_paths, units_acting_for, user_sees_all

from .models import Round, RoundStatus
from .selectors import round_resolve_units


@dataclass(frozen=True)
class AdhocChoice:
    """One form an open ad-hoc round offers, and the units of the user it may be used for."""

    round: Round
    version: FormVersion
    unit_ids: frozenset[int]

    @property
    def key(self) -> str:
        return f"{self.round.pk}:{self.version.pk}"

    @property
    def label(self) -> str:
        definition = self.version.definition
        return f"{definition.code} — {definition.title} ({self.limit_text})"

    @property
    def limit_text(self) -> str:
        """Return the round's time limit in words, e.g. "hạn trong 24 giờ kể từ khi mở đợt"."""
        text = describe_rule(ReportingRule.from_dict(self.round.rule).due)
        return text[0].lower() + text[1:]


def adhoc_units_for(*, user, on: dt.date | None = None) -> QuerySet[Unit]:
    """Return the units ``user`` may open an ad-hoc report for, in tree order.

    Those they act for as drafter (``units_acting_for``) and a unit administrator's own units —
    the units ``permissions.can_draft`` accepts — that are in force and have an upper level to
    send the report to. Central staff, who may draft everywhere, are offered the units they
    belong to rather than the whole tree.
    """
    on = on or timezone.localdate()
    if user_sees_all(user):
        units = Unit.objects.filter(path__in=membership_paths(user=user))
    else:
        units = units_acting_for(user=user, role=Role.DRAFTER) | Unit.objects.filter(
            path__in=membership_paths(user=user, roles=[Role.UNIT_ADMIN]))
    return Unit.objects.active(on).filter(pk__in=units.values("pk"), depth__gt=1).order_by("path")


def adhoc_rounds_open() -> QuerySet[Round]:
    """Return the open ad-hoc rounds, newest first, with their issuing unit."""
    return (Round.objects.filter(is_ad_hoc=True, adhoc_round__isnull=True, status=RoundStatus.OPEN)
            .select_related("issuing_unit").order_by("-opened_at", "-id"))


def adhoc_units_covered(*, round: Round, units: Iterable[Unit]) -> set[int]:
    """Return the ids of ``units`` inside the ad-hoc round's scope (one query when it has targets)."""
    inside = {u.pk for u in units if u.path.startswith(round.issuing_unit.path)}
    if inside and round.targets.exists():
        inside = set(round_resolve_units(round=round).filter(pk__in=inside).values_list("pk", flat=True))
    return inside


def adhoc_choices(*, units: Iterable[Unit]) -> list[AdhocChoice]:
    """Return every published form of an open ad-hoc round that covers at least one of ``units``."""
    units = list(units)
    choices = []
    for round_ in adhoc_rounds_open().prefetch_related("forms__version__definition"):
        covered = adhoc_units_covered(round=round_, units=units)
        if not covered:
            continue
        choices += [AdhocChoice(round_, rf.version, frozenset(covered)) for rf in round_.forms.all()
                    if rf.version.status == VersionStatus.PUBLISHED]
    return choices
