"""The rounds workflow through its services: assign, open, save, submit, return, approve."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from formbuilder.rounds.errors import EditConflict, NotAllowed, SubmissionInvalid, WorkflowError
from formbuilder.rounds.models import Assignment, Submission, SubmissionEvent, TargetKind
from formbuilder.rounds.selectors import round_resolve_units, subtree_progress, tasks_for
from formbuilder.rounds.services import (
    assignment_reopen, round_add_target, round_assign_sections, round_create, round_open,
    submission_approve, submission_return, submission_save_draft, submission_submit, submission_unapprove,
)
from hierarchy.models import UnitGroup

from .rounds_helpers import fixed_rule, monthly_rule, period, published_outline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OPEN = dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN)
FULL = {"phan_i": {"tinh_hinh": "Ổn định"}, "phan_ii": {"so_van_ban": 12}, "phan_iii": {"uu_diem": "Kịp thời"}}


@pytest.fixture
def version(db):
    return published_outline()


@pytest.fixture
def opened(tree, version):
    """A one-off round (due 09/4/2026, entry open 3 days more) assigned to the communes of province P,
    opened on 01/4/2026."""
    round_ = round_create(code="dot-2", title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                          rule=fixed_rule(grace_days=3), versions=[version])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    return round_


def sub_of(round_, code):
    return Submission.objects.get(assignment__round=round_, assignment__unit__code=code)


def test_targets_resolve_to_units_inside_the_issuing_subtree(tree, version):
    round_ = round_create(code="r", title="R", issuing_unit=tree.P, rule=fixed_rule(), versions=[version])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    assert [u.code for u in round_resolve_units(round=round_)] == ["A", "B"]  # C is in province Q
    group = UnitGroup.objects.create(code="g", name="Nhóm")
    group.units.set([tree.C, tree.B1])
    round_add_target(round=round_, kind=TargetKind.GROUP, group=group, within=tree.TW)
    assert [u.code for u in round_resolve_units(round=round_)] == ["A", "B", "B1", "C"]


def test_a_kind_target_resolves_to_units_of_that_kind_and_a_target_needs_its_object(tree, version):
    round_ = round_create(code="theo-loai", title="Theo loại", issuing_unit=tree.TW, rule=fixed_rule(),
                          versions=[version])
    round_add_target(round=round_, kind=TargetKind.KIND, unit_kind=tree.kinds["chi_bo"])
    assert [u.code for u in round_resolve_units(round=round_)] == ["B1"]
    round_add_target(round=round_, kind=TargetKind.KIND, unit_kind=tree.kinds["tinh"], within=tree.P)
    assert [u.code for u in round_resolve_units(round=round_)] == ["P", "B1"]  # Q lies outside P's subtree
    with pytest.raises(ValidationError, match="Cần chọn cấp, loại đơn vị, nhóm hoặc đơn vị"):
        round_add_target(round=round_, kind=TargetKind.KIND, level=tree.levels["xa"])
    assert round_.targets.count() == 2


def test_open_creates_one_task_per_unit_with_the_due_date(opened):
    assignments = Assignment.objects.filter(round=opened)
    assert sorted(a.unit.code for a in assignments) == ["A", "B"]
    assert {a.due_at.astimezone(VN) for a in assignments} == {dt.datetime(2026, 4, 9, 23, 59, 59, tzinfo=VN)}
    with pytest.raises(WorkflowError, match="đã mở"):
        round_add_target(round=opened, kind=TargetKind.UNIT, unit=opened.issuing_unit)


def test_fill_submit_return_resubmit_approve_unapprove(opened, tree, make_user):
    drafter = make_user("soan.a", unit=tree.A, role="drafter")
    reviewer = make_user("duyet.p", unit=tree.P, role="reviewer")
    sub = sub_of(opened, "A")
    sub = submission_save_draft(submission=sub, data={"phan_i": {"tinh_hinh": "Ổn định"}}, expected_revision=0,
                                acting_user=drafter, now=OPEN)
    with pytest.raises(SubmissionInvalid) as exc:
        submission_submit(submission=sub, acting_user=drafter, now=OPEN)
    assert any("Số văn bản" in m for m in exc.value.messages)
    sub = submission_save_draft(submission=sub, data=FULL, expected_revision=1, acting_user=drafter, now=OPEN)
    sub = submission_submit(submission=sub, acting_user=drafter, now=dt.datetime(2026, 4, 9, 23, 30, tzinfo=VN))
    assert (sub.status, sub.is_late) == ("submitted", False)
    with pytest.raises(NotAllowed):
        submission_approve(submission=sub, acting_user=drafter)
    sub = submission_return(submission=sub, acting_user=reviewer, section_comments={"phan_ii": "Thiếu số liệu quý I"})
    assert sub.return_comments == {"phan_ii": "Thiếu số liệu quý I"}
    sub = submission_save_draft(submission=sub, data={**FULL, "phan_ii": {"so_van_ban": 15}}, expected_revision=2,
                                acting_user=drafter, now=OPEN)
    sub = submission_submit(submission=sub, acting_user=drafter, now=dt.datetime(2026, 4, 10, 9, 0, tzinfo=VN))
    assert sub.is_late is False  # lateness is fixed at the first submission
    sub = submission_approve(submission=sub, acting_user=reviewer)
    with pytest.raises(WorkflowError):
        submission_save_draft(submission=sub, data=FULL, expected_revision=sub.revision, acting_user=drafter, now=OPEN)
    sub = submission_unapprove(submission=sub, acting_user=reviewer, comment="Xem lại")
    assert sub.status == "submitted"
    actions = list(SubmissionEvent.objects.filter(submission=sub).values_list("action", flat=True))
    assert actions == ["save", "save", "submit", "return", "save", "resubmit", "approve", "unapprove"]
    change = SubmissionEvent.objects.filter(submission=sub, action="save").last().changes
    assert change == [["phan_ii.so_van_ban", 12, 15]]


def test_late_submission_is_recorded(opened, tree, make_user):
    drafter = make_user("soan.b", unit=tree.B, role="drafter")
    sub = submission_save_draft(submission=sub_of(opened, "B"), data=FULL, expected_revision=0, acting_user=drafter,
                                now=OPEN)
    sub = submission_submit(submission=sub, acting_user=drafter, now=dt.datetime(2026, 4, 10, 0, 10, tzinfo=VN))
    assert sub.is_late is True
    assert subtree_progress(round=opened, unit=tree.P) == {
        "expected": 2, "late": 1, "draft": 1, "submitted": 1, "returned": 0, "approved": 0}


def test_stale_draft_is_a_conflict_and_nothing_is_overwritten(opened, tree, make_user):
    first, second = make_user("u1", unit=tree.A, role="drafter"), make_user("u2", unit=tree.A, role="drafter")
    sub = sub_of(opened, "A")
    submission_save_draft(submission=sub, data={"phan_i": {"tinh_hinh": "Bản của u1"}}, expected_revision=0,
                          acting_user=first, now=OPEN)
    with pytest.raises(EditConflict) as exc:
        submission_save_draft(submission=sub, data={"phan_i": {"tinh_hinh": "Bản của u2"}}, expected_revision=0,
                              acting_user=second, now=OPEN)
    assert exc.value.theirs == {"phan_i": {"tinh_hinh": "Bản của u1"}}
    assert exc.value.yours == {"phan_i": {"tinh_hinh": "Bản của u2"}}
    assert sub_of(opened, "A").data == {"phan_i": {"tinh_hinh": "Bản của u1"}}


def test_commune_cannot_touch_another_communes_report(opened, tree, make_user):
    other = make_user("soan.b2", unit=tree.B, role="drafter")
    with pytest.raises(NotAllowed):
        submission_save_draft(submission=sub_of(opened, "A"), data=FULL, expected_revision=0, acting_user=other,
                              now=OPEN)
    same_level_reviewer = make_user("duyet.a", unit=tree.A, role="reviewer")
    sub = sub_of(opened, "A")
    with pytest.raises(NotAllowed):
        submission_return(submission=sub, acting_user=same_level_reviewer, section_comments={"phan_i": "x"})


def test_entry_locks_after_due_plus_grace_and_reopens_per_unit(tree, version, make_user):
    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule

    rule = ReportingRule(period_type=PeriodType.ONE_OFF, due=DueRule.fixed(dt.date(2026, 4, 9)), grace_days=1)
    round_ = round_create(code="khoa", title="Khóa", issuing_unit=tree.P, rule=rule, versions=[version])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_, now=OPEN)
    drafter = make_user("soan.k", unit=tree.A, role="drafter")
    reviewer = make_user("duyet.k", unit=tree.P, role="reviewer")
    sub = sub_of(round_, "A")
    late = dt.datetime(2026, 4, 12, 9, 0, tzinfo=VN)
    with pytest.raises(WorkflowError, match="hết hạn nhập liệu"):
        submission_save_draft(submission=sub, data=FULL, expected_revision=0, acting_user=drafter, now=late)
    import django.utils.timezone as tz

    assignment_reopen(assignment=sub.assignment, until=tz.now() + dt.timedelta(days=365 * 5), acting_user=reviewer)
    submission_save_draft(submission=sub, data=FULL, expected_revision=0, acting_user=drafter, now=late)


def test_without_grace_entry_locks_at_the_due_time_and_reopens_per_unit(tree, version, make_user):
    """Issue 4: entry locks after the due date plus an optional grace — a blank grace locks at the due time."""
    round_ = round_create(code="khoa-ngay", title="Khóa ngay", issuing_unit=tree.P, rule=fixed_rule(),
                          versions=[version])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_, now=OPEN)
    assert Assignment.objects.get(round=round_).lock_at.astimezone(VN) == dt.datetime(2026, 4, 9, 23, 59, 59,
                                                                                       tzinfo=VN)
    drafter = make_user("soan.n", unit=tree.A, role="drafter")
    reviewer = make_user("duyet.n", unit=tree.P, role="reviewer")
    sub = submission_save_draft(submission=sub_of(round_, "A"), data=FULL, expected_revision=0, acting_user=drafter,
                                now=dt.datetime(2026, 4, 9, 23, 59, 59, tzinfo=VN))  # the last second is still open
    just_after = dt.datetime(2026, 4, 10, 0, 0, 1, tzinfo=VN)
    with pytest.raises(WorkflowError, match="hết hạn nhập liệu"):
        submission_submit(submission=sub, acting_user=drafter, now=just_after)
    assert Submission.objects.get(pk=sub.pk).status == "draft"  # nothing half-written
    import django.utils.timezone as tz

    assignment_reopen(assignment=sub.assignment, until=tz.now() + dt.timedelta(days=365 * 5), acting_user=reviewer)
    sub = submission_submit(submission=sub, acting_user=drafter, now=just_after)
    assert (sub.status, sub.is_late) == ("submitted", True)


def test_sections_split_among_contributors(tree, version, make_user):
    round_ = round_create(code="chia", title="Chia phần", issuing_unit=tree.P, rule=fixed_rule(), versions=[version],
                          consolidating_unit=tree.B)
    round_assign_sections(round=round_, version=version, unit=tree.A, section_keys=["phan_i", "phan_ii"])
    with pytest.raises(ValidationError, match="đã giao cho Xã Vĩnh Am"):
        round_assign_sections(round=round_, version=version, unit=tree.B, section_keys=["phan_ii"])
    with pytest.raises(ValidationError, match="không có phần: phan_x"):
        round_assign_sections(round=round_, version=version, unit=tree.B, section_keys=["phan_x"])
    round_assign_sections(round=round_, version=version, unit=tree.B, section_keys=["phan_iii"])
    assert round_open(round=round_, now=OPEN) == 2
    a = make_user("soan.ca", unit=tree.A, role="drafter")
    sub = sub_of(round_, "A")
    # Only its own parts are kept; the required part III of another unit does not block it.
    sub = submission_save_draft(submission=sub, data=FULL, expected_revision=0, acting_user=a, now=OPEN)
    assert set(sub.data) == {"phan_i", "phan_ii"}
    assert submission_submit(submission=sub, acting_user=a, now=OPEN).status == "submitted"


def test_task_list_for_drafter_and_reviewer(opened, tree, make_user, django_assert_num_queries):
    drafter = make_user("soan.t", unit=tree.A, role="drafter")
    reviewer = make_user("duyet.t", unit=tree.P, role="reviewer")
    sub = submission_save_draft(submission=sub_of(opened, "A"), data=FULL, expected_revision=0, acting_user=drafter,
                                now=OPEN)
    submission_submit(submission=sub, acting_user=drafter, now=OPEN)
    assert [(t.assignment.unit.code, t.awaiting_review) for t in tasks_for(user=drafter, now=OPEN)] == [("A", False)]
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    with django_assert_num_queries(2):
        tasks = tasks_for(user=reviewer, now=OPEN)
    assert [(t.assignment.unit.code, t.awaiting_review) for t in tasks] == [("A", True)]


def test_monthly_round_due_on_the_18th_with_later_date_for_upper_levels(tree, version):
    from formbuilder.engine.calendar import DueRule, LevelOverride, PeriodType, ReportingRule

    rule = ReportingRule(period_type=PeriodType.MONTHLY,
                         due=DueRule.day_of_month(18, level_overrides={1: LevelOverride(day=25)}))
    round_ = round_create(code="thang-3", title="Báo cáo tháng", issuing_unit=tree.TW, rule=rule,
                          versions=[version], period=period())
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["tinh"])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=dt.datetime(2026, 3, 1, tzinfo=VN))
    due = {a.unit.code: a.due_at.astimezone(VN).date() for a in Assignment.objects.filter(round=round_)}
    assert due == {"P": dt.date(2026, 3, 25), "Q": dt.date(2026, 3, 25), "A": dt.date(2026, 3, 18),
                   "B": dt.date(2026, 3, 18), "C": dt.date(2026, 3, 18)}


def test_a_shifted_cutoff_window_is_stored_with_the_round(tree, version):
    from formbuilder.engine.calendar import CutoffRule, DueRule, PeriodType, ReportingRule

    rule = ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(18), cutoff=CutoffRule(15))
    round_ = round_create(code="thang-3-ky-15", title="Báo cáo tháng", issuing_unit=tree.P, rule=rule,
                          versions=[version], period=period())
    assert (round_.period_label, round_.cutoff_from, round_.cutoff_to) == (
        "Tháng 3/2026", dt.date(2026, 2, 15), dt.date(2026, 3, 14))
    assert round_.due_at.astimezone(VN) == dt.datetime(2026, 3, 18, 23, 59, 59, tzinfo=VN)


def test_bad_rules_and_empty_assignments_are_refused(tree, version):
    from formbuilder.engine.calendar import CalendarError, DueRule

    with pytest.raises(CalendarError, match="ngày 32"):
        DueRule.day_of_month(32)
    round_ = round_create(code="rong", title="Rỗng", issuing_unit=tree.P, rule=fixed_rule(), versions=[version])
    with pytest.raises(ValidationError, match="chưa chọn được đơn vị nào"):
        round_open(round=round_, now=OPEN)
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    with pytest.raises(ValidationError, match="09/04/2026"):
        round_open(round=round_, now=dt.datetime(2026, 5, 1, tzinfo=VN))  # the fixed date has passed
