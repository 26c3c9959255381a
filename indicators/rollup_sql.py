"""Full roll-up of one period inside the database (PostgreSQL and SQLite).

The plan (the issue's "best hand-written SQL", generalised to every rule):

1. one scan of the period's values, grouped by (parent id, indicator) through UnitLink — the
   ~10M leaf values become one partial state per parent (~170k rows on the 200k-unit tree);
2. the units asked to report (assignments of the period's rounds), grouped the same way but per
   definition, which is all the indicators of one form share;
3. both small partial tables are pushed up one level at a time (deepest first);
4. internal units add their own value, every state is finalised by its indicator's rule and
   written in key order; ratio indicators are computed from their parts' totals.

The partial states are those of :class:`indicators.engine.rules.State`, so this module and the
pure engine agree by construction; tests compare them on small trees. Nothing is fetched into
Python but a few counts; the caller holds the transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from formbuilder.models import FormVersion
from formbuilder.rounds.models import Assignment

from .engine.rules import Aggregation, PeriodCombine
from .models import Indicator, IndicatorPeriod, IndicatorResult, IndicatorValue, UnitLink

STATES = "indicators_tmp_states"  # (unit, indicator, depth) partial value states
ASKED = "indicators_tmp_asked"  # (unit, definition, depth) counts of units asked to report
ASSIGNED = "indicators_tmp_assigned"  # (unit, definition) once per unit asked
STATE_COLUMNS = "unit_id, indicator_id, depth, n, total, mn, mx, k, lt, lv"
RESULT_COLUMNS = ("period_id, unit_id, indicator_id, value, reporting, expected, total, minimum, maximum, meeting, "
                  "last_at")
LATEST_FIRST = "CASE WHEN {t}lt IS NULL THEN 1 ELSE 0 END, {t}lt DESC, {t}lv DESC"


@dataclass(frozen=True)
class Plan:
    """What one recompute covers."""

    period_id: int
    period_ids: list[int]  # the period itself, or every period inside it (combined per indicator)
    indicators: list[Indicator]  # base indicators (read from forms)
    ratios: list[Indicator]
    round_ids: list[int]
    filter_indicators: bool  # values of other indicators exist and must be skipped


def _ids(items) -> str:
    # Integer ids from our own tables, inlined: PostgreSQL plans a literal list better than a parameter.
    return ", ".join(str(int(i)) for i in items) or "NULL"


class _Sql:
    def __init__(self, cursor):
        self.cursor = cursor
        self.pg = connection.vendor == "postgresql"
        self.timestamp = "TIMESTAMP WITH TIME ZONE" if self.pg else "TIMESTAMP"
        self.temporary: list[str] = []

    def run(self, sql: str, params=()) -> int:
        self.cursor.execute(sql, list(params))
        return self.cursor.rowcount

    def one(self, sql: str, params=()):
        self.cursor.execute(sql, list(params))
        return self.cursor.fetchone()[0]

    def analyze(self, table: str) -> None:
        # Temporary tables are never analysed by autovacuum; without statistics PostgreSQL
        # picks nested loops over hundreds of thousands of rows.
        if self.pg:
            self.run(f"ANALYZE {table}")

    def temp_table(self, name: str, columns: str) -> str:
        self.run(f"DROP TABLE IF EXISTS {name}")
        self.run(f"CREATE TEMP TABLE {name} ({columns})")
        self.temporary.append(name)
        return name

    def drop_temporary(self) -> None:
        for name in reversed(self.temporary):
            self.run(f"DROP TABLE {name}")


def _meets_sql(indicators: list[Indicator]) -> tuple[str, list]:
    """Return SQL that is 1 when ``v.value`` meets its share indicator's condition (else 0), and its params."""
    whens, params = [], []
    for ind in indicators:
        if ind.aggregation == Aggregation.SHARE and ind.condition_op and ind.condition_value is not None:
            whens.append(f"WHEN v.indicator_id = %s AND v.value {ind.condition_op} %s THEN 1")
            params += [ind.pk, ind.condition_value]
    if not whens:
        return "0", []
    return "CASE " + " ".join(whens) + " ELSE 0 END", params


def _value_sql() -> str:
    """Return the SQL finalising a state ``s`` by its indicator ``i``'s rule (engine.rules.finalize)."""
    a = Aggregation
    return (f"CASE i.aggregation "
            f"WHEN '{a.COUNT}' THEN CAST(s.n AS DOUBLE PRECISION) "
            f"WHEN '{a.SUM}' THEN CASE WHEN s.n > 0 THEN s.total END "
            f"WHEN '{a.AVERAGE}' THEN CASE WHEN s.n > 0 THEN s.total / s.n END "
            f"WHEN '{a.MIN}' THEN s.mn WHEN '{a.MAX}' THEN s.mx "
            f"WHEN '{a.SHARE}' THEN CASE WHEN s.n > 0 THEN 100.0 * s.k / s.n END END")


def _single_source(sql: _Sql, plan: Plan) -> int | None:
    """Return the one period whose values make up ``plan``'s, if there is one.

    A longer period with values in only one of its periods (a quarter after its first month's
    approvals: the case of every quarter's first roll-up) takes those values as they are, since
    every period rule (sum, average, last) leaves a single value unchanged.
    """
    if len(plan.period_ids) == 1:
        return plan.period_ids[0]
    values = IndicatorValue._meta.db_table
    ids = _ids(i.pk for i in plan.indicators)
    holding = [pk for pk in plan.period_ids if sql.one(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {values} WHERE period_id = {int(pk)} AND indicator_id IN ({ids}) "
        f"LIMIT 1) x")]
    return holding[0] if len(holding) == 1 else None


def _leaves(plan: Plan, single: int | None, *, indicators=None, units: str = "") -> str:
    """Return the relation of the period's values per unit (unit_id, indicator_id, value, reported_at).

    A longer period with values in several of its periods combines each unit's values by the indicator's
    period rule, as a subquery the roll-up aggregates further: writing ten million combined rows to a
    temporary table, indexing and reading them again cost three times as much on PostgreSQL. ``indicators``
    (default: the plan's) and ``units`` (a subquery of unit ids) narrow what is combined.
    """
    values = IndicatorValue._meta.db_table
    if single is not None:
        return f"(SELECT unit_id, indicator_id, value, reported_at FROM {values} WHERE period_id = {single})"
    indicators = plan.indicators if indicators is None else indicators

    def where(t: str = "") -> str:
        return f"{t}period_id IN ({_ids(plan.period_ids)})" + (f" AND {t}unit_id IN ({units})" if units else "")

    parts = []
    for rule, combine in ((PeriodCombine.SUM, "SUM"), (PeriodCombine.AVERAGE, "AVG")):
        ids = _ids(i.pk for i in indicators if i.period_combine == rule)
        if ids != "NULL":
            parts.append(f"SELECT unit_id, indicator_id, {combine}(value) AS value, MAX(reported_at) AS reported_at "
                         f"FROM {values} WHERE {where()} AND indicator_id IN ({ids}) GROUP BY unit_id, indicator_id")
    last = _ids(i.pk for i in indicators if i.period_combine not in (PeriodCombine.SUM, PeriodCombine.AVERAGE))
    if last != "NULL":
        per = IndicatorPeriod._meta.db_table
        parts.append(f"SELECT unit_id, indicator_id, value, reported_at FROM ("
                     f"SELECT v.unit_id, v.indicator_id, v.value, v.reported_at, ROW_NUMBER() OVER ("
                     f"PARTITION BY v.unit_id, v.indicator_id ORDER BY p.ends_on DESC, v.value DESC) AS rn "
                     f"FROM {values} v JOIN {per} p ON p.id = v.period_id "
                     f"WHERE {where('v.')} AND v.indicator_id IN ({last})) x WHERE rn = 1")
    return "(" + " UNION ALL ".join(parts) + ")"


def _roll_values(sql: _Sql, plan: Plan, single: int | None) -> None:
    """Fill STATES: leaves to parents, up the tree level by level, then internal units' own values."""
    leaves = _leaves(plan, single)
    link = UnitLink._meta.db_table
    only = f" AND v.indicator_id IN ({_ids(i.pk for i in plan.indicators)})" if plan.filter_indicators else ""
    meets, params = _meets_sql(plan.indicators)
    k = "0" if meets == "0" else f"SUM({meets})"
    sql.temp_table(STATES, f"unit_id BIGINT, indicator_id BIGINT, depth INTEGER, n BIGINT, total DOUBLE PRECISION, "
                           f"mn DOUBLE PRECISION, mx DOUBLE PRECISION, k BIGINT, lt {sql.timestamp}, "
                           f"lv DOUBLE PRECISION")
    # The only pass over the big table.
    sql.run(f"INSERT INTO {STATES} ({STATE_COLUMNS}) "
            f"SELECT l.parent_id, v.indicator_id, MAX(l.depth) - 1, COUNT(*), SUM(v.value), MIN(v.value), "
            f"MAX(v.value), {k}, NULL, NULL FROM {leaves} v JOIN {link} l ON l.unit_id = v.unit_id "
            f"WHERE l.parent_id IS NOT NULL{only} GROUP BY l.parent_id, v.indicator_id", params)
    lasts = [i for i in plan.indicators if i.aggregation == Aggregation.LAST]
    last_ids = _ids(i.pk for i in lasts)
    if last_ids != "NULL":
        # "Last value": the latest report under each parent, carried up as (lt, lv) beside the sums.
        sql.run(f"INSERT INTO {STATES} ({STATE_COLUMNS}) SELECT parent_id, indicator_id, depth - 1, 0, NULL, NULL, "
                f"NULL, 0, lt, lv FROM (SELECT l.parent_id, l.depth, v.indicator_id, v.reported_at AS lt, "
                f"v.value AS lv, ROW_NUMBER() OVER (PARTITION BY l.parent_id, v.indicator_id "
                f"ORDER BY CASE WHEN v.reported_at IS NULL THEN 1 ELSE 0 END, v.reported_at DESC, v.value DESC) AS rn "
                f"FROM {_leaves(plan, single, indicators=lasts)} v JOIN {link} l ON l.unit_id = v.unit_id "
                f"WHERE l.parent_id IS NOT NULL AND v.indicator_id IN ({last_ids})) x WHERE rn = 1")
    sql.analyze(STATES)
    for depth in range(sql.one(f"SELECT MAX(depth) FROM {STATES}") or 0, 1, -1):
        sql.run(f"INSERT INTO {STATES} ({STATE_COLUMNS}) SELECT l.parent_id, q.indicator_id, {depth - 1}, SUM(q.n), "
                f"SUM(q.total), MIN(q.mn), MAX(q.mx), SUM(q.k), NULL, NULL FROM {STATES} q "
                f"JOIN {link} l ON l.unit_id = q.unit_id WHERE q.depth = {depth} AND l.parent_id IS NOT NULL "
                f"GROUP BY l.parent_id, q.indicator_id")
        if last_ids != "NULL":
            sql.run(f"INSERT INTO {STATES} ({STATE_COLUMNS}) SELECT parent_id, indicator_id, {depth - 1}, 0, NULL, "
                    f"NULL, NULL, 0, lt, lv FROM (SELECT l.parent_id, q.indicator_id, q.lt, q.lv, ROW_NUMBER() OVER "
                    f"(PARTITION BY l.parent_id, q.indicator_id ORDER BY {LATEST_FIRST.format(t='q.')}) AS rn "
                    f"FROM {STATES} q JOIN {link} l ON l.unit_id = q.unit_id "
                    f"WHERE q.depth = {depth} AND q.lv IS NOT NULL AND l.parent_id IS NOT NULL) x WHERE rn = 1")
    # Internal units' own values (depth 0: counted in their own result, never pushed again).
    own_meets, own_params = _meets_sql(plan.indicators)
    # CROSS JOIN: SQLite then walks the few internal units and probes their values by key instead of
    # scanning every value (0.19 s → ms on 1M values); PostgreSQL plans it as the inner join it is.
    if single is None:
        internal = f"SELECT unit_id FROM {link} WHERE internal"
        own, on = f"{_leaves(plan, None, units=internal)} v", "v.unit_id = l.unit_id"
    else:
        own, on = f"{IndicatorValue._meta.db_table} v", f"v.period_id = {single} AND v.unit_id = l.unit_id"
    sql.run(f"INSERT INTO {STATES} ({STATE_COLUMNS}) SELECT v.unit_id, v.indicator_id, 0, 1, v.value, v.value, "
            f"v.value, {own_meets}, v.reported_at, v.value FROM {link} l CROSS JOIN {own} "
            f"WHERE {on} AND l.internal = %s{only}", own_params + [True])


def _roll_asked(sql: _Sql, plan: Plan) -> None:
    """Fill ASKED: the units asked to report, per definition, counted up the tree like the values."""
    link = UnitLink._meta.db_table
    sql.temp_table(ASSIGNED, "unit_id BIGINT, definition_id BIGINT")
    sql.temp_table(ASKED, "unit_id BIGINT, definition_id BIGINT, depth INTEGER, e BIGINT")
    if not plan.round_ids:
        return
    definitions = _ids({i.definition_id for i in plan.indicators})
    sql.run(f"INSERT INTO {ASSIGNED} SELECT DISTINCT a.unit_id, fv.definition_id "
            f"FROM {Assignment._meta.db_table} a JOIN {FormVersion._meta.db_table} fv ON fv.id = a.version_id "
            f"WHERE a.round_id IN ({_ids(plan.round_ids)}) AND fv.definition_id IN ({definitions})")
    sql.analyze(ASSIGNED)
    sql.run(f"INSERT INTO {ASKED} SELECT l.parent_id, a.definition_id, MAX(l.depth) - 1, COUNT(*) "
            f"FROM {ASSIGNED} a JOIN {link} l ON l.unit_id = a.unit_id WHERE l.parent_id IS NOT NULL "
            f"GROUP BY l.parent_id, a.definition_id")
    for depth in range(sql.one(f"SELECT MAX(depth) FROM {ASKED}") or 0, 1, -1):
        sql.run(f"INSERT INTO {ASKED} SELECT l.parent_id, x.definition_id, {depth - 1}, SUM(x.e) FROM {ASKED} x "
                f"JOIN {link} l ON l.unit_id = x.unit_id WHERE x.depth = {depth} AND l.parent_id IS NOT NULL "
                f"GROUP BY l.parent_id, x.definition_id")
    sql.run(f"INSERT INTO {ASKED} SELECT a.unit_id, a.definition_id, 0, 1 FROM {ASSIGNED} a "
            f"JOIN {link} l ON l.unit_id = a.unit_id WHERE l.internal = %s", [True])


def _write_results(sql: _Sql, plan: Plan) -> int:
    """Finalise every (unit, indicator) with a contribution from a proper descendant; return rows written."""
    ind, res = Indicator._meta.db_table, IndicatorResult._meta.db_table
    base = _ids(i.pk for i in plan.indicators)
    states = (f"(SELECT unit_id, indicator_id, SUM(n) AS n, SUM(total) AS total, MIN(mn) AS mn, MAX(mx) AS mx, "
              f"SUM(k) AS k, MAX(depth) AS d FROM {STATES} GROUP BY unit_id, indicator_id)")
    asked = f"(SELECT unit_id, definition_id, SUM(e) AS e, MAX(depth) AS d FROM {ASKED} GROUP BY unit_id, definition_id)"
    with_values = (f"SELECT s.unit_id, s.indicator_id, {_value_sql()} AS value, s.n, COALESCE(x.e, 0) AS e, s.total, "
                   f"s.mn, s.mx, s.k FROM {states} s JOIN {ind} i ON i.id = s.indicator_id "
                   f"LEFT JOIN {asked} x ON x.unit_id = s.unit_id AND x.definition_id = i.definition_id "
                   f"WHERE s.d > 0 OR x.d > 0")
    # Units whose subtree was asked but reported nothing: a result with no value (except a zero count).
    only_asked = (f"SELECT x.unit_id, i.id, CASE WHEN i.aggregation = '{Aggregation.COUNT}' THEN 0.0 END, 0, x.e, "
                  f"NULL, NULL, NULL, 0 FROM {asked} x JOIN {ind} i ON i.definition_id = x.definition_id "
                  f"WHERE x.d > 0 AND i.id IN ({base}) AND NOT EXISTS (SELECT 1 FROM {STATES} q "
                  f"WHERE q.unit_id = x.unit_id AND q.indicator_id = i.id)")
    # The "asked but nothing reported" test probes STATES by key (a scan per row without it on SQLite).
    sql.run(f"CREATE INDEX {STATES}_key ON {STATES} (unit_id, indicator_id)")
    # In key order: the B-tree indexes then grow at their right edge (twice as fast here).
    written = sql.run(f"INSERT INTO {res} ({RESULT_COLUMNS}) SELECT {plan.period_id}, r.*, NULL FROM "
                      f"({with_values} UNION ALL {only_asked}) r ORDER BY 2, 3")
    last_ids = _ids(i.pk for i in plan.indicators if i.aggregation == Aggregation.LAST)
    if last_ids != "NULL":
        pick = (f"FROM {STATES} q WHERE q.unit_id = {res}.unit_id AND q.indicator_id = {res}.indicator_id "
                f"AND q.lv IS NOT NULL ORDER BY {LATEST_FIRST.format(t='q.')} LIMIT 1")
        sql.run(f"UPDATE {res} SET value = (SELECT q.lv {pick}), last_at = (SELECT q.lt {pick}) "
                f"WHERE period_id = {plan.period_id} AND indicator_id IN ({last_ids})")
    if plan.ratios:
        written += sql.run(_ratio_sql(plan))
    return written


def _ratio_sql(plan: Plan) -> str:
    """Return the INSERT of ratio results (engine.rollup.ratio_results).

    Each side is the unit's result for that indicator or, without one, the unit's own value and
    assignment (the depth-0 partial rows).
    """
    ind, res, p = Indicator._meta.db_table, IndicatorResult._meta.db_table, plan.period_id
    own = f"(SELECT unit_id, indicator_id, n, total FROM {STATES} WHERE depth = 0)"
    own_asked = f"(SELECT unit_id, definition_id FROM {ASKED} WHERE depth = 0)"
    sides = []
    for side, column in (("num", "numerator_id"), ("den", "denominator_id")):
        sides.append(
            f"LEFT JOIN {res} {side} ON {side}.period_id = {p} AND {side}.unit_id = k.unit_id "
            f"AND {side}.indicator_id = r.{column} "
            f"LEFT JOIN {own} o{side} ON o{side}.unit_id = k.unit_id AND o{side}.indicator_id = r.{column} "
            f"LEFT JOIN {ind} i{side} ON i{side}.id = r.{column} "
            f"LEFT JOIN {own_asked} a{side} ON a{side}.unit_id = k.unit_id "
            f"AND a{side}.definition_id = i{side}.definition_id")
    n = {s: f"COALESCE({s}.reporting, o{s}.n, 0)" for s in ("num", "den")}
    e = {s: f"COALESCE({s}.expected, CASE WHEN a{s}.unit_id IS NULL THEN 0 ELSE 1 END)" for s in ("num", "den")}
    den_total = "COALESCE(den.total, oden.total)"
    return (f"INSERT INTO {res} ({RESULT_COLUMNS}) SELECT {p}, k.unit_id, r.id, "
            f"CASE WHEN {n['num']} > 0 AND {n['den']} > 0 AND {den_total} <> 0 "
            f"THEN COALESCE(num.total, onum.total) / {den_total} * r.factor END, "
            f"CASE WHEN {n['num']} < {n['den']} THEN {n['num']} ELSE {n['den']} END, "
            f"CASE WHEN {e['num']} > {e['den']} THEN {e['num']} ELSE {e['den']} END, NULL, NULL, NULL, 0, NULL "
            f"FROM (SELECT DISTINCT r.id AS ratio_id, x.unit_id FROM {ind} r JOIN {res} x ON x.period_id = {p} "
            f"AND (x.indicator_id = r.numerator_id OR x.indicator_id = r.denominator_id) "
            f"WHERE r.id IN ({_ids(i.pk for i in plan.ratios)})) k JOIN {ind} r ON r.id = k.ratio_id "
            + " ".join(sides))


def rollup_period_sql(plan: Plan) -> int:
    """Replace the period's results by a full roll-up computed in the database; return the rows written.

    UnitLink must be fresh; the caller runs this in one transaction.
    """
    with connection.cursor() as cursor:
        sql = _Sql(cursor)
        if sql.pg:
            # The leaf aggregation holds one hash entry per (parent, indicator); keep it in memory.
            sql.run("SET LOCAL work_mem = '256MB'")
        sql.run(f"DELETE FROM {IndicatorResult._meta.db_table} WHERE period_id = %s", [plan.period_id])
        if not plan.indicators:
            return 0
        _roll_values(sql, plan, _single_source(sql, plan))
        _roll_asked(sql, plan)
        written = _write_results(sql, plan)
        sql.drop_temporary()
    return written
