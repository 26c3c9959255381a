"""early_warnings: indicators off target or projected to miss, reports missing or late, in a scope."""
import datetime as dt

import pytest

from hierarchy.models import Unit
from hierarchy.selectors import units_visible_to
from indicators.early_warning.projection import Verdict
from indicators.early_warning.selectors import default_period, early_warnings, periods_for_choice
from indicators.engine.targets import Status

from .conftest import MAY_10

pytestmark = pytest.mark.django_db


def _pairs(warnings):
    return [(w.unit.code, w.indicator.code) for w in warnings]


def test_the_running_quarter_is_projected_from_its_months(tree, reported):
    found = early_warnings(units=Unit.objects.all(), period=reported.quarter, now=MAY_10)
    # April's 7 done at P over 30 of the quarter's 91 days paces to 21.2, short of 30.
    risk = {(w.unit.code, w.indicator.code): w for w in found.at_risk}
    assert set(risk) == {("TW", "dat"), ("P", "dat"), ("B", "dat")}
    p = risk["P", "dat"].projection
    assert (p.current, round(p.projected, 1), p.verdict, p.covered_until) == (
        7.0, 21.2, Verdict.AT_RISK, dt.date(2026, 4, 30))
    assert risk["P", "dat"].projected_display == "21,23 hồ sơ" and risk["P", "dat"].value_display == "7 hồ sơ"
    # A rate below its target now is off target (red before amber, upper units first).
    assert _pairs(found.off_target) == [("B", "ty_le"), ("TW", "ty_le"), ("P", "ty_le")]
    assert [w.projection.status for w in found.off_target] == [Status.RED, Status.AMBER, Status.AMBER]
    assert found.totals == {"off_target": 3, "at_risk": 3, "missing": 0, "late": 0}


def test_a_finished_month_is_judged_on_its_value(tree, reported):
    found = early_warnings(units=Unit.objects.all(), period=reported.april, now=MAY_10)
    assert {(w.unit.code, w.indicator.code, w.projection.verdict) for w in found.off_target} >= {
        ("P", "dat", Verdict.MISSED), ("P", "ty_le", Verdict.MISSED)}
    assert found.at_risk == []


def test_reports_missing_and_late_with_days_late(tree, reported):
    march = early_warnings(units=Unit.objects.all(), period=reported.march, now=MAY_10)
    assert [(r.unit.code, r.days_late, r.status_label, r.missing) for r in march.missing] == [
        ("B", 22, "Đang soạn", True)]  # due 18 April, still a draft on 10 May
    april = early_warnings(units=Unit.objects.all(), period=reported.april, now=MAY_10)
    assert [(r.unit.code, r.days_late, r.definition_code) for r in april.late] == [("A", 2, "BCT-THU")]
    assert april.missing == []


def test_a_reviewer_sees_only_their_subtree(tree, reported, make_user):
    reviewer_b = make_user("duyet_b", unit=tree.B, role="reviewer")
    found = early_warnings(units=units_visible_to(user=reviewer_b), period=reported.quarter, now=MAY_10)
    assert _pairs(found.off_target) == [("B", "ty_le")] and _pairs(found.at_risk) == [("B", "dat")]
    reviewer_q = make_user("duyet_q", unit=tree.Q, role="reviewer")
    nothing = early_warnings(units=units_visible_to(user=reviewer_q), period=reported.march, now=MAY_10)
    assert nothing.empty and nothing.missing == []


def test_kpi_set_filter_and_limit(tree, reported):
    other = early_warnings(units=Unit.objects.all(), period=reported.quarter, now=MAY_10,
                           kpi_set_id=reported.version.definition_id + 1000)
    assert other.empty
    cut = early_warnings(units=Unit.objects.all(), period=reported.quarter, now=MAY_10, limit=1,
                         kpi_set_id=reported.version.definition_id)
    assert len(cut.off_target) == 1 and cut.totals["off_target"] == 3


def test_a_fixed_number_of_queries_whatever_the_scope(tree, reported, make_user, django_assert_num_queries):
    reviewer = make_user("duyet_tw", unit=tree.TW, role="reviewer")
    units = units_visible_to(user=reviewer)  # memberships: one query, cached on the user
    # indicators with targets, the period's results, the periods inside it, their results, late reports.
    with django_assert_num_queries(5):
        early_warnings(units=units, period=reported.quarter, now=MAY_10)
    for n in range(15):
        Unit.objects.get(pk=tree.B.pk).add_child(code=f"B{n + 2}", name=f"Chi bộ {n + 2}", kind=tree.kinds["chi_bo"],
                                                 level=tree.levels["co_so"])
    with django_assert_num_queries(5):
        early_warnings(units=units, period=reported.quarter, now=MAY_10)


def test_the_default_period_is_the_latest_started_with_results(tree, reported):
    periods = periods_for_choice()
    assert [p.key for p in periods] == ["2026-M04", "2026-Q2", "2026-M03"]  # latest start first, shortest first
    assert default_period(periods=periods, today=MAY_10.date()).key == "2026-M04"
