"""Full roll-up of one period inside the database (PostgreSQL and SQLite).

The plan (the issue's "best hand-written SQL", generalised to every rule):

1. one scan of the period's values, grouped by (parent id, indicator) through UnitLink — the
   ~10M leaf values become one partial state per parent (~170k rows on the 200k-unit tree);
2. expected units (assignments of the period's rounds) grouped the same way, per definition;
3. the small partial result is pushed up one level at a time (deepest first);
4. internal units add their own value, every state is finalised by its indicator's rule, and
   ratio indicators are computed from their numerator's and denominator's totals.

The partial states are those of :class:`indicators.engine.rules.State`, so this module and the
pure engine agree by construction; tests compare them on small trees.
Nothing is fetched into Python but a few counts; the caller holds the transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from formbuilder.models import FormVersion
from formbuilder.rounds.models import Assignment

from .engine.rules import Aggregation
from .models import Indicator, IndicatorPeriod, IndicatorResult, IndicatorValue, UnitLink

Q_TABLE = "indicators_tmp_q"
LEAF_TABLE = "indicators_tmp_leaf"
ORDER_LAST = "CASE WHEN {t}reported_at IS NULL THEN 1 ELSE 0 END, {t}reported_at DESC, {t}value DESC"


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
    # Integer ids from our own tables, inlined: PostgreSQL plans a literal list better than a parameter array.
    return ", ".join(str(int(i)) for i in items) or "NULL"


class _Sql:
    def __init__(self, cursor):
        self.cursor = cursor
        self.pg = connection.vendor == "postgresql"

    def run(self, sql: str, params=()) -> int:
        self.cursor.execute(sql, list(params))
        return self.cursor.rowcount

    def one(self, sql: str, params=()):
        self.cursor.execute(sql, list(params))
        return self.cursor.fetchone()[0]

    def temp_table(self, name: str, columns: str) -> None:
        self.run(f"DROP TABLE IF EXISTS {name}")
        self.run(f"CREATE TEMP TABLE {name} ({columns})")


def _meets_sql(indicators: list[Indicator], value: str) -> tuple[str, list]:
    """Return a SQL expression that is 1 when ``value`` meets its share indicator's condition, and its params."""
    whens, params = [], []
    for ind in indicators:
        if ind.aggregation == Aggregation.SHARE and ind.condition_op and ind.condition_value is not None:
            op = "=" if ind.condition_op == "=" else ind.condition_op
            whens.append(f"WHEN v.indicator_id = %s AND {value} {op} %s THEN 1")
            params += [ind.pk, ind.condition_value]
    if not whens:
        return "0", []
    return "CASE " + " ".join(whens) + " ELSE 0 END", params


def _value_sql() -> str:
    """Return the SQL that finalises a state ``s`` by its indicator ``i``'s rule (see engine.rules.finalize)."""
    a = Aggregation
    return (f"CASE i.aggregation "
            f"WHEN '{a.COUNT}' THEN CAST(s.n AS DOUBLE PRECISION) "
            f"WHEN '{a.SUM}' THEN CASE WHEN s.n > 0 THEN s.total END "
            f"WHEN '{a.AVERAGE}' THEN CASE WHEN s.n > 0 THEN s.total / s.n END "
            f"WHEN '{a.MIN}' THEN s.mn WHEN '{a.MAX}' THEN s.mx "
            f"WHEN '{a.SHARE}' THEN CASE WHEN s.n > 0 THEN 100.0 * s.k / s.n END END")


def _leaf_relation(sql: _Sql, plan: Plan) -> str:
    """Return the relation of the period's leaf values (unit_id, indicator_id, value, reported_at)."""
    values = IndicatorValue._meta.db_table
    if len(plan.period_ids) == 1:
        return f"(SELECT unit_id, indicator_id, value, reported_at FROM {values} WHERE period_id = {plan.period_id})"
    # A longer period: each unit's values of the periods inside it, combined by the indicator's period rule.
    sql.temp_table(LEAF_TABLE, "unit_id BIGINT, indicator_id BIGINT, value DOUBLE PRECISION, reported_at TIMESTAMP"
                   + (" WITH TIME ZONE" if sql.pg else ""))
    ind, per, ids, periods = Indicator._meta.db_table, IndicatorPeriod._meta.db_table, _ids(
        i.pk for i in plan.indicators), _ids(plan.period_ids)
    sql.run(f"INSERT INTO {LEAF_TABLE} SELECT v.unit_id, v.indicator_id, "
            f"CASE WHEN i.period_combine = 'avg' THEN AVG(v.value) ELSE SUM(v.value) END, MAX(v.reported_at) "
            f"FROM {values} v JOIN {ind} i ON i.id = v.indicator_id "
            f"WHERE v.period_id IN ({periods}) AND v.indicator_id IN ({ids}) AND i.period_combine <> 'last' "
            f"GROUP BY v.unit_id, v.indicator_id, i.period_combine")
    sql.run(f"INSERT INTO {LEAF_TABLE} SELECT unit_id, indicator_id, value, reported_at FROM ("
            f"SELECT v.unit_id, v.indicator_id, v.value, v.reported_at, ROW_NUMBER() OVER ("
            f"PARTITION BY v.unit_id, v.indicator_id ORDER BY p.ends_on DESC, v.value DESC) AS rn "
            f"FROM {values} v JOIN {ind} i ON i.id = v.indicator_id JOIN {per} p ON p.id = v.period_id "
            f"WHERE v.period_id IN ({periods}) AND v.indicator_id IN ({ids}) AND i.period_combine = 'last') x "
            f"WHERE rn = 1")
    sql.run(f"CREATE INDEX {LEAF_TABLE}_unit ON {LEAF_TABLE} (unit_id)")
    return LEAF_TABLE


def _assigned_relation(plan: Plan) -> str:
    """Return the relation of the units asked to report (unit_id, definition_id), once each."""
    return (f"(SELECT DISTINCT a.unit_id, fv.definition_id FROM {Assignment._meta.db_table} a "
            f"JOIN {FormVersion._meta.db_table} fv ON fv.id = a.version_id "
            f"WHERE a.round_id IN ({_ids(plan.round_ids)}))")


def rollup_period_sql(plan: Plan) -> int:
    """Replace the period's results by a full roll-up computed in the database; return the rows written.

    UnitLink must be fresh; the caller runs this in one transaction.
    """
    link, ind, res = UnitLink._meta.db_table, Indicator._meta.db_table, IndicatorResult._meta.db_table
    with connection.cursor() as cursor:
        sql = _Sql(cursor)
        if sql.pg:
            # The leaf aggregation holds one hash entry per (parent, indicator); keep it in memory.
            sql.run("SET LOCAL work_mem = '256MB'")
        sql.run(f"DELETE FROM {res} WHERE period_id = %s", [plan.period_id])
        if not plan.indicators:
            return 0
        ts = "TIMESTAMP WITH TIME ZONE" if sql.pg else "TIMESTAMP"
        sql.temp_table(Q_TABLE, f"unit_id BIGINT, indicator_id BIGINT, depth INTEGER, n BIGINT, "
                                f"total DOUBLE PRECISION, mn DOUBLE PRECISION, mx DOUBLE PRECISION, k BIGINT, "
                                f"e BIGINT, lt {ts}, lv DOUBLE PRECISION")
        leaf = _leaf_relation(sql, plan)
        only = f" AND v.indicator_id IN ({_ids(i.pk for i in plan.indicators)})" if plan.filter_indicators else ""
        meets, meets_params = _meets_sql(plan.indicators, "v.value")
        cols = "unit_id, indicator_id, depth, n, total, mn, mx, k, e, lt, lv"

        # 1. Leaves to their parents: the only pass over the big table.
        sql.run(f"INSERT INTO {Q_TABLE} ({cols}) "
                f"SELECT l.parent_id, v.indicator_id, MAX(l.depth) - 1, COUNT(*), SUM(v.value), MIN(v.value), "
                f"MAX(v.value), {'SUM(' + meets + ')' if meets != '0' else '0'}, 0, NULL, NULL "
                f"FROM {leaf} v JOIN {link} l ON l.unit_id = v.unit_id "
                f"WHERE l.parent_id IS NOT NULL{only} GROUP BY l.parent_id, v.indicator_id", meets_params)
        last_ids = [i.pk for i in plan.indicators if i.aggregation == Aggregation.LAST]
        if last_ids:
            sql.run(f"INSERT INTO {Q_TABLE} ({cols}) SELECT parent_id, indicator_id, depth - 1, 0, NULL, NULL, NULL, "
                    f"0, 0, reported_at, value FROM (SELECT l.parent_id, l.depth, v.indicator_id, v.reported_at, "
                    f"v.value, ROW_NUMBER() OVER (PARTITION BY l.parent_id, v.indicator_id "
                    f"ORDER BY {ORDER_LAST.format(t='v.')}) AS rn "
                    f"FROM {leaf} v JOIN {link} l ON l.unit_id = v.unit_id "
                    f"WHERE l.parent_id IS NOT NULL AND v.indicator_id IN ({_ids(last_ids)})) x WHERE rn = 1")

        # 2. Units asked to report, per definition, to their parents; then one row per indicator.
        assigned = _assigned_relation(plan)
        base_ids = _ids(i.pk for i in plan.indicators)
        if plan.round_ids:
            sql.run(f"INSERT INTO {Q_TABLE} ({cols}) SELECT x.parent_id, i.id, x.depth, 0, NULL, NULL, NULL, 0, x.e, "
                    f"NULL, NULL FROM (SELECT l.parent_id, a.definition_id, MAX(l.depth) - 1 AS depth, COUNT(*) AS e "
                    f"FROM {assigned} a JOIN {link} l ON l.unit_id = a.unit_id WHERE l.parent_id IS NOT NULL "
                    f"GROUP BY l.parent_id, a.definition_id) x "
                    f"JOIN {ind} i ON i.definition_id = x.definition_id WHERE i.id IN ({base_ids})")

        # 3. Up the tree one level at a time, on the small partial result.
        deepest = sql.one(f"SELECT MAX(depth) FROM {Q_TABLE}") or 0
        for depth in range(deepest, 1, -1):
            sql.run(f"INSERT INTO {Q_TABLE} ({cols}) SELECT l.parent_id, q.indicator_id, {depth - 1}, SUM(q.n), "
                    f"SUM(q.total), MIN(q.mn), MAX(q.mx), SUM(q.k), SUM(q.e), NULL, NULL "
                    f"FROM {Q_TABLE} q JOIN {link} l ON l.unit_id = q.unit_id "
                    f"WHERE q.depth = {depth} AND l.parent_id IS NOT NULL GROUP BY l.parent_id, q.indicator_id")
            if last_ids:
                sql.run(f"INSERT INTO {Q_TABLE} ({cols}) SELECT parent_id, indicator_id, {depth - 1}, 0, NULL, NULL, "
                        f"NULL, 0, 0, lt, lv FROM (SELECT l.parent_id, q.indicator_id, q.lt, q.lv, ROW_NUMBER() OVER "
                        f"(PARTITION BY l.parent_id, q.indicator_id ORDER BY CASE WHEN q.lt IS NULL THEN 1 ELSE 0 END, "
                        f"q.lt DESC, q.lv DESC) AS rn FROM {Q_TABLE} q JOIN {link} l ON l.unit_id = q.unit_id "
                        f"WHERE q.depth = {depth} AND q.lv IS NOT NULL AND l.parent_id IS NOT NULL) x WHERE rn = 1")

        # 4. Internal units' own values and own assignments (depth 0: never pushed up).
        own_meets, own_params = _meets_sql(plan.indicators, "v.value")
        own_leaf = (f"{IndicatorValue._meta.db_table} v ON v.period_id = {plan.period_id} AND v.unit_id = l.unit_id"
                    if len(plan.period_ids) == 1 else f"{leaf} v ON v.unit_id = l.unit_id")
        sql.run(f"INSERT INTO {Q_TABLE} ({cols}) SELECT v.unit_id, v.indicator_id, 0, 1, v.value, v.value, v.value, "
                f"{own_meets}, 0, v.reported_at, v.value FROM {link} l JOIN {own_leaf} "
                f"WHERE l.internal = %s{only}", own_params + [True])
        if plan.round_ids:
            sql.run(f"INSERT INTO {Q_TABLE} ({cols}) SELECT a.unit_id, i.id, 0, 0, NULL, NULL, NULL, 0, 1, NULL, NULL "
                    f"FROM {assigned} a JOIN {link} l ON l.unit_id = a.unit_id AND l.internal = %s "
                    f"JOIN {ind} i ON i.definition_id = a.definition_id WHERE i.id IN ({base_ids})", [True])

        # 5. Finalise: units with a contribution from a proper descendant get a result.
        written = sql.run(
            f"INSERT INTO {res} (period_id, unit_id, indicator_id, value, reporting, expected, total, minimum, "
            f"maximum, meeting, last_at) SELECT {plan.period_id}, s.unit_id, s.indicator_id, {_value_sql()}, s.n, "
            f"s.e, s.total, s.mn, s.mx, s.k, NULL FROM (SELECT unit_id, indicator_id, SUM(n) AS n, SUM(total) AS total, "
            f"MIN(mn) AS mn, MAX(mx) AS mx, SUM(k) AS k, SUM(e) AS e FROM {Q_TABLE} GROUP BY unit_id, indicator_id "
            f"HAVING MAX(depth) > 0) s JOIN {ind} i ON i.id = s.indicator_id")
        if last_ids:
            sql.run(f"CREATE INDEX {Q_TABLE}_key ON {Q_TABLE} (unit_id, indicator_id)")
            pick = (f"FROM {Q_TABLE} q WHERE q.unit_id = {res}.unit_id AND q.indicator_id = {res}.indicator_id "
                    f"AND q.lv IS NOT NULL ORDER BY CASE WHEN q.lt IS NULL THEN 1 ELSE 0 END, q.lt DESC, q.lv DESC "
                    f"LIMIT 1")
            sql.run(f"UPDATE {res} SET value = (SELECT q.lv {pick}), last_at = (SELECT q.lt {pick}) "
                    f"WHERE period_id = {plan.period_id} AND indicator_id IN ({_ids(last_ids)})")
        if plan.ratios:
            written += sql.run(_ratio_sql(plan))
        sql.run(f"DROP TABLE {Q_TABLE}")
        if leaf == LEAF_TABLE:
            sql.run(f"DROP TABLE {LEAF_TABLE}")
    return written


def _ratio_sql(plan: Plan) -> str:
    """Return the INSERT of ratio results (engine.rollup.ratio_results).

    Each side is the unit's result for that indicator or, without one, the unit's own value and
    assignment (the depth-0 rows of the partial table).
    """
    ind, res, p = Indicator._meta.db_table, IndicatorResult._meta.db_table, plan.period_id
    own = (f"(SELECT unit_id, indicator_id, SUM(n) AS n, SUM(total) AS total, SUM(e) AS e FROM {Q_TABLE} "
           f"WHERE depth = 0 GROUP BY unit_id, indicator_id)")
    num_n, den_n = "COALESCE(num.reporting, onum.n, 0)", "COALESCE(den.reporting, oden.n, 0)"
    num_e, den_e = "COALESCE(num.expected, onum.e, 0)", "COALESCE(den.expected, oden.e, 0)"
    den_total = "COALESCE(den.total, oden.total)"
    return (f"INSERT INTO {res} (period_id, unit_id, indicator_id, value, reporting, expected, total, minimum, "
            f"maximum, meeting, last_at) SELECT {p}, k.unit_id, r.id, "
            f"CASE WHEN {num_n} > 0 AND {den_n} > 0 AND {den_total} <> 0 "
            f"THEN COALESCE(num.total, onum.total) / {den_total} * r.factor END, "
            f"CASE WHEN {num_n} < {den_n} THEN {num_n} ELSE {den_n} END, "
            f"CASE WHEN {num_e} > {den_e} THEN {num_e} ELSE {den_e} END, NULL, NULL, NULL, 0, NULL "
            f"FROM (SELECT DISTINCT r.id AS ratio_id, x.unit_id FROM {ind} r JOIN {res} x ON x.period_id = {p} "
            f"AND (x.indicator_id = r.numerator_id OR x.indicator_id = r.denominator_id) "
            f"WHERE r.id IN ({_ids(i.pk for i in plan.ratios)})) k "
            f"JOIN {ind} r ON r.id = k.ratio_id "
            f"LEFT JOIN {res} num ON num.period_id = {p} AND num.unit_id = k.unit_id AND num.indicator_id = r.numerator_id "
            f"LEFT JOIN {res} den ON den.period_id = {p} AND den.unit_id = k.unit_id "
            f"AND den.indicator_id = r.denominator_id "
            f"LEFT JOIN {own} onum ON onum.unit_id = k.unit_id AND onum.indicator_id = r.numerator_id "
            f"LEFT JOIN {own} oden ON oden.unit_id = k.unit_id AND oden.indicator_id = r.denominator_id")
