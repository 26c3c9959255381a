"""period_recompute_task: a failing recompute is retried by huey and never leaves half-written results."""
import random

import pytest
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_RETRYING

import indicators.services as services
from indicators import tasks
from indicators.models import IndicatorResult

from .helpers import assign, every_rule, monthly_round, published_kpi_form, random_tree
from .test_rollup_sql import fill

pytestmark = pytest.mark.django_db


def results(period):
    return sorted(IndicatorResult.objects.filter(period=period).values_list("unit_id", "indicator_id", "value",
                                                                            "reporting", "expected"))


def test_a_failing_recompute_is_retried_and_leaves_the_previous_results(monkeypatch, run_tasks):
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    units = random_tree(12, size=8)
    period = assign(monthly_round(code="t3", issuing_unit=units[0], version=version), units[1:], version)
    fill(period, indicators, units, random.Random(12), share=1)
    services.indicator_period_recompute(period=period)
    before = results(period)
    assert before

    real = services.rollup_period_sql

    def broken(plan):
        IndicatorResult.objects.filter(period_id=plan.period_id).delete()  # half-way through, then the failure
        raise RuntimeError("mất kết nối cơ sở dữ liệu giữa chừng")

    monkeypatch.setattr(services, "rollup_period_sql", broken)
    retrying = []

    def on_retry(signal, task, *args):
        retrying.append(task.id)

    HUEY.signal(SIGNAL_RETRYING)(on_retry)
    try:
        task = tasks.period_recompute_task.s(period.pk)
        assert (task.retries, task.retry_delay) == (2, 30)
        HUEY.execute(task)  # as a consumer would: the error is caught and the task rescheduled
    finally:
        HUEY.disconnect_signal(on_retry, SIGNAL_RETRYING)
    assert retrying == [task.id] and task.retries == 1
    assert results(period) == before  # the failed attempt's transaction rolled back whole

    # The retry, due 30 s later, succeeds once the database is back.
    monkeypatch.setattr(services, "rollup_period_sql", real)
    IndicatorResult.objects.filter(period=period, unit=units[0]).update(value=-1)  # stale, to see the rewrite
    due = [t for t in HUEY.read_schedule(task.eta) if t.id == task.id]
    assert len(due) == 1
    HUEY.execute(due[0], timestamp=task.eta)
    assert results(period) == before
