"""Dashboard data: province P's communes A and B (B with its cell B1) report in March and April 2026.

March: A reports 3 of 4 done (P: 75 %, amber against ≥ 80 % with amber from 60 %); B does not.
April: A 4 of 4, B 1 of 4, B1 2 of 2 (P: 7 of 10 = 70 %, amber). Submissions: in April A's report
is approved on time and B's submitted late; B1 was not asked.
"""
import datetime as dt

import pytest

from formbuilder.rounds.models import Assignment, Submission
from indicators.models import IndicatorValue, Target
from indicators.services import indicator_period_recompute

from ..helpers import assign, every_rule, monthly_round, published_kpi_form


@pytest.fixture
def reported(tree):
    version = published_kpi_form()
    ind = every_rule(version.definition)
    Target.objects.create(indicator=ind["ty_le"], direction=">=", value=80, amber_threshold=60, unit="%")
    Target.objects.create(indicator=ind["dat"], direction=">=", value=5, unit="hồ sơ")
    periods = {}
    for month, values in ((3, {"A": (3, 4)}), (4, {"A": (4, 4), "B": (1, 4), "B1": (2, 2)})):
        round_ = monthly_round(code=f"t{month}", issuing_unit=tree.P, version=version, month=month)
        period = assign(round_, [tree.A, tree.B], version)
        for code, (done, total) in values.items():
            unit = tree.units[code]
            IndicatorValue.objects.bulk_create([
                IndicatorValue(period=period, unit=unit, indicator=ind["dat"], value=done),
                IndicatorValue(period=period, unit=unit, indicator=ind["tong"], value=total)])
        indicator_period_recompute(period=period)
        periods[month] = (round_, period)
    april_round, _ = periods[4]
    due = dt.datetime(2026, 4, 18, tzinfo=dt.timezone.utc)
    for code, status, late in (("A", "approved", False), ("B", "submitted", True)):
        Submission.objects.create(assignment=Assignment.objects.get(round=april_round, unit__code=code),
                                  version=version, status=status, is_late=late, submitted_at=due)
    return type("Reported", (), {"ind": ind, "periods": periods, "version": version,
                                 "march": periods[3][1], "april": periods[4][1]})


@pytest.fixture
def province_reviewer(tree, make_user):
    return make_user("duyet.p", unit=tree.P, role="reviewer")
