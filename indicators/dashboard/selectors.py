"""Reads of a dashboard: one unit's indicator table, its children compared, its trend, its completeness.

Everything a page (and its XLSX export) shows comes from :func:`dashboard_for`, in a fixed number
of queries whatever the number of children, indicators or periods. The leaf rule (a unit without
children shows its own reported values) is the one of :func:`indicators.selectors.children_values`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef
from django.db.models.functions import Substr

from formbuilder.rounds.models import Assignment
from hierarchy.models import Unit
from hierarchy.selectors import membership_paths, unit_ancestors, user_can_see_unit, user_sees_all

from ..configuration import indicator_rule, target_spec
from ..engine.completeness import Completeness
from ..engine.periods import ROUND_PREFIX, parse_period_key
from ..engine.rules import Aggregation, divide
from ..keys import units_in
from ..engine.targets import judge
from ..models import Indicator, IndicatorPeriod, IndicatorResult, IndicatorValue
from ..periods import rounds_in
from ..selectors import Cell, TrendPoint, _completeness_rows, _submissions

TREND_PERIODS = 12


@dataclass(frozen=True)
class KpiSet:
    """A KPI set (bộ chỉ tiêu): the form definition the indicators are read from."""

    pk: int
    code: str
    title: str


@dataclass(frozen=True)
class Line:
    """One row of the unit's indicator table, with the indicator's trend over the recent periods."""

    indicator: Indicator
    cell: Cell | None
    trend: list[TrendPoint]

    @property
    def target(self):
        return getattr(self.indicator, "target", None)


@dataclass(frozen=True)
class ChildRow:
    """One child unit compared: its subtree's completeness and one cell per indicator column (None: no data)."""

    unit: Unit
    completeness: Completeness
    cells: list[Cell | None]


@dataclass(frozen=True)
class Dashboard:
    unit: Unit
    ancestors: list[Unit]
    period: IndicatorPeriod
    periods: list[IndicatorPeriod]
    trend_periods: list[IndicatorPeriod]
    kpi_sets: list[KpiSet]
    kpi_set: KpiSet | None
    lines: list[Line]
    children: list[ChildRow]
    completeness: Completeness

    @property
    def indicators(self) -> list[Indicator]:
        return [line.indicator for line in self.lines]


# --- Scope and choices ------------------------------------------------------------------------

def top_unit_of(*, user) -> Unit | None:
    """Return the highest unit ``user`` may see (the first root for central staff), or None."""
    if user_sees_all(user):
        return Unit.get_root_nodes().first()
    paths = sorted(membership_paths(user=user), key=lambda p: (len(p), p))
    return Unit.objects.filter(path=paths[0]).first() if paths else None


def visible_ancestors(*, user, unit: Unit) -> list[Unit]:
    """Return ``unit``'s ancestors from the root down, only those ``user`` may see (one query)."""
    return [a for a in unit_ancestors(unit=unit) if user_can_see_unit(user=user, unit=a)]


def all_periods() -> list[IndicatorPeriod]:
    """Return every period, oldest first (one query)."""
    return sorted(IndicatorPeriod.objects.all(), key=_period_order)


def _period_order(period: IndicatorPeriod):
    return (period.starts_on is None, period.starts_on, period.ends_on, period.key)


def latest_period_with_data(*, unit: Unit) -> IndicatorPeriod | None:
    """Return the latest period holding a result (for a leaf: a reported value) of ``unit`` (one query)."""
    model = IndicatorValue if unit.is_leaf() else IndicatorResult
    # One probe per period on the (period, unit, …) key rather than a scan of the unit's rows.
    having = Exists(model.objects.filter(period_id=OuterRef("pk"), unit_id=unit.pk))
    return (IndicatorPeriod.objects.filter(having)
            .order_by(F("starts_on").desc(nulls_last=True), F("ends_on").desc(nulls_last=True), "-key").first())


def _kind(period: IndicatorPeriod):
    calendar = parse_period_key(period.key)
    return calendar.kind if calendar is not None else ROUND_PREFIX


def trend_periods(period: IndicatorPeriod, periods: list[IndicatorPeriod], count: int = TREND_PERIODS):
    """Return the last ``count`` periods of ``period``'s kind (months with a month …) up to ``period``."""
    kind = _kind(period)
    same = [p for p in periods if _kind(p) == kind]
    upto = same[: same.index(period) + 1] if period in same else [period]
    return upto[-count:]


def active_indicators() -> dict[int, Indicator]:
    """Return the active indicators with their targets and source definitions, in display order (one query)."""
    return {i.pk: i for i in Indicator.objects.filter(is_active=True).select_related("target", "definition")}


def kpi_set_of(indicator: Indicator, indicators: dict[int, Indicator]) -> int | None:
    """Return the definition id an indicator belongs to (a ratio: its numerator's)."""
    if indicator.definition_id is None and indicator.numerator_id in indicators:
        return indicators[indicator.numerator_id].definition_id
    return indicator.definition_id


def kpi_sets_of(indicators: dict[int, Indicator]) -> list[KpiSet]:
    found = {i.definition_id: KpiSet(i.definition.pk, i.definition.code, i.definition.title)
             for i in indicators.values() if i.definition_id is not None}
    return sorted(found.values(), key=lambda s: s.code)


# --- Values ---------------------------------------------------------------------------------

def _cell(indicator: Indicator, value, reporting: int, expected: int) -> Cell:
    target = getattr(indicator, "target", None)
    return Cell(indicator.pk, value, reporting, expected, judge(value, target_spec(target) if target else None))


def _own_cell(indicator: Indicator, indicators: dict[int, Indicator], own: dict[int, float], asked: set,
              unit_id: int) -> Cell | None:
    """Return a leaf's cell from its own values (None when it neither reported nor was asked)."""
    if indicator.aggregation == Aggregation.RATIO:
        num, den = own.get(indicator.numerator_id), own.get(indicator.denominator_id)
        definition = kpi_set_of(indicator, indicators)
        value = divide(num, den, indicator.factor) if num is not None else None
        reporting = int(num is not None and den is not None)
    else:
        definition = indicator.definition_id
        value = own.get(indicator.pk)
        reporting = int(value is not None)
        if value is not None and indicator.aggregation == Aggregation.COUNT:
            value = 1.0
        elif value is not None and indicator.aggregation == Aggregation.SHARE:
            condition = indicator_rule(indicator).condition
            value = 100.0 if condition is not None and condition.holds(value) else 0.0
    expected = int((unit_id, definition) in asked)
    if not (reporting or expected):
        return None
    return _cell(indicator, value, reporting, expected)


def units_cells(*, units: list[Unit], period: IndicatorPeriod, indicators: dict[int, Indicator],
                ) -> dict[int, dict[int, Cell]]:
    """Return each unit's cells for ``period`` by unit id: an internal unit's results, a leaf's own values.

    Three queries (results, own values, assignments), whatever the number of units and indicators.
    """
    ids = [u.pk for u in units]
    cells: dict[int, dict[int, Cell]] = {pk: {} for pk in ids}
    if not ids or not indicators:
        return cells
    results = (IndicatorResult.objects.filter(period=period, unit_id__in=units_in(ids),
                                              indicator_id__in=list(indicators))
               .values_list("unit_id", "indicator_id", "value", "reporting", "expected"))
    for unit_id, ind, value, reporting, expected in results:
        cells[unit_id][ind] = _cell(indicators[ind], value, reporting, expected)
    leaves = [u.pk for u in units if u.is_leaf()]
    own: dict[int, dict[int, float]] = defaultdict(dict)
    asked: set = set()
    if leaves:
        for unit_id, ind, value in IndicatorValue.objects.filter(
                period=period, unit_id__in=units_in(leaves)).values_list("unit_id", "indicator_id", "value"):
            own[unit_id][ind] = value
        asked = set(Assignment.objects.filter(round__in=rounds_in([period.key]), unit_id__in=leaves).order_by()
                    .values_list("unit_id", "version__definition_id"))
    for unit_id in leaves:
        for ind, indicator in indicators.items():
            if ind not in cells[unit_id]:
                cell = _own_cell(indicator, indicators, own[unit_id], asked, unit_id)
                if cell is not None:
                    cells[unit_id][ind] = cell
    return cells


def units_trends(*, unit: Unit, indicators: dict[int, Indicator], periods: list[IndicatorPeriod],
                 ) -> dict[int, list[TrendPoint]]:
    """Return, by indicator id, ``unit``'s value in each of ``periods`` that has one, in the periods' order.

    One query for an internal unit (its results, by key), one for a leaf (its own values; ratios
    from its numerator and denominator; a leaf's reporting count is 1 where it reported).
    """
    by_id = {p.pk: p for p in periods}
    order = {p.pk: n for n, p in enumerate(periods)}
    points: dict[int, list[TrendPoint]] = {ind: [] for ind in indicators}
    if not indicators or not periods:
        return points
    if unit.is_leaf():
        own: dict[int, dict[int, float]] = defaultdict(dict)
        for period_id, ind, value in IndicatorValue.objects.filter(unit=unit, period_id__in=list(by_id)).values_list(
                "period_id", "indicator_id", "value"):
            own[period_id][ind] = value
        for period_id in sorted(own, key=order.get):
            for ind, indicator in indicators.items():
                cell = _own_cell(indicator, indicators, own[period_id], set(), unit.pk)
                if cell is not None:
                    points[ind].append(TrendPoint(by_id[period_id], cell.value, cell.reporting, 1, cell.status))
        return points
    rows = (IndicatorResult.objects.filter(unit=unit, indicator_id__in=list(indicators), period_id__in=list(by_id))
            .values_list("period_id", "indicator_id", "value", "reporting", "expected"))
    for period_id, ind, value, reporting, expected in sorted(rows, key=lambda r: order[r[0]]):
        cell = _cell(indicators[ind], value, reporting, expected)
        points[ind].append(TrendPoint(by_id[period_id], value, reporting, expected, cell.status))
    return points


def completeness_tree(*, unit: Unit, children: list[Unit], period: IndicatorPeriod,
                      definition_id: int | None = None) -> tuple[Completeness, list[Completeness]]:
    """Return the completeness of ``unit``'s subtree and of each child's subtree, in ``children``'s order.

    The counts of :func:`indicators.selectors.completeness` and ``completeness_by_child`` read in one
    query: the subtree's submissions grouped by the branch (child path) they fall in; the unit's own
    assignments count in the total only.
    """
    width = len(unit.path) + Unit.steplen
    qs = (_submissions(period=period, definition_id=definition_id)
          .filter(assignment__unit__path__startswith=unit.path)
          .annotate(branch=Substr("assignment__unit__path", 1, width))
          .values_list("branch", "status", "is_late").annotate(n=Count("id")).order_by())
    by_branch: dict[str, list] = defaultdict(list)
    for branch, status, is_late, n in qs:
        by_branch[branch].append((status, is_late, n))
    total = _completeness_rows([row for rows in by_branch.values() for row in rows])
    return total, [_completeness_rows(by_branch.get(child.path, [])) for child in children]


# --- The page --------------------------------------------------------------------------------

def dashboard_for(*, user, unit: Unit, period: IndicatorPeriod, periods: list[IndicatorPeriod],
                  indicators: dict[int, Indicator], kpi_set: KpiSet | None = None) -> Dashboard:
    """Return what ``unit``'s dashboard shows for ``period``, limited to ``kpi_set`` (all sets if None).

    ``user`` must already be allowed to see ``unit`` (then they see its whole subtree); ``periods``
    and ``indicators`` come from :func:`all_periods` and :func:`active_indicators`. Seven queries for
    an internal unit, whatever the number of children, indicators and periods.
    """
    kpi_sets = kpi_sets_of(indicators)
    if kpi_set is not None:
        indicators = {pk: i for pk, i in indicators.items() if kpi_set_of(i, indicators) == kpi_set.pk}
    children = list(unit.get_children().select_related("level"))
    cells = units_cells(units=[unit, *children], period=period, indicators=indicators)
    recent = trend_periods(period, periods)
    trends = units_trends(unit=unit, indicators=indicators, periods=recent)
    total, by_child = completeness_tree(unit=unit, children=children, period=period,
                                        definition_id=kpi_set.pk if kpi_set else None)
    lines = [Line(i, cells[unit.pk].get(pk), trends[pk]) for pk, i in indicators.items()]
    rows = [ChildRow(child, done, [cells[child.pk].get(pk) for pk in indicators])
            for child, done in zip(children, by_child)]
    return Dashboard(unit=unit, ancestors=visible_ancestors(user=user, unit=unit), period=period, periods=periods,
                     trend_periods=recent, kpi_sets=kpi_sets, kpi_set=kpi_set, lines=lines, children=rows,
                     completeness=total)
