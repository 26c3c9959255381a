"""adhoc_report_open: a unit opens an ad-hoc report (báo cáo đột xuất) under an open ad-hoc round."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from baocao_site.audit.models import AuditEntry
from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
from formbuilder.rounds.errors import NotAllowed
from formbuilder.rounds.models import Assignment, Notification, Round, Submission, TargetKind
from formbuilder.rounds.selectors import tasks_for
from formbuilder.rounds.selectors_adhoc import adhoc_choices, adhoc_units_for
from formbuilder.rounds.services import round_add_target, round_create, round_open, submission_save_draft, \
    submission_submit
from formbuilder.rounds.services_adhoc import adhoc_report_open
from formbuilder.rounds.services_notifications import round_opened_notify

from ..rounds_helpers import published_outline
from .conftest import FULL

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=VN)


def adhoc_rule(hours=48, grace_days=None) -> ReportingRule:
    return ReportingRule(period_type=PeriodType.AD_HOC, due=DueRule.within_hours(hours), grace_days=grace_days)


@pytest.fixture
def adhoc_round(tree, version):
    """An open ad-hoc round of province P offering the test outline, reports due within 48 hours."""
    round_ = round_create(code="dot-xuat-2026", title="Báo cáo đột xuất năm 2026", issuing_unit=tree.P,
                          rule=adhoc_rule(), versions=[version])
    assert round_open(round=round_, now=NOW - dt.timedelta(days=1)) == 0  # no task until a unit opens a report
    return round_


def open_report(adhoc_round, unit, user, version, **extra):
    values = {"title": "Báo cáo đột xuất tình hình mưa lũ", "now": NOW, **extra}
    return adhoc_report_open(round=adhoc_round, unit=unit, version=version, acting_user=user, **values)


def test_an_ad_hoc_round_is_open_without_tasks(adhoc_round):
    adhoc_round.refresh_from_db()
    assert (adhoc_round.status, adhoc_round.is_ad_hoc, adhoc_round.offers_adhoc_reports) == ("open", True, True)
    assert not Assignment.objects.exists()


def test_the_report_is_a_round_of_its_own_sent_to_the_upper_level(adhoc_round, tree, version, drafter):
    assignment = open_report(adhoc_round, tree.A, drafter, version)
    report = assignment.round
    assert (report.title, report.issuing_unit, report.adhoc_round, report.is_ad_hoc, report.status) == (
        "Báo cáo đột xuất tình hình mưa lũ", tree.P, adhoc_round, True, "open")
    assert (assignment.unit, assignment.version, assignment.due_at) == (tree.A, version, NOW + dt.timedelta(hours=48))
    assert Submission.objects.get(assignment=assignment).status == "draft"
    entry = AuditEntry.objects.get(action="adhoc_report.open")
    assert entry.changes["unit"] == "A" and entry.changes["adhoc_round"] == "dot-xuat-2026"
    # Two reports of the same unit in the same second get distinct codes.
    again = open_report(adhoc_round, tree.A, drafter, version, title="Báo cáo đột xuất thứ hai")
    assert again.round.code != report.code


def test_a_shorter_deadline_is_kept_and_locks_with_the_grace(tree, version, drafter):
    round_ = round_create(code="dx-khoa", title="Đột xuất có khóa", issuing_unit=tree.P,
                          rule=adhoc_rule(grace_days=1), versions=[version])
    round_open(round=round_, now=NOW)
    due = NOW + dt.timedelta(hours=6)
    assignment = open_report(round_, tree.A, drafter, version, due_at=due)
    assignment.refresh_from_db()
    assert (assignment.due_at, assignment.lock_at) == (due, due + dt.timedelta(days=1))
    assert Round.objects.get(pk=assignment.round_id).due_at == due


def test_every_problem_is_reported_at_its_field_and_nothing_is_created(adhoc_round, tree, make_user):
    central = make_user("tw.soan", unit=tree.C, role="drafter")
    other = published_outline(code="DC-KHAC")
    before = Round.objects.count()
    with pytest.raises(ValidationError) as exc:
        open_report(adhoc_round, tree.C, central, other, title="   ", due_at=NOW + dt.timedelta(hours=49))
    assert exc.value.message_dict == {
        "form": ["Biểu mẫu “DC-KHAC” không dùng cho báo cáo đột xuất của đợt “Báo cáo đột xuất năm 2026”."],
        "unit": ["Xã Đô Lương không thuộc phạm vi của đợt “Báo cáo đột xuất năm 2026”."],
        "title": ["Cần nhập tên báo cáo đột xuất."],
        "due_at": ["Hạn nộp không được muộn hơn hạn tối đa của đợt: 09:00 ngày 22/11/2026."],
    }
    assert Round.objects.count() == before and not Assignment.objects.exists()


def test_a_past_deadline_and_a_round_not_open_are_refused(tree, version, drafter, adhoc_round):
    with pytest.raises(ValidationError) as exc:
        open_report(adhoc_round, tree.A, drafter, version, due_at=NOW - dt.timedelta(minutes=1))
    assert exc.value.message_dict == {"due_at": ["Hạn nộp phải sau thời điểm hiện tại."]}
    preparing = round_create(code="dx-chua-mo", title="Đột xuất chưa mở", issuing_unit=tree.P, rule=adhoc_rule(),
                             versions=[version])
    with pytest.raises(ValidationError) as exc:
        open_report(preparing, tree.A, drafter, version)
    assert exc.value.message_dict == {"form": ["Đợt “Đột xuất chưa mở” không nhận báo cáo đột xuất."]}


def test_only_the_units_own_drafters_may_open_it(adhoc_round, tree, version, drafter, reviewer):
    with pytest.raises(NotAllowed, match="không có quyền lập báo cáo"):
        open_report(adhoc_round, tree.B, drafter, version)
    with pytest.raises(NotAllowed):
        open_report(adhoc_round, tree.A, reviewer, version)  # the upper level reviews, it does not draft
    assert not Assignment.objects.exists()


def test_targets_narrow_the_scope(tree, version, make_user):
    cell = make_user("soan.b1", unit=tree.B1, role="drafter")
    round_ = round_create(code="dx-xa", title="Đột xuất cấp xã", issuing_unit=tree.P, rule=adhoc_rule(),
                          versions=[version])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=NOW)
    assert adhoc_choices(units=adhoc_units_for(user=cell)) == []
    with pytest.raises(ValidationError, match="Chi bộ khu phố 1 không thuộc phạm vi"):
        open_report(round_, tree.B1, cell, version)


def test_choices_offer_the_forms_of_open_ad_hoc_rounds_covering_the_users_units(adhoc_round, tree, version,
                                                                                drafter, make_user):
    [choice] = adhoc_choices(units=adhoc_units_for(user=drafter))
    assert (choice.round, choice.version, choice.unit_ids) == (adhoc_round, version, frozenset({tree.A.pk}))
    assert choice.label == "DC-NHAP — Đề cương thử (hạn trong 48 giờ kể từ khi mở đợt)"
    top = make_user("soan.tw", unit=tree.TW, role="drafter")
    assert list(adhoc_units_for(user=top)) == []  # the root has no upper level to report to


def test_the_upper_level_is_notified_and_reviews_it_once_submitted(adhoc_round, tree, version, drafter, reviewer,
                                                                   make_user):
    colleague = make_user("soan.a2", unit=tree.A, role="drafter")
    assignment = open_report(adhoc_round, tree.A, drafter, version)
    sub = assignment.submission
    round_opened_notify(round_id=assignment.round_id)
    [told] = Notification.objects.filter(user=reviewer)
    assert told.text == ("Xã Vĩnh Am đã mở báo cáo đột xuất “Báo cáo đột xuất tình hình mưa lũ”, "
                         "hạn 09:00 22/11/2026.")
    assert (told.kind, told.url) == ("dot_xuat", f"/bao-cao/dot/{assignment.round_id}/tien-do/")
    assert Notification.objects.get(user=colleague).url == f"/bao-cao/{sub.pk}/nhap/"
    assert not Notification.objects.filter(user=drafter).exists()  # who opened it knows
    sub = submission_save_draft(submission=sub, data=FULL, expected_revision=0, acting_user=drafter, now=NOW)
    submission_submit(submission=sub, acting_user=drafter, now=NOW + dt.timedelta(hours=1))
    [task] = [t for t in tasks_for(user=reviewer) if t.awaiting_review]
    assert task.submission.pk == sub.pk and task.assignment.round.title == "Báo cáo đột xuất tình hình mưa lũ"
