"""The SQL roll-up equals the pure engine on small random trees, for every rule."""
import datetime as dt
import math
import random

import pytest

from hierarchy.models import Unit
from indicators.configuration import indicator_rule
from indicators.engine.rollup import Reported, rollup_indicators
from indicators.models import IndicatorPeriod, IndicatorResult, IndicatorValue
from indicators.periods import period_get
from indicators.services import indicator_period_recompute

from .helpers import VN, assign, every_rule, monthly_round, published_kpi_form, random_tree

pytestmark = pytest.mark.django_db


def parents_of(units):
    by_path = {u.path: u.pk for u in units}
    return {u.pk: by_path.get(u.path[:-Unit.steplen]) for u in units}


def engine_results(period_ids, indicators, units, expected_units):
    values = {}
    for v in IndicatorValue.objects.filter(period_id__in=period_ids):
        values[(v.unit_id, v.indicator_id)] = Reported(v.value, v.reported_at)
    rules = {i.pk: indicator_rule(i) for i in indicators.values()}
    base = [i.pk for i in indicators.values() if i.aggregation != "ratio"]
    return rollup_indicators(values, parents_of(units), rules, {pk: expected_units for pk in base})


def stored(period):
    return {(r.unit_id, r.indicator_id): r for r in IndicatorResult.objects.filter(period=period)}


def assert_same(results, period):
    rows = stored(period)
    assert set(rows) == set(results)
    for key, want in results.items():
        row = rows[key]
        assert (row.reporting, row.expected) == (want.reporting, want.expected), key
        assert row.value == want.value or math.isclose(row.value, want.value, rel_tol=1e-9), (key, row.value, want)


def fill(period, indicators, units, rng, share=0.6):
    rows = []
    for unit in units:
        for ind in indicators.values():
            if ind.aggregation != "ratio" and rng.random() < share:
                at = dt.datetime(2026, 4, rng.randint(1, 3), tzinfo=VN) if rng.random() < 0.7 else None
                rows.append(IndicatorValue(period=period, unit=unit, indicator=ind, value=rng.randint(-5, 60),
                                           reported_at=at))
    IndicatorValue.objects.bulk_create(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_full_recompute_equals_the_engine(seed):
    rng = random.Random(seed)
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    units = random_tree(seed)
    round_ = monthly_round(code=f"thang-3-{seed}", issuing_unit=units[0], version=version)
    asked = rng.sample(units, k=len(units) // 2)
    period = assign(round_, asked, version)
    fill(period, indicators, units, rng)
    done = indicator_period_recompute(period=period)
    results = engine_results([period.pk], indicators, units, {u.pk for u in asked})
    assert done.rows == len(results) > 0
    assert_same(results, period)


def test_recompute_replaces_results_and_a_quarter_combines_its_months():
    rng = random.Random(7)
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    units = random_tree(7, size=12)
    months = []
    for month in (1, 2, 3):
        period = assign(monthly_round(code=f"t{month}", issuing_unit=units[0], version=version, month=month),
                        units[1:], version)
        fill(period, indicators, units, rng, share=0.5)
        months.append(period)
    indicators["tb"].period_combine = "avg"
    indicators["tb"].save()
    indicators["sau_cung"].period_combine = "last"
    indicators["sau_cung"].save()
    quarter = period_get(key="2026-Q1")
    indicator_period_recompute(period=quarter)
    # The engine's view: each unit's months combined by the indicator's period rule first.
    from indicators.engine.periods import combine_periods

    combined = {}
    for v in IndicatorValue.objects.filter(period__in=months).select_related("period"):
        combined.setdefault((v.unit_id, v.indicator_id), []).append((v.period.ends_on, v.value, v.reported_at))
    rules = {i.pk: indicator_rule(i) for i in indicators.values()}
    values = {key: Reported(*combine_periods(rows, rules[key[1]].period_combine)) for key, rows in combined.items()}
    base = [i.pk for i in indicators.values() if i.aggregation != "ratio"]
    results = rollup_indicators(values, parents_of(units), rules, {pk: {u.pk for u in units[1:]} for pk in base})
    assert_same(results, quarter)
    # A second run replaces, never adds.
    before = IndicatorResult.objects.filter(period=quarter).count()
    indicator_period_recompute(period=quarter)
    assert IndicatorResult.objects.filter(period=quarter).count() == before
    assert IndicatorPeriod.objects.get(key="2026-Q1").label == "Quý I/2026"


def test_a_failed_recompute_leaves_the_previous_results(monkeypatch):
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    units = random_tree(11, size=8)
    period = assign(monthly_round(code="t3", issuing_unit=units[0], version=version), units[1:], version)
    fill(period, indicators, units, random.Random(11), share=1)
    indicator_period_recompute(period=period)
    before = sorted(IndicatorResult.objects.filter(period=period).values_list("unit_id", "indicator_id", "value"))
    import indicators.services as services

    def broken(plan):
        IndicatorResult.objects.filter(period_id=plan.period_id).delete()
        raise RuntimeError("mất kết nối giữa chừng")

    monkeypatch.setattr(services, "rollup_period_sql", broken)
    with pytest.raises(RuntimeError):
        indicator_period_recompute(period=period)
    after = sorted(IndicatorResult.objects.filter(period=period).values_list("unit_id", "indicator_id", "value"))
    assert after == before
