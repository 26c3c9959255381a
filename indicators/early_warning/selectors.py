"""Reads of the early warning: indicators off target or projected to miss, reports late or missing.

One call reads a whole scope (a user's units, or the whole tree for the notifications) in a fixed
number of queries: the indicators with targets, the period's results, the shorter periods inside
it and their results (the trend points), and the period's reports past due. Projection is done by
the pure :mod:`.projection`.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from formbuilder.rounds.models import Submission, SubmissionStatus
from formbuilder.rounds.notifications import VN
from hierarchy.models import Unit

from ..configuration import target_spec
from ..engine.rules import Aggregation, PeriodCombine, format_value
from ..engine.targets import Status
from ..models import Indicator, IndicatorPeriod, IndicatorResult, ValueType
from ..periods import rounds_in
from .planning import AT_RISK, OFF_TARGET
from .projection import Point, Projection, Verdict, project

BOUNDS = {ValueType.PERCENT: (0.0, 100.0), ValueType.BOOLEAN: (0.0, 1.0)}


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str
    path: str
    depth: int


@dataclass(frozen=True)
class IndicatorWarning:
    """An indicator at a unit: its value so far, its projection and the verdict."""

    unit: UnitRef
    indicator: Indicator
    projection: Projection
    reporting: int
    expected: int

    @property
    def kind(self) -> str:
        """Return OFF_TARGET when missed, or below target now (a running sum is judged on its pace only)."""
        return OFF_TARGET if _off_now(self.projection, self.indicator) else AT_RISK

    @property
    def value_display(self) -> str:
        return _display(self.projection.current, self.indicator)

    @property
    def projected_display(self) -> str:
        return _display(self.projection.projected, self.indicator)

    @property
    def target_display(self) -> str:
        target = getattr(self.indicator, "target", None)
        return str(target) if target is not None else ""


@dataclass(frozen=True)
class LateReport:
    """A unit's report past its due date: still not submitted (missing) or submitted late."""

    unit: UnitRef
    round_id: int
    round_title: str
    definition_code: str
    due_at: dt.datetime
    status: str
    submitted_at: dt.datetime | None
    days_late: int

    @property
    def missing(self) -> bool:
        return self.submitted_at is None or self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)

    @property
    def status_label(self) -> str:
        return SubmissionStatus(self.status).label


@dataclass(frozen=True)
class EarlyWarnings:
    """What needs attention in a scope for one period; each list is cut at ``limit`` (totals kept)."""

    period: IndicatorPeriod
    today: dt.date
    off_target: list[IndicatorWarning] = field(default_factory=list)
    at_risk: list[IndicatorWarning] = field(default_factory=list)
    missing: list[LateReport] = field(default_factory=list)
    late: list[LateReport] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.totals.values())


def is_cumulative(indicator: Indicator) -> bool:
    """Return True when the indicator adds up over a period (a sum of sums), so it is paced linearly."""
    return indicator.aggregation == Aggregation.SUM and indicator.period_combine == PeriodCombine.SUM


def _off_now(projection: Projection, indicator: Indicator) -> bool:
    return projection.verdict is Verdict.MISSED or (
        projection.status in (Status.RED, Status.AMBER) and not is_cumulative(indicator))


def _display(value: float | None, indicator: Indicator) -> str:
    text = format_value(value)
    return f"{text} {indicator.unit_of_measure}" if value is not None and indicator.unit_of_measure else text


def _targeted(kpi_set_id: int | None) -> dict[int, Indicator]:
    qs = Indicator.objects.filter(is_active=True, target__isnull=False).select_related("target")
    if kpi_set_id is not None:
        qs = qs.filter(Q(definition_id=kpi_set_id) | Q(definition__isnull=True, numerator__definition_id=kpi_set_id))
    return {i.pk: i for i in qs}


def _finest_inside(period: IndicatorPeriod) -> list[IndicatorPeriod]:
    """Return the shortest periods inside ``period`` (its months, say), oldest first (one query)."""
    if period.starts_on is None or period.ends_on is None:
        return []
    inside = [p for p in IndicatorPeriod.objects.filter(starts_on__gte=period.starts_on, ends_on__lte=period.ends_on)
              .exclude(pk=period.pk).exclude(ends_on__isnull=True) if p.ends_on >= p.starts_on]
    if not inside:
        return []
    shortest = min((p.ends_on - p.starts_on).days + 1 for p in inside)
    return sorted((p for p in inside if (p.ends_on - p.starts_on).days + 1 < 2 * shortest), key=lambda p: p.ends_on)


_UNIT_FIELDS = ("unit_id", "unit__code", "unit__name", "unit__path", "unit__depth")


def _indicator_warnings(units: QuerySet[Unit], period: IndicatorPeriod, today: dt.date, kpi_set_id: int | None,
                        ) -> list[IndicatorWarning]:
    indicators = _targeted(kpi_set_id)
    if not indicators:
        return []
    scoped = IndicatorResult.objects.filter(unit__in=units.values("pk"), indicator_id__in=list(indicators))
    refs: dict[int, UnitRef] = {}
    current: dict[tuple[int, int], tuple[float | None, int, int]] = {}
    for uid, code, name, path, depth, ind, value, reporting, expected in scoped.filter(period=period).values_list(
            *_UNIT_FIELDS, "indicator_id", "value", "reporting", "expected"):
        refs[uid] = UnitRef(uid, code, name, path, depth)
        current[uid, ind] = (value, reporting, expected)
    inside = _finest_inside(period)
    points: dict[tuple[int, int], list[Point]] = defaultdict(list)
    if inside:
        ends = {p.pk: p.ends_on for p in inside}
        for uid, code, name, path, depth, ind, period_id, value in scoped.filter(period_id__in=list(ends)).values_list(
                *_UNIT_FIELDS, "indicator_id", "period_id", "value"):
            refs.setdefault(uid, UnitRef(uid, code, name, path, depth))
            points[uid, ind].append(Point(ends[period_id], value))
    warnings = []
    for key in current.keys() | points.keys():
        uid, ind = key
        indicator = indicators[ind]
        value, reporting, expected = current.get(key, (None, 0, 0))
        lower, upper = BOUNDS.get(indicator.value_type, (None, None))
        projection = project(starts_on=period.starts_on or today, ends_on=period.ends_on or today, today=today,
                             target=target_spec(indicator.target), points=points.get(key, ()), current=value,
                             cumulative=is_cumulative(indicator), lower=lower, upper=upper)
        if projection.verdict is Verdict.AT_RISK or _off_now(projection, indicator):
            warnings.append(IndicatorWarning(refs[uid], indicator, projection, reporting, expected))
    return warnings


def _late_reports(units: QuerySet[Unit], period: IndicatorPeriod, now: dt.datetime, kpi_set_id: int | None,
                  ) -> list[LateReport]:
    qs = Submission.objects.filter(assignment__round__in=rounds_in([period.key]),
                                   assignment__unit__in=units.values("pk"))
    qs = qs.filter(Q(is_late=True) | Q(status__in=(SubmissionStatus.DRAFT, SubmissionStatus.RETURNED),
                                       assignment__due_at__lt=now))
    if kpi_set_id is not None:
        qs = qs.filter(version__definition_id=kpi_set_id)
    today = now.astimezone(VN).date()
    reports = []
    for (uid, code, name, path, depth, round_id, title, definition, due_at, status, submitted_at) in qs.values_list(
            "assignment__unit_id", "assignment__unit__code", "assignment__unit__name", "assignment__unit__path",
            "assignment__unit__depth", "assignment__round_id", "assignment__round__title",
            "version__definition__code", "assignment__due_at", "status", "submitted_at"):
        pending = status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED) or submitted_at is None
        until = today if pending else submitted_at.astimezone(VN).date()
        reports.append(LateReport(UnitRef(uid, code, name, path, depth), round_id, title, definition, due_at, status,
                                  None if pending else submitted_at,
                                  max(1, (until - due_at.astimezone(VN).date()).days)))
    return reports


def early_warnings(*, units: QuerySet[Unit], period: IndicatorPeriod, now: dt.datetime,
                   kpi_set_id: int | None = None, limit: int | None = 200) -> EarlyWarnings:
    """Return what needs attention in ``units`` (a scope from :mod:`hierarchy.selectors`) for ``period``.

    Indicators off target (red before amber, upper units first) and projected to miss, reports
    missing or late (most days late first). Five queries (three for a period without dates), plus
    whatever ``units`` costs to build; ``kpi_set_id`` keeps one form's indicators and reports.
    """
    today = now.astimezone(VN).date()
    warnings = _indicator_warnings(units, period, today, kpi_set_id)
    rank = {Status.RED: 0, Status.AMBER: 1, Status.UNKNOWN: 2, Status.GREEN: 3}
    by_place = lambda w: (w.unit.depth, w.unit.path, w.indicator.order, w.indicator.code)  # noqa: E731
    off = sorted((w for w in warnings if w.kind == OFF_TARGET), key=lambda w: (rank[w.projection.status], *by_place(w)))
    risk = sorted((w for w in warnings if w.kind == AT_RISK), key=by_place)
    reports = sorted(_late_reports(units, period, now, kpi_set_id), key=lambda r: (-r.days_late, r.unit.path))
    missing = [r for r in reports if r.missing]
    late = [r for r in reports if not r.missing]
    cut = slice(None, limit)
    return EarlyWarnings(period, today, off[cut], risk[cut], missing[cut], late[cut],
                         {"off_target": len(off), "at_risk": len(risk), "missing": len(missing), "late": len(late)})


def periods_for_choice() -> list[IndicatorPeriod]:
    """Return every period, the latest first, for the period filter (one query)."""
    from django.db.models import F

    return list(IndicatorPeriod.objects.order_by(F("starts_on").desc(nulls_last=True), "ends_on", "key"))


def default_period(*, periods: list[IndicatorPeriod], today: dt.date) -> IndicatorPeriod | None:
    """Return the period to check when none is asked: the latest started one holding results (one query)."""
    with_results = set(IndicatorResult.objects.filter(period_id__in=[p.pk for p in periods])
                       .values_list("period_id", flat=True).distinct())
    started = [p for p in periods if p.pk in with_results and (p.starts_on is None or p.starts_on <= today)]
    return started[0] if started else None


def kpi_sets_with_targets():
    """Return the forms (bộ chỉ tiêu) whose indicators have targets, by code (one query)."""
    from formbuilder.models import FormDefinition

    return list(FormDefinition.objects.filter(indicators__is_active=True, indicators__target__isnull=False)
                .distinct().order_by("code"))
