"""A recurring round opens the next period's round by itself when its period has ended."""
import datetime as dt

from formbuilder.engine.calendar import DueRule, Period, PeriodType, ReportingRule
from formbuilder.rounds.models import Assignment, Round, SectionAssignment, TargetKind
from formbuilder.rounds.services import round_add_target, round_assign_sections, round_create, round_open
from formbuilder.rounds.services_admin import next_round_code, rounds_open_next_periods
from formbuilder.services import form_version_new_from, form_version_publish

from .conftest import VN


def monthly(tree, version, *, recurring=True, code="bao-cao-thang-2026-03"):
    rule = ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(18))
    round_ = round_create(code=code, title="Báo cáo tháng", issuing_unit=tree.P, rule=rule, versions=[version],
                          period=Period(PeriodType.MONTHLY, 2026, 3), recurring=recurring, consolidating_unit=tree.P)
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=dt.datetime(2026, 3, 1, tzinfo=VN))
    return round_


def test_next_round_code():
    march, april = Period(PeriodType.MONTHLY, 2026, 3), Period(PeriodType.MONTHLY, 2026, 4)
    assert next_round_code("bao-cao-thang-2026-03", march, april) == "bao-cao-thang-2026-04"
    assert next_round_code("bao-cao-thang", march, april) == "bao-cao-thang-2026-04"
    q4, q1 = Period(PeriodType.QUARTERLY, 2026, 4), Period(PeriodType.QUARTERLY, 2027, 1)
    assert next_round_code("quy-2026-4", q4, q1) == "quy-2027-01"


def test_nothing_before_the_period_ends(tree, version):
    monthly(tree, version)
    assert rounds_open_next_periods(now=dt.datetime(2026, 3, 31, 23, 0, tzinfo=VN)) == []


def test_the_next_month_is_created_and_opened_with_the_same_targets(tree, version):
    march = monthly(tree, version)
    [april] = rounds_open_next_periods(now=dt.datetime(2026, 4, 1, 0, 30, tzinfo=VN))
    assert (april.code, april.period_label, april.status, april.previous) == (
        "bao-cao-thang-2026-04", "Tháng 4/2026", "open", march)
    assert april.consolidating_unit == tree.P and april.recurring
    due = {a.unit.code: a.due_at.astimezone(VN).date() for a in Assignment.objects.filter(round=april)}
    assert due == {"A": dt.date(2026, 4, 18), "B": dt.date(2026, 4, 18)}
    assert rounds_open_next_periods(now=dt.datetime(2026, 4, 2, tzinfo=VN)) == []  # once only


def test_a_new_version_in_force_and_the_section_split_are_carried_over(tree, version):
    rule = ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(18))
    march = round_create(code="chia-2026-03", title="Chia phần", issuing_unit=tree.P, rule=rule, versions=[version],
                         period=Period(PeriodType.MONTHLY, 2026, 3), recurring=True)
    round_assign_sections(round=march, version=version, unit=tree.A, section_keys=["phan_i"])
    round_assign_sections(round=march, version=version, unit=tree.B, section_keys=["phan_ii", "phan_iii"])
    round_open(round=march, now=dt.datetime(2026, 3, 1, tzinfo=VN))
    newer = form_version_publish(version=form_version_new_from(version=version))
    [april] = rounds_open_next_periods(now=dt.datetime(2026, 4, 1, 1, 0, tzinfo=VN))
    assert list(april.forms.values_list("version", flat=True)) == [newer.pk]
    assert {sa.unit.code: sa.section_keys for sa in SectionAssignment.objects.filter(round=april)} == {
        "A": ["phan_i"], "B": ["phan_ii", "phan_iii"]}


def test_one_off_and_non_recurring_rounds_are_left_alone(tree, version):
    monthly(tree, version, recurring=False, code="mot-lan")
    assert rounds_open_next_periods(now=dt.datetime(2026, 5, 1, tzinfo=VN)) == []
    assert Round.objects.count() == 1
