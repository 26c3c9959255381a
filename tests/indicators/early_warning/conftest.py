"""Data for the early-warning tests: March and April reported, the second quarter running in May."""
import datetime as dt

import pytest

from formbuilder.rounds.models import Assignment, Submission
from indicators.models import IndicatorValue, Target
from indicators.periods import period_get
from indicators.services import indicator_period_recompute

from ..helpers import VN, assign, every_rule, monthly_round, published_kpi_form

MAY_10 = dt.datetime(2026, 5, 10, 9, 0, tzinfo=VN)


@pytest.fixture
def reported(tree):
    """Communes A and B asked in March and April (due the 18th of the next month).

    March: A reports 3 done of 4 (approved on time); B has not submitted (a draft).
    April: A 4/4, B 1/4 and its cell B1 2/2; A's April report came in two days late (due 18 April).
    Targets: ``ty_le`` ≥ 80 % (amber from 60 %): in April P and TW are at 70 % (amber), B at 50 % (red).
    ``dat`` (done, summed over months) ≥ 30: P's 7 in April paces the second quarter to about 21.
    """
    version = published_kpi_form()
    ind = every_rule(version.definition)
    Target.objects.create(indicator=ind["ty_le"], direction=">=", value=80, amber_threshold=60, unit="%")
    Target.objects.create(indicator=ind["dat"], direction=">=", value=30, unit="hồ sơ")
    rounds, periods = {}, {}
    for month, values in ((3, {"A": (3, 4)}), (4, {"A": (4, 4), "B": (1, 4), "B1": (2, 2)})):
        round_ = monthly_round(code=f"t{month}", issuing_unit=tree.P, version=version, month=month)
        period = assign(round_, [tree.A, tree.B], version)
        for code, (done, total) in values.items():
            unit = tree.units[code]
            IndicatorValue.objects.bulk_create([
                IndicatorValue(period=period, unit=unit, indicator=ind["dat"], value=done),
                IndicatorValue(period=period, unit=unit, indicator=ind["tong"], value=total)])
        indicator_period_recompute(period=period)
        rounds[month], periods[month] = round_, period
    submitted = {(3, "A"): ("approved", False, dt.datetime(2026, 4, 10, 8, 0, tzinfo=VN)),
                 (3, "B"): ("draft", None, None),
                 (4, "A"): ("approved", True, dt.datetime(2026, 4, 20, 8, 0, tzinfo=VN)),
                 (4, "B"): ("approved", False, dt.datetime(2026, 4, 15, 8, 0, tzinfo=VN))}
    for (month, code), (status, late, at) in submitted.items():
        Submission.objects.create(assignment=Assignment.objects.get(round=rounds[month], unit__code=code),
                                  version=version, status=status, is_late=late, submitted_at=at)
    quarter = period_get(key="2026-Q2")
    return type("Reported", (), {"ind": ind, "version": version, "march": periods[3], "april": periods[4],
                                 "quarter": quarter, "rounds": rounds})
