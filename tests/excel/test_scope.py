"""Units in a file are checked like the web form: known codes, assigned, in the user's drafting scope,
still editable. Any such unit makes the whole file refused."""
from __future__ import annotations

import pytest

from formbuilder.rounds.models import SubmissionStatus
from indicators.excel import services

from .conftest import fill, sub_of

pytestmark = pytest.mark.django_db
FIELDS = "Thông tin chung"


@pytest.fixture
def template(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    return b"".join(client.get(f"/excel/mau/{round_.pk}/{version.pk}/").streaming_content)


def plan(content, user, **kwargs):
    return services.import_plan(content=content, filename="t.xlsx", user=user, **kwargs)


def test_unknown_unit_code(template, drafter_ab):
    result = plan(fill(template, {FIELDS: [(6, "#unit", "KHONG-CO"), (6, "so_vu", 1)]}), drafter_ab)
    [problem] = result.problems
    assert (problem.row, problem.column, problem.unit) == (6, "A", "KHONG-CO")
    assert problem.message == "Mã đơn vị “KHONG-CO” không có trong hệ thống."


def test_unit_outside_the_users_scope(template, drafter_a, drafter_ab):
    result = plan(fill(template, {FIELDS: [(4, "so_vu", 1), (5, "so_vu", 2)]}), drafter_a)
    assert [(p.unit, p.row, p.message) for p in result.problems] == [
        ("B", 5, "Bạn không có quyền nhập số liệu cho đơn vị “B – Phường Long Xuyên” "
                 "(ngoài phạm vi đơn vị bạn soạn báo cáo).")]
    assert not result.ok


def test_a_reviewer_of_the_province_may_not_draft_for_communes(template, make_user, tree):
    reviewer = make_user("duyet.p", unit=tree.P, role="reviewer")
    result = plan(fill(template, {FIELDS: [(4, "so_vu", 1)]}), reviewer)
    assert {p.unit for p in result.problems} == {"A", "B"}


def test_unit_not_assigned_in_the_round(template, drafter_ab, tree):
    result = plan(fill(template, {FIELDS: [(6, "#unit", "C"), (6, "so_vu", 1)]}), drafter_ab)
    assert [p.message for p in result.problems] == [
        "Đơn vị “C – Xã Đô Lương” không được giao biểu mẫu này trong đợt “Thống kê quý I”."]


def test_submitted_report_cannot_be_changed_by_file(template, drafter_ab, round_):
    sub = sub_of(round_, "B")
    sub.status = SubmissionStatus.SUBMITTED
    sub.save()
    result = plan(fill(template, {FIELDS: [(5, "so_vu", 1)]}), drafter_ab)
    assert [p.message for p in result.problems] == [
        "Báo cáo của “Phường Long Xuyên” đang ở trạng thái “Đã nộp, chờ duyệt”, không thể sửa bằng tệp."]


def test_entry_closed_after_the_lock(client, tree, version, drafter_ab):
    import datetime as dt

    from django.utils import timezone

    from .conftest import open_round_for

    locked_round = open_round_for(tree, [version], code="dot-khoa", days=1, grace_days=0)
    client.force_login(drafter_ab)
    template = b"".join(client.get(f"/excel/mau/{locked_round.pk}/{version.pk}/").streaming_content)
    result = plan(fill(template, {FIELDS: [(4, "so_vu", 1)]}), drafter_ab,
                  now=timezone.now() + dt.timedelta(days=3))
    assert "Đã hết hạn nhập liệu cho báo cáo của “Xã Vĩnh Am”." in [p.message for p in result.problems]


def test_the_same_unit_twice_is_flagged(template, drafter_ab):
    result = plan(fill(template, {FIELDS: [(6, "#unit", "A"), (6, "so_vu", 1), (4, "so_vu", 2)]}), drafter_ab)
    assert [p.message for p in result.problems] == [
        "Đơn vị “A” có hai dòng (dòng 4 và dòng 6); mỗi đơn vị chỉ một dòng."]


def test_a_row_with_data_but_no_unit_code(template, drafter_ab):
    result = plan(fill(template, {FIELDS: [(7, "so_vu", 5)]}), drafter_ab)
    assert [(p.row, p.column, p.message) for p in result.problems] == [(7, "A", "Thiếu mã đơn vị.")]
