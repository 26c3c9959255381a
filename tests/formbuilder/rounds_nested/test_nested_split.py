"""A split below the top level, through the services and pages: assign, open, fill, return, consolidate."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from formbuilder.rounds.models import Assignment, Submission
from formbuilder.rounds.selectors_review import ConsolidationScope
from formbuilder.rounds.services import (
    round_assign_sections, round_create, submission_approve, submission_return, submission_save_draft,
    submission_submit,
)
from formbuilder.rounds.services_consolidation import consolidation_build

from ..rounds_helpers import fixed_rule
from .conftest import BOARD, INSPECTION, OPEN, VN, sub_of


@pytest.fixture
def people(tree, make_user):
    return type("People", (), {
        "board": make_user("soan.a", unit=tree.A, role="drafter"),
        "inspection": make_user("soan.b", unit=tree.B, role="drafter"),
        "reviewer": make_user("duyet.p", unit=tree.P, role="reviewer"),
    })


def save(sub, data, user, at=OPEN):
    return submission_save_draft(submission=sub, data=data, expected_revision=sub.revision, acting_user=user, now=at)


def test_opening_records_what_is_carved_out_of_each_part(nested_round):
    carved = {a.unit.code: (a.section_keys, a.excluded_keys) for a in Assignment.objects.filter(round=nested_round)}
    assert carved == {"A": (["phan_i", "phan_iii", "phan_iv"], ["muc_3_4", "muc_4_10"]),
                      "B": (["muc_3_4", "muc_4_10"], [])}


def test_overlaps_are_refused_and_nothing_is_written(tree, nested_version):
    round_ = round_create(code="chong", title="Chồng", issuing_unit=tree.P, rule=fixed_rule(),
                          versions=[nested_version])
    round_assign_sections(round=round_, version=nested_version, unit=tree.A, section_keys=["phan_iii"])
    with pytest.raises(ValidationError, match="đã giao cho Xã Vĩnh Am"):
        round_assign_sections(round=round_, version=nested_version, unit=tree.B, section_keys=["phan_iii"])
    with pytest.raises(ValidationError, match="đã nằm trong phần “IV. Nghị quyết 57”"):
        round_assign_sections(round=round_, version=nested_version, unit=tree.B,
                              section_keys=["phan_iv", "muc_4_10"])
    assert list(round_.section_assignments.values_list("unit__code", flat=True)) == ["A"]
    round_assign_sections(round=round_, version=nested_version, unit=tree.B, section_keys=["muc_3_4"])  # carved out


def test_each_unit_fills_and_submits_only_its_sections(nested_round, people):
    board, inspection = sub_of(nested_round, "A"), sub_of(nested_round, "B")
    # The board's document may hold mục III.4 (copied from last year): it is not the board's to write.
    stray = {**BOARD, "phan_iii": {**BOARD["phan_iii"], "muc_3_4": {"kiem_tra": "GHI ĐÈ"}}}
    board = save(board, stray, people.board)
    assert board.data == BOARD
    board = submission_submit(submission=board, acting_user=people.board, now=OPEN)  # III.4 not required of it
    inspection = save(inspection, {"phan_iii": {"muc_3_4": {"so_cuoc": 6}}}, people.inspection)
    with pytest.raises(Exception) as refused:
        submission_submit(submission=inspection, acting_user=people.inspection, now=OPEN)
    assert any("Kết quả kiểm tra, giám sát" in m for m in refused.value.messages)
    assert any("Kết quả thực hiện" in m for m in refused.value.messages)
    assert not any("Khái quát chung" in m for m in refused.value.messages)  # the board's, not asked of it
    inspection = save(inspection, INSPECTION, people.inspection)
    late = dt.datetime(2026, 4, 10, 9, 0, tzinfo=VN)  # within the three days' grace
    inspection = submission_submit(submission=inspection, acting_user=people.inspection, now=late)
    assert (board.is_late, inspection.is_late) == (False, True)
    assert Submission.objects.get(pk=board.pk).data == BOARD


def test_return_per_assigned_section_and_consolidate_in_outline_order(nested_round, people, tree):
    board = submission_submit(submission=save(sub_of(nested_round, "A"), BOARD, people.board),
                              acting_user=people.board, now=OPEN)
    inspection = submission_submit(submission=save(sub_of(nested_round, "B"), INSPECTION, people.inspection),
                                   acting_user=people.inspection, now=OPEN)
    inspection = submission_return(submission=inspection, acting_user=people.reviewer,
                                   section_comments={"muc_3_4": "Nêu tên các tổ chức đảng được kiểm tra"})
    assert inspection.return_comments == {"muc_3_4": "Nêu tên các tổ chức đảng được kiểm tra"}
    fixed = {**INSPECTION, "phan_iii": {"muc_3_4": {"kiem_tra": "Kiểm tra Đảng ủy xã A và xã B", "so_cuoc": 2}}}
    inspection = submission_submit(submission=save(inspection, fixed, people.inspection),
                                   acting_user=people.inspection, now=OPEN)
    submission_approve(submission=board, acting_user=people.reviewer)
    submission_approve(submission=inspection, acting_user=people.reviewer)
    merged = consolidation_build(round=nested_round, version=nested_round.forms.get().version,
                                 scope=ConsolidationScope(unit=tree.P, subtree=False))
    parts = {p.key: p for p in merged.merged}
    assert [p.key for p in merged.merged] == ["phan_i", "phan_iii", "phan_iv"]
    assert parts["phan_iii"].text.split("\n") == [
        "- Khái quát chung: Tăng trưởng hai con số", "1. Chương trình hành động", "- Kết quả xây dựng: Đã ban hành",
        "4. Công tác kiểm tra, giám sát", "- Kết quả kiểm tra, giám sát: Kiểm tra Đảng ủy xã A và xã B",
        "- Số cuộc kiểm tra: 2"]
    assert parts["phan_iv"].text.split("\n") == [
        "1. Lãnh đạo, chỉ đạo", "- Kết quả: Đã quán triệt",
        "10. Kế hoạch kiểm tra", "- Kết quả thực hiện: Ban hành kế hoạch năm 2026"]
    assert parts["phan_iii"].contributors == ["Xã Vĩnh Am", "Phường Long Xuyên"]
    assert parts["phan_i"].contributors == ["Xã Vĩnh Am"]
