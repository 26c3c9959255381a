"""Reads for dashboards and exports: children's values, a unit's trend, warnings, completeness."""
import datetime as dt

import pytest

from formbuilder.rounds.models import Assignment, Submission
from indicators.engine.targets import Status
from indicators.models import IndicatorValue, Target
from indicators.selectors import (
    children_values, completeness, completeness_by_child, subtree_warnings, unit_trend,
)
from indicators.services import indicator_period_recompute

from .helpers import assign, every_rule, monthly_round, published_kpi_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(tree):
    """Communes A and B asked in March and April; A reports both months, B only April; cell B1 reports too."""
    version = published_kpi_form()
    ind = every_rule(version.definition)
    Target.objects.create(indicator=ind["ty_le"], direction=">=", value=80, amber_threshold=60, unit="%")
    periods = {}
    for month, values in ((3, {"A": (3, 4)}), (4, {"A": (4, 4), "B": (1, 4), "B1": (2, 2)})):
        round_ = monthly_round(code=f"t{month}", issuing_unit=tree.P, version=version, month=month)
        period = assign(round_, [tree.A, tree.B], version)
        for code, (done, total) in values.items():
            unit = tree.units[code]
            IndicatorValue.objects.bulk_create([IndicatorValue(period=period, unit=unit, indicator=ind["dat"], value=done),
                                                IndicatorValue(period=period, unit=unit, indicator=ind["tong"], value=total)])
        indicator_period_recompute(period=period)
        periods[month] = (round_, period)
    return type("Reported", (), {"ind": ind, "periods": periods, "version": version})


def test_children_values_show_results_of_internal_children_and_own_values_of_leaves(tree, reported, django_assert_max_num_queries):
    _, april = reported.periods[4]
    with django_assert_max_num_queries(5):
        rows = children_values(unit=tree.P, period=april, indicator_ids=[reported.ind["ty_le"].pk, reported.ind["dat"].pk])
    by_code = {row.unit.code: row.cells for row in rows}
    assert [row.unit.code for row in rows] == ["A", "B"]
    a, b = by_code["A"][reported.ind["ty_le"].pk], by_code["B"][reported.ind["ty_le"].pk]
    assert (a.value, a.reporting, a.expected, a.status) == (100.0, 1, 1, Status.GREEN)  # leaf: own 4 ÷ 4
    assert (b.value, b.reporting, b.expected, b.status) == (50.0, 2, 1, Status.RED)  # B and its cell: 3 ÷ 6


def test_trend_of_a_unit_over_periods(tree, reported):
    trend = unit_trend(unit=tree.P, indicator=reported.ind["ty_le"])
    assert [(p.period.key, p.value, p.status) for p in trend] == [
        ("2026-M03", 75.0, Status.AMBER), ("2026-M04", 70.0, Status.AMBER)]
    leaf = unit_trend(unit=tree.A, indicator=reported.ind["dat"])
    assert [(p.period.key, p.value) for p in leaf] == [("2026-M03", 3), ("2026-M04", 4)]


def test_warnings_for_a_subtree_list_off_target_results_and_missing_reports(tree, reported):
    _, march = reported.periods[3]
    warnings = subtree_warnings(unit=tree.TW, period=march)
    kinds = [(w.unit.code, w.indicator.code, w.kind, w.status) for w in warnings]
    assert ("P", "ty_le", "target", Status.AMBER) in kinds and ("TW", "ty_le", "target", Status.AMBER) in kinds
    assert ("P", "dat", "reporting", Status.UNKNOWN) in kinds  # B has not reported March
    assert all(w.message for w in warnings)


def test_completeness_and_timeliness_per_subtree_and_per_child(tree, reported):
    round_, march = reported.periods[3]
    due = dt.datetime(2026, 4, 18, tzinfo=dt.timezone.utc)
    for code, status, late in (("A", "approved", False), ("B", "submitted", True)):
        assignment = Assignment.objects.get(round=round_, unit__code=code)
        Submission.objects.create(assignment=assignment, version=reported.version, status=status, is_late=late,
                                  submitted_at=due)
    total = completeness(unit=tree.P, period=march)
    assert (total.expected, total.submitted, total.on_time, total.approved, total.late) == (2, 2, 1, 1, 1)
    assert (total.submitted_rate, total.on_time_rate) == (100.0, 50.0)
    by_child = {unit.code: c for unit, c in completeness_by_child(unit=tree.TW, period=march)}
    assert (by_child["P"].expected, by_child["P"].on_time) == (2, 1)
    assert by_child["Q"].expected == 0 and by_child["Q"].submitted_rate is None  # không xác định
