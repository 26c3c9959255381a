"""One unit's change recomputes it and its ancestors from their children: same results as a full recompute."""
import random

import pytest

from indicators.incremental import recompute_unit_and_ancestors
from indicators.models import Indicator, IndicatorResult, IndicatorValue
from indicators.services import _active_indicators, indicator_period_recompute

from .helpers import assign, every_rule, monthly_round, published_kpi_form, random_tree
from .test_rollup_sql import fill

pytestmark = pytest.mark.django_db


def snapshot(period):
    return sorted((r.unit_id, r.indicator_id, r.value, r.reporting, r.expected, r.total, r.minimum, r.maximum,
                   r.meeting, r.last_at) for r in IndicatorResult.objects.filter(period=period))


@pytest.mark.parametrize("seed", [4, 5])
def test_changing_one_value_then_recomputing_its_ancestors_matches_a_full_recompute(seed):
    rng = random.Random(seed)
    version = published_kpi_form()
    every_rule(version.definition)
    units = random_tree(seed, size=20)
    round_ = monthly_round(code=f"t3-{seed}", issuing_unit=units[0], version=version)
    period = assign(round_, rng.sample(units, k=12), version)
    fill(period, {i.code: i for i in Indicator.objects.all()}, units, rng)
    indicator_period_recompute(period=period)
    base, ratios = _active_indicators()
    for _ in range(4):
        unit = rng.choice(units)
        IndicatorValue.objects.filter(period=period, unit=unit).delete()
        if rng.random() < 0.6:
            IndicatorValue.objects.bulk_create([
                IndicatorValue(period=period, unit=unit, indicator=i, value=rng.randint(0, 90)) for i in base
                if rng.random() < 0.7])
        recompute_unit_and_ancestors(unit=unit, period=period, period_ids=[period.pk], round_ids=[round_.pk],
                                     indicators=base, ratios=ratios)
        incremental = snapshot(period)
        indicator_period_recompute(period=period)
        full = snapshot(period)
        assert len(incremental) == len(full)
        for a, b in zip(incremental, full):
            assert a[:2] == b[:2] and a[3:5] == b[3:5] and a[8:] == b[8:], (a, b)
            for x, y in zip(a[2:3] + a[5:8], b[2:3] + b[5:8]):
                assert x == y or (x is not None and y is not None and abs(x - y) < 1e-9), (a, b)
