"""Figures of issue 5: a full roll-up of one period (200k units × 50 indicators ≈ 10M values on
PostgreSQL; 20k units on SQLite), the best hand-written SQL for the same sums, and one approval's
incremental update of its ancestors.

Values and assignments are generated with set-based SQL (INSERT … SELECT over the tree and
the indicators), never a Python loop, and removed afterwards.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from . import line

INDICATORS = 50


def _shape(pg: bool) -> dict[str, int]:
    if os.environ.get("BENCH_INDICATORS_SHAPE"):  # e.g. "34,100,60" to try another size
        provinces, communes, cells = (int(x) for x in os.environ["BENCH_INDICATORS_SHAPE"].split(","))
        return {"provinces": provinces, "communes": communes, "cells": cells}
    return {"provinces": 34, "communes": 100, "cells": 60} if pg else {"provinces": 10, "communes": 40, "cells": 50}


def _kpi_version():
    from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft

    items = [{"type": "number", "key": f"chi_tieu_{n:02d}", "label": f"Chỉ tiêu thử {n}", "integer": True,
              "minimum": 0, "unit": "hồ sơ"} for n in range(1, INDICATORS + 1)]
    definition = form_definition_create(code="BENCH-CHI-TIEU", kind="kpi_set", title="Bộ chỉ tiêu thử tải")
    return form_version_publish(version=form_version_save_draft(version=definition.versions.get(), items=items))


def _without_key_checks(cursor, values: str) -> str:
    """PostgreSQL, inside a transaction: skip the per-row foreign-key triggers and drop the values' primary
    key (rebuilt by the caller in one sort); return its name."""
    cursor.execute("SET LOCAL session_replication_role = replica")
    key = next(name for name, c in connection.introspection.get_constraints(cursor, values).items()
               if c["primary_key"])
    cursor.execute(f"ALTER TABLE {values} DROP CONSTRAINT {key}")
    return key


def _generate(*, pg: bool, root, period, round_, version, depth: int) -> int:
    """Insert one assignment per leaf unit and one value per leaf × indicator; return the value count.

    On PostgreSQL the values' primary key is dropped during the load and rebuilt after it (one sort
    instead of ten million B-tree insertions: 30 s instead of 65 s here), and the per-row
    foreign-key triggers are skipped — the ids come from the referenced tables themselves.
    """
    from formbuilder.rounds.models import Assignment
    from hierarchy.models import Unit
    from indicators.models import Indicator, IndicatorValue

    unit, ind, values = Unit._meta.db_table, Indicator._meta.db_table, IndicatorValue._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if pg:
            key = _without_key_checks(cursor, values)
        cursor.execute(
            f"INSERT INTO {Assignment._meta.db_table} (round_id, unit_id, version_id, section_keys, excluded_keys, "
            f"due_at) SELECT %s, u.id, %s, %s, %s, %s FROM {unit} u WHERE u.path LIKE %s AND u.depth = %s",
            [round_.pk, version.pk, "[]", "[]", dt.datetime(2026, 4, 18, 16, 59, tzinfo=dt.timezone.utc),
             root.path + "%", depth])
        # Value = a small pseudo-random integer from the ids, so sums are checkable and not constant.
        cursor.execute(
            f"INSERT INTO {values} (period_id, unit_id, indicator_id, value) "
            f"SELECT %s, u.id, i.id, ((u.id * 7919 + i.id * 104729) %% 97) "
            f"FROM {unit} u CROSS JOIN {ind} i WHERE u.path LIKE %s AND u.depth = %s AND i.definition_id = %s",
            [period.pk, root.path + "%", depth, version.definition_id])
        count = cursor.rowcount
        if pg:
            cursor.execute(f"ALTER TABLE {values} ADD CONSTRAINT {key} PRIMARY KEY (period_id, unit_id, indicator_id)")
    if pg:
        with connection.cursor() as cursor:
            # What autovacuum would do after a bulk load; the roll-up's plans rely on it.
            for table in (values, unit, Assignment._meta.db_table):
                cursor.execute(f"ANALYZE {table}")
    return count


def baseline_sql(*, period_id: int) -> float:
    """Time the issue's hand-written SQL: sum leaves to parents on integer ids, then re-aggregate upward."""
    from indicators.models import IndicatorValue, UnitLink

    values, link = IndicatorValue._meta.db_table, UnitLink._meta.db_table
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS bench_baseline")
        cursor.execute("CREATE TEMP TABLE bench_baseline (unit_id BIGINT, indicator_id BIGINT, depth INTEGER, "
                       "total DOUBLE PRECISION)")
        cursor.execute(f"INSERT INTO bench_baseline SELECT l.parent_id, v.indicator_id, MAX(l.depth) - 1, SUM(v.value) "
                       f"FROM {values} v JOIN {link} l ON l.unit_id = v.unit_id WHERE v.period_id = %s "
                       f"AND l.parent_id IS NOT NULL GROUP BY l.parent_id, v.indicator_id", [period_id])
        cursor.execute("SELECT MAX(depth) FROM bench_baseline")
        for depth in range(cursor.fetchone()[0], 1, -1):
            cursor.execute(f"INSERT INTO bench_baseline SELECT l.parent_id, b.indicator_id, {depth - 1}, SUM(b.total) "
                           f"FROM bench_baseline b JOIN {link} l ON l.unit_id = b.unit_id WHERE b.depth = {depth} "
                           f"GROUP BY l.parent_id, b.indicator_id")
        cursor.execute("SELECT COUNT(*) FROM bench_baseline")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_baseline")
    assert rows > 0
    return time.perf_counter() - start


def _quarter_of_three_months(*, period, quarter, pg: bool):
    """Time the whole quarter's roll-up once its other two months have values too (each unit's three
    values combined by the period rule before rolling up: what the recompute command does at a quarter's
    end); return the two months' periods, for the clean-up. Each month adds one copy of the values."""
    from indicators.models import IndicatorPeriod, IndicatorResult, IndicatorValue
    from indicators.periods import period_get
    from indicators.services import indicator_period_recompute

    start_month = (int(period.key[-2:]) - 1) // 3 * 3 + 1
    earlier = [period_get(key=f"{period.key[:4]}-M{m:02d}") for m in range(start_month, start_month + 3)
               if f"{period.key[:4]}-M{m:02d}" != period.key]
    values = IndicatorValue._meta.db_table
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        key = _without_key_checks(cursor, values) if pg else None  # as _generate does
        for n, each in enumerate(earlier, start=1):
            cursor.execute(f"INSERT INTO {values} (period_id, unit_id, indicator_id, value, reported_at) "
                           f"SELECT %s, unit_id, indicator_id, value + %s, reported_at FROM {values} "
                           f"WHERE period_id = %s", [each.pk, n, period.pk])
        if key:
            cursor.execute(f"ALTER TABLE {values} ADD CONSTRAINT {key} PRIMARY KEY (period_id, unit_id, indicator_id)")
    if pg:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {values}")
    yield line("indicators.generate_more_months_s", time.perf_counter() - start, "s")
    start = time.perf_counter()
    indicator_period_recompute(period=IndicatorPeriod.objects.get(pk=quarter.pk), warn=False)
    yield line("indicators.quarter_3_months_rollup_s", time.perf_counter() - start, "s")
    assert IndicatorResult.objects.filter(period=quarter).exists()
    return earlier


def _incremental(*, root, version, round_, period, depth: int) -> list[float]:
    """Time approve → ancestors updated for the month and its quarter, half-year and year (huey runs
    immediately in the bench), alternating with unapprove."""
    from formbuilder.rounds.models import Assignment, Submission, SubmissionStatus
    from formbuilder.rounds.services import submission_approve, submission_unapprove
    from indicators.models import Indicator, IndicatorResult

    reviewer = get_user_model().objects.create_superuser("bench.duyet", password="x")
    assignment = (Assignment.objects.filter(round=round_, unit__path__startswith=root.path, unit__depth=depth)
                  .select_related("unit").order_by("unit__path").first())
    first = Indicator.objects.filter(definition_id=version.definition_id).order_by("field_key").first()
    data = {f"chi_tieu_{n:02d}": 1000 + n for n in range(1, INDICATORS + 1)}
    sub = Submission.objects.create(assignment=assignment, version=version, data=data,
                                    status=SubmissionStatus.SUBMITTED, submitted_at=dt.datetime.now(dt.timezone.utc))
    top = IndicatorResult.objects.filter(period=period, unit=root, indicator=first)
    before = top.get().value
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        sub = submission_approve(submission=sub, acting_user=reviewer)
        timings.append((time.perf_counter() - start) * 1000)
        # The generated value of this unit was replaced by 1001 at every ancestor.
        assert top.get().value != before, "the approval did not reach the root"
        sub = submission_unapprove(submission=sub, acting_user=reviewer)
    sub.delete()
    reviewer.delete()
    return timings


def _dashboard(*, root, period):
    """Time a province's dashboard page (its children and 50 indicators) through the test client."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from . import timed_ms

    province = root.get_children().order_by("path").first()
    staff = get_user_model().objects.create_superuser("bench.chi.tieu", password="x")
    client = Client(SERVER_NAME="localhost")
    client.force_login(staff)
    url = f"/chi-tieu/{province.pk}/?ky={period.pk}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    html = page().content.decode()
    assert html.count('<tr data-unit="') == province.numchild and html.count("<svg") == 2 * INDICATORS
    yield line("indicators.dashboard_ms", timed_ms(page, repeat=7, warmup=1), "ms")
    with CaptureQueriesContext(connection) as ctx:
        page()
    yield line("indicators.dashboard_queries", len(ctx.captured_queries), "queries")
    staff.delete()


def run():
    from hierarchy.demo import ensure_levels_and_kinds
    from hierarchy.models import Unit
    from hierarchy.scale import drop_scale_tree, generate_scale_tree
    from indicators.models import Indicator, IndicatorResult, IndicatorValue, UnitLink
    from indicators.periods import enclosing_periods, period_for_round
    from indicators.services import indicator_period_recompute
    from indicators.tree_links import unit_links_refresh

    from formbuilder.engine.calendar import DueRule, Period, PeriodType, ReportingRule
    from formbuilder.rounds.models import Assignment, Round

    pg = connection.vendor == "postgresql"
    shape = _shape(pg)
    ensure_levels_and_kinds()
    root = generate_scale_tree(root_code="CHI-TIEU", **shape)
    depth = root.depth + 3
    units = Unit.objects.filter(path__startswith=root.path).count()
    version = _kpi_version()
    Indicator.objects.bulk_create([
        Indicator(code=f"BENCH/chi_tieu_{n:02d}", name=f"Chỉ tiêu thử {n}", unit_of_measure="hồ sơ",
                  value_type="integer", definition_id=version.definition_id, source_kind="number",
                  field_key=f"chi_tieu_{n:02d}", aggregation="sum") for n in range(1, INDICATORS + 1)])
    round_ = Round.objects.create(
        code="bench-chi-tieu", title="Thử tải chỉ tiêu", issuing_unit=root, status="open",
        rule=ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(18)).to_dict(),
        period=Period(PeriodType.MONTHLY, 2026, 3).to_dict(), period_label="Tháng 3/2026")
    period = period_for_round(round_)
    start = time.perf_counter()
    count = _generate(pg=pg, root=root, period=period, round_=round_, version=version, depth=depth)
    yield line("indicators.generate_values_s", time.perf_counter() - start, "s")
    yield line("indicators.tree_units", units, "units")
    yield line("indicators.leaf_values", count, "values")

    start = time.perf_counter()
    unit_links_refresh()  # the first build; every later recompute only checks it (see unit_links_check_s)
    yield line("indicators.unit_links_build_s", time.perf_counter() - start, "s")
    ours, baseline = [], []
    for _ in range(int(os.environ.get("BENCH_INDICATORS_REPEAT", "1"))):
        baseline.append(baseline_sql(period_id=period.pk))
        start = time.perf_counter()  # around the call: the commit (deferred checks) counts too
        done = indicator_period_recompute(period=period, warn=False)  # the early warning is timed below
        ours.append(time.perf_counter() - start)
    expected_rows = (units - count // INDICATORS) * INDICATORS
    assert done.rows == expected_rows, (done.rows, expected_rows)
    yield line("indicators.rollup_s", min(ours), "s")
    yield line("indicators.rollup_sql_baseline_s", min(baseline), "s")
    yield line("indicators.rollup_ratio", min(ours) / min(baseline), "x")
    yield line("indicators.result_rows", done.rows, "rows")
    start = time.perf_counter()
    assert unit_links_refresh() == 0
    yield line("indicators.unit_links_check_s", time.perf_counter() - start, "s")

    # An approval keeps the quarter, half-year and year current too; their first roll-up (made by the
    # month's first approval in production) is done here, outside the timing.
    longer = enclosing_periods(period)
    start = time.perf_counter()
    for each in longer:
        indicator_period_recompute(period=each, warn=False)
    yield line("indicators.enclosing_rollup_s", time.perf_counter() - start, "s")
    earlier = yield from _quarter_of_three_months(period=period, quarter=longer[0], pg=pg)
    # The early warning a recompute queues (a task of its own in production), for the month.
    from indicators.early_warning.services import early_warning_notify

    start = time.perf_counter()
    early_warning_notify(period=period)
    yield line("indicators.early_warning_s", time.perf_counter() - start, "s")
    timings = _incremental(root=root, version=version, round_=round_, period=period, depth=depth)
    yield line("indicators.incremental_ms", statistics.median(timings), "ms")
    yield from _dashboard(root=root, period=period)

    # Clean up: the values first (one statement), then everything that points at the tree.
    from formbuilder.models import FormDefinition

    values = IndicatorValue._meta.db_table
    with connection.cursor() as cursor:
        # On PostgreSQL, deleting the tree checks the values' unit key row by row (no index: see the
        # model); after a DELETE of millions of rows each check scans them all, so truncate when we can.
        ours = [period.pk, *(each.pk for each in earlier)]
        only_ours = not IndicatorValue.objects.exclude(period_id__in=ours).exists()
        if pg and only_ours:
            cursor.execute(f"TRUNCATE {values}")
        else:
            cursor.execute(f"DELETE FROM {values} WHERE period_id IN ({', '.join(['%s'] * len(ours))})", ours)
        for each in [period, *longer]:
            cursor.execute(f"DELETE FROM {IndicatorResult._meta.db_table} WHERE period_id = %s", [each.pk])
        cursor.execute(f"DELETE FROM {UnitLink._meta.db_table}")
        cursor.execute(f"DELETE FROM {Assignment._meta.db_table} WHERE round_id = %s", [round_.pk])
    round_.delete()
    Indicator.objects.filter(definition_id=version.definition_id).delete()
    FormDefinition.objects.filter(pk=version.definition_id).delete()
    period.delete()
    for each in [*earlier, *longer]:  # made by this run (a database holding other values keeps its own)
        if not IndicatorValue.objects.filter(period=each).exists() and not IndicatorResult.objects.filter(
                period=each).exists():
            each.delete()
    drop_scale_tree(root=root)
