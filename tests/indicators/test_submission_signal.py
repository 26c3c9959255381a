"""Approval → values written and ancestors recomputed through the signal and a huey task; unapproval undoes it.

Works with huey in immediate mode (the task runs on commit) and on Redis (``run_tasks`` drains the queue).
Transactional tests: the services commit for real, as in production, and huey's database tasks may
close the connection after running.
"""
import datetime as dt

import pytest

from formbuilder.engine.calendar import Period, PeriodType
from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import (
    round_add_target, round_create, round_open, submission_approve, submission_save_draft, submission_submit,
    submission_unapprove,
)
from indicators.models import IndicatorResult, IndicatorValue

from ..formbuilder.rounds_helpers import monthly_rule
from .helpers import VN, every_rule, published_kpi_form

OPEN = dt.datetime(2026, 3, 10, 8, 0, tzinfo=VN)  # before the due day, 18 March (entry locks then)
DATA = {"phan_a": {"so_dat": 3, "tong_so": 4, "so_nguoi": 60, "da_ban_hanh": True, "muc_do": "tot",
                   "bang": [{"ten": "Kế hoạch", "dung_han": 1}, {"ten": "Báo cáo", "dung_han": 0}]}}


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def opened(tree):
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    round_ = round_create(code="thang-3", title="Báo cáo tháng 3", issuing_unit=tree.P, rule=monthly_rule(),
                          versions=[version], period=Period(PeriodType.MONTHLY, 2026, 3))
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    return round_, indicators


def result(unit, indicator):
    row = IndicatorResult.objects.filter(unit=unit, indicator=indicator).first()
    return row and (row.value, row.reporting, row.expected)


def test_approve_then_unapprove_updates_values_and_ancestors(opened, tree, make_user, run_tasks):
    round_, ind = opened
    drafter = make_user("soan.a", unit=tree.A, role="drafter")
    reviewer = make_user("duyet.p", unit=tree.P, role="reviewer")
    sub = Submission.objects.get(assignment__round=round_, assignment__unit=tree.A)
    sub = submission_save_draft(submission=sub, data=DATA, expected_revision=0, acting_user=drafter, now=OPEN)
    sub = submission_submit(submission=sub, acting_user=drafter, now=OPEN)
    sub = submission_approve(submission=sub, acting_user=reviewer)
    run_tasks()
    values = dict(IndicatorValue.objects.filter(unit=tree.A).values_list("indicator__code", "value"))
    assert values == {"dat": 3, "tong": 4, "tb": 60, "nho": 60, "lon": 60, "dem": 60, "dat_100": 60,
                      "sau_cung": 60, "qd": 1, "tot": 1, "dung_han": 1, "nhiem_vu": 2}
    assert result(tree.P, ind["ty_le"]) == (75.0, 1, 2)  # A reported, B not yet: 3 ÷ 4
    assert result(tree.P, ind["dat_100"]) == (100.0, 1, 2)
    assert result(tree.TW, ind["dem"]) == (1.0, 1, 2)
    assert result(tree.TW, ind["sau_cung"]) == (60.0, 1, 2)
    assert not IndicatorResult.objects.filter(unit=tree.Q).exists()  # nothing asked or reported there

    submission_unapprove(submission=sub, acting_user=reviewer, comment="Xem lại")
    run_tasks()
    assert not IndicatorValue.objects.filter(unit=tree.A).exists()
    assert result(tree.P, ind["ty_le"]) == (None, 0, 2)  # không xác định
    assert result(tree.P, ind["dem"]) == (0.0, 0, 2)


def test_other_workflow_steps_queue_nothing(opened, tree, make_user, run_tasks):
    round_, _ = opened
    drafter = make_user("soan.b", unit=tree.B, role="drafter")
    sub = Submission.objects.get(assignment__round=round_, assignment__unit=tree.B)
    sub = submission_save_draft(submission=sub, data=DATA, expected_revision=0, acting_user=drafter, now=OPEN)
    submission_submit(submission=sub, acting_user=drafter, now=OPEN)
    run_tasks()
    assert not IndicatorValue.objects.exists() and not IndicatorResult.objects.exists()
