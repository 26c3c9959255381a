"""Reads of indicator results for dashboards, the JSON API and Excel exports (issue 5's later parts).

Every function returns plain dataclasses in a fixed number of queries, whatever the tree's size.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Abs, Coalesce, Substr

from formbuilder.rounds.models import Assignment, Submission, SubmissionStatus
from hierarchy.models import Unit

from .configuration import target_spec
from .engine.completeness import Completeness
from .engine.rules import Aggregation, divide
from .engine.targets import Status, judge
from .keys import units_in
from .models import Indicator, IndicatorPeriod, IndicatorResult, IndicatorValue, Target
from .periods import rounds_in


@dataclass(frozen=True)
class Cell:
    """One indicator's value at one unit, with its counts and its status against the target."""

    indicator_id: int
    value: float | None
    reporting: int
    expected: int
    status: Status

    @property
    def reporting_rate(self) -> float | None:
        return divide(self.reporting, self.expected, 100.0)


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass(frozen=True)
class TrendPoint:
    period: IndicatorPeriod
    value: float | None
    reporting: int
    expected: int
    status: Status


@dataclass(frozen=True)
class Warning:
    """Something in a subtree needing attention: an indicator off target, or units not reporting."""

    unit: Unit
    indicator: Indicator
    kind: str  # "target" or "reporting"
    status: Status
    value: float | None
    reporting: int
    expected: int

    @property
    def message(self) -> str:
        if self.kind == "reporting":
            return f"{self.unit.name}: {self.expected - self.reporting}/{self.expected} đơn vị chưa có số liệu " \
                   f"“{self.indicator.name}”."
        return f"{self.unit.name}: “{self.indicator.name}” {self.status.label_vi.lower()} chỉ tiêu phấn đấu."


def indicators_with_targets(*, ids=None) -> dict[int, Indicator]:
    """Return active indicators (with their targets) by id, in display order."""
    qs = Indicator.objects.filter(is_active=True).select_related("target")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return {i.pk: i for i in qs}


def _target(indicator: Indicator):
    target = getattr(indicator, "target", None)
    return target_spec(target) if target is not None else None


def _cell(indicator: Indicator, value, reporting, expected) -> Cell:
    return Cell(indicator.pk, value, reporting, expected, judge(value, _target(indicator)))


def children_values(*, unit: Unit, period: IndicatorPeriod, indicator_ids=None) -> list[UnitRow]:
    """Return one row per child of ``unit`` (in tree order) with each indicator's value for ``period``.

    An internal child shows its rolled-up result; a leaf child its own reported value (ratios
    computed from its own numerator and denominator). Five queries.
    """
    return unit_rows(units=unit.get_children().select_related("level"), period=period, indicator_ids=indicator_ids)


def unit_values(*, unit: Unit, period: IndicatorPeriod, indicator_ids=None) -> UnitRow:
    """Return ``unit``'s own row: each indicator's result for ``period`` (four queries).

    Like :func:`children_values` for one unit: a result when the unit is internal, its own
    reported values when it is a leaf.
    """
    return unit_rows(units=[unit], period=period, indicator_ids=indicator_ids)[0]


def unit_rows(*, units, period: IndicatorPeriod, indicator_ids=None) -> list[UnitRow]:
    """Return one row per unit of ``units`` (kept in their order) with each indicator's value for ``period``.

    ``units`` is a list or a queryset (one more query); a page of children, for instance. Four
    queries besides it, whatever the number of units.
    """
    indicators = indicators_with_targets(ids=indicator_ids)
    units = list(units)
    ids = [u.pk for u in units]
    rows = {u.pk: UnitRow(u) for u in units}
    results = IndicatorResult.objects.filter(period=period, unit_id__in=units_in(ids),
                                             indicator_id__in=list(indicators))
    for r in results:
        rows[r.unit_id].cells[r.indicator_id] = _cell(indicators[r.indicator_id], r.value, r.reporting, r.expected)
    own = defaultdict(dict)
    for unit_id, ind, value in IndicatorValue.objects.filter(
            period=period, unit_id__in=units_in(ids)).values_list("unit_id", "indicator_id", "value"):
        own[unit_id][ind] = value
    asked = set(Assignment.objects.filter(round__in=rounds_in([period.key]), unit_id__in=ids).order_by()
                .values_list("unit_id", "version__definition_id"))
    for unit in units:
        cells = rows[unit.pk].cells
        for ind, indicator in indicators.items():
            if ind in cells:
                continue
            if indicator.aggregation == Aggregation.RATIO:
                num, den = own[unit.pk].get(indicator.numerator_id), own[unit.pk].get(indicator.denominator_id)
                definition = indicators[indicator.numerator_id].definition_id \
                    if indicator.numerator_id in indicators else None
                value = divide(num, den, indicator.factor) if num is not None else None
                reporting = int(num is not None and den is not None)
            else:
                definition = indicator.definition_id
                value = own[unit.pk].get(ind)
                reporting = int(value is not None)
                if value is not None and indicator.aggregation == Aggregation.COUNT:
                    value = 1.0
                elif value is not None and indicator.aggregation == Aggregation.SHARE:
                    value = 100.0 if _meets(indicator, value) else 0.0
            expected = int((unit.pk, definition) in asked)
            if reporting or expected:
                cells[ind] = _cell(indicator, value, reporting, expected)
    return [rows[pk] for pk in ids]


def _meets(indicator: Indicator, value: float) -> bool:
    from .configuration import indicator_rule

    condition = indicator_rule(indicator).condition
    return condition is not None and condition.holds(value)


def unit_trend(*, unit: Unit, indicator: Indicator, periods=None) -> list[TrendPoint]:
    """Return the indicator's value at ``unit`` for each period that has one, oldest first (two queries).

    ``periods`` (default: every period) are looked up by result key, so the read stays a few index
    probes however many results the table holds. A leaf unit shows its own reported values.
    """
    periods = list(IndicatorPeriod.objects.all() if periods is None else periods)
    by_id = {p.pk: p for p in periods}
    target = _target(indicator)
    rows = (IndicatorResult.objects.filter(unit=unit, indicator=indicator, period_id__in=list(by_id))
            .values_list("period_id", "value", "reporting", "expected"))
    points = [TrendPoint(by_id[p], value, reporting, expected, judge(value, target))
              for p, value, reporting, expected in rows]
    if not points and unit.is_leaf():
        own = (IndicatorValue.objects.filter(unit=unit, indicator=indicator, period_id__in=list(by_id))
               .values_list("period_id", "value"))
        points = [TrendPoint(by_id[p], value, 1, 1, judge(value, target)) for p, value in own]
    return sorted(points, key=lambda p: (p.period.starts_on is None, p.period.starts_on, p.period.key))


def subtree_warnings(*, unit: Unit, period: IndicatorPeriod, limit: int = 200) -> list[Warning]:
    """Return the subtree's results that miss their target (red before amber) or lack reports.

    The database keeps only the results off their green threshold, so a national subtree costs
    one indexed scan, not a Python loop over every result.
    """
    in_subtree = IndicatorResult.objects.filter(period=period, unit__path__startswith=unit.path,
                                                indicator__is_active=True)
    green = Coalesce(F("indicator__target__green_threshold"), F("indicator__target__value"))
    off_target = (Q(indicator__target__direction=">=", value__lt=green)
                  | Q(indicator__target__direction="<=", value__gt=green)
                  | Q(indicator__target__direction="=", gap__gt=Coalesce(F("indicator__target__green_threshold"), 0.0)))
    rows = (in_subtree.annotate(gap=Abs(F("value") - F("indicator__target__value")))
            .filter(Q(value__isnull=False) & off_target)
            .select_related("unit", "indicator__target").order_by("unit__depth", "unit__path")[:limit])
    warnings = [Warning(r.unit, r.indicator, "target", judge(r.value, _target(r.indicator)), r.value, r.reporting,
                        r.expected) for r in rows]
    missing = (in_subtree.filter(reporting__lt=F("expected")).select_related("unit", "indicator__target")
               .order_by("unit__depth", "unit__path")[:limit])
    warnings += [Warning(r.unit, r.indicator, "reporting", Status.UNKNOWN, r.value, r.reporting, r.expected)
                 for r in missing]
    order = {Status.RED: 0, Status.AMBER: 1, Status.UNKNOWN: 2, Status.GREEN: 3}
    return sorted(warnings, key=lambda w: (order[w.status], w.unit.depth, w.unit.path))[:limit]


def _completeness_rows(qs) -> Completeness:
    result = Completeness()
    for status, is_late, n in qs:
        is_late = bool(is_late)
        submitted = status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
        result = result.merge(Completeness(n, n if submitted else 0, n if submitted and not is_late else 0,
                                           n if status == SubmissionStatus.APPROVED else 0))
    return result


def _submissions(*, period: IndicatorPeriod, definition_id=None):
    qs = Submission.objects.filter(assignment__round__in=rounds_in([period.key]))
    if definition_id is not None:
        qs = qs.filter(version__definition_id=definition_id)
    return qs


def completeness(*, unit: Unit, period: IndicatorPeriod, definition_id: int | None = None) -> Completeness:
    """Return expected, submitted, on-time and approved counts of ``unit``'s subtree for a period (one query).

    Counted per assignment (one unit, one form); a returned report counts again once resubmitted.
    """
    qs = _submissions(period=period, definition_id=definition_id).filter(
        assignment__unit__path__startswith=unit.path)
    return _completeness_rows(qs.values_list("status", "is_late").annotate(n=Count("id"))
                              .order_by())


def completeness_by_child(*, unit: Unit, period: IndicatorPeriod, definition_id: int | None = None,
                          ) -> list[tuple[Unit, Completeness]]:
    """Return each child of ``unit`` with the completeness of its subtree (two queries)."""
    width = len(unit.path) + Unit.steplen
    qs = (_submissions(period=period, definition_id=definition_id)
          .filter(assignment__unit__path__startswith=unit.path, assignment__unit__depth__gt=unit.depth)
          .annotate(branch=Substr("assignment__unit__path", 1, width))
          .values_list("branch", "status", "is_late").annotate(n=Count("id")).order_by())
    by_branch = defaultdict(list)
    for branch, status, is_late, n in qs:
        by_branch[branch].append((status, is_late, n))
    return [(child, _completeness_rows(by_branch.get(child.path, []))) for child in unit.get_children()]


def targets_of(*, indicator_ids) -> dict[int, Target]:
    """Return the targets of the given indicators by indicator id (one query)."""
    return {t.indicator_id: t for t in Target.objects.filter(indicator_id__in=indicator_ids)}
