"""Recompute one unit and its ancestors from their children's stored states (after one approval).

Each unit's state is its own value ⊕ each child's state — the child's stored result when it has
one, otherwise the child's own value — so an approval costs a handful of small reads per
ancestor instead of a scan of the whole subtree.
"""
from __future__ import annotations

from collections import defaultdict

from django.db import connection

from formbuilder.models import FormVersion
from formbuilder.rounds.models import Assignment
from hierarchy.models import Unit
from hierarchy.selectors import unit_children

from .configuration import indicator_rule
from .engine.periods import combine_periods
from .engine.rollup import Reported
from .engine.rules import EMPTY, Aggregation, State, finalize, merge_all, ratio_counts, ratio_value
from .keys import units_in
from .models import Indicator, IndicatorPeriod, IndicatorResult, IndicatorValue


STATE_FIELDS = ("value", "reporting", "expected", "total", "minimum", "maximum", "meeting", "last_at")


def _result_state(row: tuple, rule) -> State:
    """Return the State stored in a result row (``STATE_FIELDS`` order)."""
    value, reporting, expected, total, minimum, maximum, meeting, last_at = row
    last = (last_at, value) if rule.aggregation is Aggregation.LAST and value is not None else None
    return State(reporting, expected, total, minimum, maximum, meeting, last)


def _row_state(row: IndicatorResult, rule) -> State:
    return _result_state(tuple(getattr(row, f) for f in STATE_FIELDS), rule)


class SharedValues:
    """Values read once per unit of the chain for several periods refreshed after one approval (its
    month, quarter, half-year and year): each period takes the rows of the periods inside it."""

    def __init__(self, period_ids):
        self.period_ids = sorted(set(period_ids))
        self.rows: dict[int, list[tuple]] = {}
        self.children: dict[int, list[int]] = {}

    def child_ids(self, node: Unit) -> list[int]:
        if node.pk not in self.children:
            self.children[node.pk] = _child_ids(node)
        return self.children[node.pk]

    def read(self, node_id: int, unit_filter: dict, indicators) -> list[tuple]:
        if node_id not in self.rows:
            self.rows[node_id] = _value_rows(unit_filter, self.period_ids, indicators)
        return self.rows[node_id]


def _child_ids(node: Unit) -> list[int]:
    return list(unit_children(parent=node).order_by().values_list("pk", flat=True))


def _value_rows(unit_filter: dict, period_ids: list[int], indicators) -> list[tuple]:
    filters = {k: units_in(v) if k == "unit_id__in" else v for k, v in unit_filter.items()}
    return list(IndicatorValue.objects.filter(period_id__in=period_ids, indicator_id__in=list(indicators),
                                              **filters)
                .values_list("unit_id", "indicator_id", "period_id", "value", "reported_at"))


def _own_values(*, unit_filter: dict, period_ids: list[int], indicators: dict[int, Indicator],
                ends: dict[int, object], rows=None) -> dict[tuple[int, int], Reported]:
    """Return {(unit id, indicator id): Reported} for the units matching ``unit_filter``, periods combined.

    ``rows`` (from :class:`SharedValues`) may hold values of more periods; only ``period_ids`` count.
    """
    if rows is None:
        rows = _value_rows(unit_filter, period_ids, indicators)
    else:
        wanted = set(period_ids)
        rows = [row for row in rows if row[2] in wanted]
    if len(period_ids) == 1:
        return {(u, i): Reported(v, at) for u, i, _, v, at in rows}
    grouped = defaultdict(list)
    for u, i, p, v, at in rows:
        grouped[(u, i)].append((ends[p], v, at))
    combined = {}
    for key, items in grouped.items():
        value, at = combine_periods(items, indicator_rule(indicators[key[1]]).period_combine)
        combined[key] = Reported(value, at)
    return combined


def _assigned(*, unit_filter: dict, round_ids: list[int], definitions: set[int]) -> set[tuple[int, int]]:
    """Return {(unit id, definition id)} asked to report in the rounds, for the units matching the filter."""
    if not round_ids:
        return set()
    versions = FormVersion.objects.filter(definition_id__in=definitions).values("pk")
    return set(Assignment.objects.filter(round_id__in=round_ids, version_id__in=versions, **unit_filter)
               .order_by().values_list("unit_id", "version__definition_id"))


class _Near:
    """A unit's own and its children's values and assignments, as engine states."""

    def __init__(self, base, rules, values, asked):
        self.base, self.rules, self.values, self.asked = base, rules, values, asked

    def own_state(self, unit_id: int, ind: int) -> State:
        """Return the state of one unit on its own: its value (if any) and whether it was asked."""
        reported = self.values.get((unit_id, ind))
        expected = 1 if (unit_id, self.base[ind].definition_id) in self.asked else 0
        if reported is None:
            return State.expecting(expected)
        return State.of_value(reported.value, at=reported.at, condition=self.rules[ind].condition,
                              expected=expected)

    def units_by_indicator(self) -> dict[int, set[int]]:
        """Return, per indicator, the units that reported it or were asked to."""
        by_definition = defaultdict(set)
        for unit_id, definition in self.asked:
            by_definition[definition].add(unit_id)
        units = defaultdict(set)
        for unit_id, ind in self.values:
            units[ind].add(unit_id)
        for ind, indicator in self.base.items():
            units[ind] |= by_definition.get(indicator.definition_id, set())
        return units


def recompute_unit_and_ancestors(*, unit: Unit, period: IndicatorPeriod, period_ids: list[int],
                                 round_ids: list[int], indicators: list[Indicator], ratios: list[Indicator],
                                 shared: SharedValues | None = None) -> int:
    """Recompute the results of ``unit`` and of each of its ancestors, deepest first; return rows written.

    Six queries per unit of the chain: its children, their results, their and its own values and
    assignments, then delete and insert — the parent's turn reads what this one wrote. With
    ``shared``, the children and values are read once per unit for every period refreshed after one
    approval.
    """
    base = {i.pk: i for i in indicators}
    rules = {pk: indicator_rule(i) for pk, i in base.items()}
    definitions = {i.definition_id for i in indicators}
    ends = dict(IndicatorPeriod.objects.filter(pk__in=period_ids).values_list("pk", "ends_on"))
    paths = [unit.path[:n] for n in range(len(unit.path), 0, -Unit.steplen)]
    written = 0
    for node in Unit.objects.filter(path__in=paths).order_by("-depth").only("id", "path", "depth"):
        # Ids first: every later read is then a probe of its table's (period, unit …) key.
        children = shared.child_ids(node) if shared is not None else _child_ids(node)
        near_filter = {"unit_id__in": [node.pk, *children]}
        child_results = {(row[0], row[1]): row[2:] for row in IndicatorResult.objects.filter(
            period=period, indicator_id__in=list(base), unit_id__in=units_in(children)).values_list(
            "unit_id", "indicator_id", *STATE_FIELDS)}
        rows = shared.read(node.pk, near_filter, base) if shared is not None else None
        near = _Near(base, rules, _own_values(unit_filter=near_filter, period_ids=period_ids, indicators=base,
                                              ends=ends, rows=rows),
                     _assigned(unit_filter=near_filter, round_ids=round_ids, definitions=definitions))
        parts: dict[int, list[State]] = defaultdict(list)
        below: set[int] = set()  # indicators with a contribution from a proper descendant
        for (_child, ind), row in child_results.items():
            parts[ind].append(_result_state(row, rules[ind]))
            below.add(ind)
        for ind, unit_ids in near.units_by_indicator().items():
            for unit_id in unit_ids:
                if (unit_id, ind) not in child_results:
                    parts[ind].append(near.own_state(unit_id, ind))
                    below.update([ind] if unit_id != node.pk else [])
        rows = []
        for ind in sorted(below):
            rule, state = rules[ind], merge_all(parts[ind])
            rows.append(IndicatorResult(
                period=period, unit_id=node.pk, indicator_id=ind, value=finalize(rule, state),
                reporting=state.reporting, expected=state.expected, total=state.total, minimum=state.minimum,
                maximum=state.maximum, meeting=state.meeting,
                last_at=state.last[0] if rule.aggregation is Aggregation.LAST and state.last else None))
        own = {ind: near.own_state(node.pk, ind) for ind in base}
        rows += _ratio_rows(period, node.pk, {r.indicator_id: r for r in rows}, ratios, rules, own)
        _replace_results(period.pk, node.pk, list(base) + [r.pk for r in ratios], rows)
        written += len(rows)
    return written


def _replace_results(period_id: int, unit_id: int, indicator_ids: list[int], rows: list[IndicatorResult]) -> None:
    """Replace one unit's results for some indicators: one DELETE and one batched INSERT.

    Plain SQL on this hot path: the ORM's per-row work for a composite key costs more than the
    statements themselves.
    """
    table = IndicatorResult._meta.db_table
    columns = ("period_id", "unit_id", "indicator_id", "value", "reporting", "expected", "total", "minimum",
               "maximum", "meeting", "last_at")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE period_id = %s AND unit_id = %s AND indicator_id IN "
                       f"({', '.join(['%s'] * len(indicator_ids))})", [period_id, unit_id, *indicator_ids])
        if rows:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                [(period_id, unit_id, r.indicator_id, r.value, r.reporting, r.expected, r.total, r.minimum,
                  r.maximum, r.meeting, connection.ops.adapt_datetimefield_value(r.last_at)) for r in rows])


def _ratio_rows(period, unit_id: int, by_indicator: dict[int, IndicatorResult], ratios: list[Indicator],
                rules, own: dict[int, State]) -> list[IndicatorResult]:
    rows = []
    for ratio in ratios:
        num_row, den_row = by_indicator.get(ratio.numerator_id), by_indicator.get(ratio.denominator_id)
        if num_row is None and den_row is None:
            continue
        num = _row_state(num_row, rules[ratio.numerator_id]) if num_row else own.get(ratio.numerator_id, EMPTY)
        den = _row_state(den_row, rules[ratio.denominator_id]) if den_row else own.get(ratio.denominator_id, EMPTY)
        reporting, expected = ratio_counts(num, den)
        rows.append(IndicatorResult(period=period, unit_id=unit_id, indicator_id=ratio.pk,
                                    value=ratio_value(num, den, ratio.factor), reporting=reporting,
                                    expected=expected))
    return rows
