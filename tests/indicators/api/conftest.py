"""Data for the API tests: a KPI form, its indicators, March and April reported by communes A and B."""
import datetime as dt

import pytest

from formbuilder.rounds.models import Assignment, Submission
from indicators.models import IndicatorValue, Target
from indicators.services import indicator_period_recompute

from ..helpers import assign, every_rule, monthly_round, published_kpi_form


@pytest.fixture
def reported(tree):
    """Communes A and B asked in March and April; A reports both months, B only April; cell B1 reports too.

    ``ty_le`` (done ÷ total × 100) aims at ≥ 80 % with an amber band from 60 %: province P has
    75 % in March (A: 3 of 4) and 70 % in April (A 4/4, B 1/4, B1 2/2 → 7 of 10). March's
    submissions: A approved on time, B still a draft.
    """
    version = published_kpi_form()
    ind = every_rule(version.definition)
    Target.objects.create(indicator=ind["ty_le"], direction=">=", value=80, amber_threshold=60, unit="%")
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
    march_round = periods[3][0]
    for code, status, late in (("A", "approved", False), ("B", "draft", None)):
        Submission.objects.create(assignment=Assignment.objects.get(round=march_round, unit__code=code),
                                  version=version, status=status, is_late=late,
                                  submitted_at=dt.datetime(2026, 4, 10, tzinfo=dt.timezone.utc) if late is False
                                  else None)
    return type("Reported", (), {"ind": ind, "periods": periods, "version": version,
                                 "march": periods[3][1], "april": periods[4][1]})


@pytest.fixture
def reviewer_p(make_user, tree, client):
    """A reviewer of province P, logged in with the test client."""
    user = make_user("duyet_p", unit=tree.P, role="reviewer")
    client.force_login(user)
    return user
