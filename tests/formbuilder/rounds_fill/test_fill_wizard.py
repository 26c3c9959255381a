"""The filling wizard /bao-cao/<id>/nhap/<step>/: steps saved to the database, resume, check and submit."""
import datetime as dt

import pytest
from django.utils import timezone

from formbuilder.rounds.models import Submission, SubmissionEvent
from formbuilder.rounds.services import (
    assignment_reopen, round_assign_sections, round_create, round_open, submission_return,
    submission_save_draft, submission_submit,
)

from .conftest import FULL, rule_due_in, step_url


def post_step(client, sub, step, values, *, action="tiep", revision=None, **extra):
    sub.refresh_from_db()
    data = {"revision": sub.revision if revision is None else revision, "step": step, "hanh_dong": action,
            **values, **extra}
    return client.post(step_url(sub, step), data)


def test_opening_lands_on_the_first_incomplete_step(client, drafter, sub_a):
    client.force_login(drafter)
    assert client.get(f"/bao-cao/{sub_a.pk}/nhap/")["Location"] == step_url(sub_a, "phan_i")
    submission_save_draft(submission=sub_a, data={"phan_i": FULL["phan_i"]}, expected_revision=0, acting_user=drafter)
    assert client.get(f"/bao-cao/{sub_a.pk}/nhap/")["Location"] == step_url(sub_a, "phan_ii")
    # An unknown step name goes to the same place rather than failing.
    assert client.get(step_url(sub_a, "khong_co"))["Location"] == step_url(sub_a, "phan_ii")


def test_each_step_is_saved_to_the_database_and_shown_again(client, drafter, sub_a):
    client.force_login(drafter)
    response = post_step(client, sub_a, "phan_i", {"tinh_hinh": "Ổn định, phát triển"})
    assert response.status_code == 302 and response["Location"] == step_url(sub_a, "phan_ii")
    sub_a.refresh_from_db()
    assert sub_a.data == {"phan_i": {"tinh_hinh": "Ổn định, phát triển"}} and sub_a.revision == 1
    # Another session (a new login, another browser) resumes from the database.
    client.logout()
    client.force_login(drafter)
    assert client.get(f"/bao-cao/{sub_a.pk}/nhap/")["Location"] == step_url(sub_a, "phan_ii")
    html = client.get(step_url(sub_a, "phan_i")).content.decode()
    assert "Ổn định, phát triển</textarea>" in html
    assert 'name="revision" value="1"' in html


def test_saving_one_step_keeps_the_others(client, drafter, sub_a):
    client.force_login(drafter)
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=drafter)
    post_step(client, sub_a, "phan_ii", {"so_van_ban": "1.234"}, action="luu")
    sub_a.refresh_from_db()
    assert sub_a.data == {**FULL, "phan_ii": {"so_van_ban": 1234}}


def test_buttons_go_next_stay_or_back(client, drafter, sub_a):
    client.force_login(drafter)
    assert post_step(client, sub_a, "phan_ii", {}, action="luu")["Location"] == step_url(sub_a, "phan_ii")
    assert post_step(client, sub_a, "phan_iii", {})["Location"] == step_url(sub_a, "kiem-tra")
    back = post_step(client, sub_a, "phan_ii", {}, action="", wizard_goto_step="phan_i")
    assert back["Location"] == step_url(sub_a, "phan_i")


def test_errors_are_shown_at_their_field_in_vietnamese_with_a_summary(client, drafter, sub_a):
    client.force_login(drafter)
    html = post_step(client, sub_a, "phan_ii", {"so_van_ban": "-3"}).content.decode()
    assert "Biểu mẫu có 1 lỗi cần sửa" in html
    assert '<a href="#id_so_van_ban">Số văn bản: phải là số nguyên không âm</a>' in html
    assert 'aria-invalid="true"' in html and 'value="-3"' in html  # the typed value is shown again
    html = post_step(client, sub_a, "phan_ii", {"so_van_ban": "mười"}).content.decode()
    assert "Số văn bản: phải là số nguyên" in html and 'value="mười"' in html
    sub_a.refresh_from_db()
    assert sub_a.data == {} and sub_a.revision == 0  # nothing saved


def test_check_step_lists_every_section_with_its_errors(client, drafter, sub_a):
    client.force_login(drafter)
    submission_save_draft(submission=sub_a, data={"phan_i": FULL["phan_i"]}, expected_revision=0, acting_user=drafter)
    html = client.get(step_url(sub_a, "kiem-tra")).content.decode()
    assert "Báo cáo còn 2 mục cần hoàn thiện trước khi nộp" in html
    assert f'href="{step_url(sub_a, "phan_ii")}?loi=1">II. Kết quả — Số văn bản: bắt buộc nhập</a>' in html
    assert "III. Tự đánh giá — Ưu điểm: bắt buộc nhập" in html
    assert "Ổn định" in html  # saved values, read-only
    assert "Nộp báo cáo" in html
    # Following a link shows the error at its field.
    html = client.get(step_url(sub_a, "phan_ii") + "?loi=1").content.decode()
    assert "Số văn bản: bắt buộc nhập" in html and 'aria-invalid="true"' in html


def test_incomplete_submit_is_refused_with_every_error(client, drafter, sub_a):
    client.force_login(drafter)
    response = client.post(step_url(sub_a, "kiem-tra"), {"hanh_dong": "nop"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa nộp được: báo cáo còn 3 lỗi cần sửa." in html
    assert "Tình hình chung: bắt buộc nhập" in html and "Số văn bản: bắt buộc nhập" in html
    sub_a.refresh_from_db()
    assert sub_a.status == "draft"


def test_complete_report_is_submitted(client, drafter, sub_a):
    client.force_login(drafter)
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=drafter)
    assert client.get(f"/bao-cao/{sub_a.pk}/nhap/")["Location"] == step_url(sub_a, "kiem-tra")
    response = client.post(step_url(sub_a, "kiem-tra"), {"hanh_dong": "nop"}, follow=True)
    assert response.redirect_chain[-1][0] == "/bao-cao/"
    assert "Đã nộp báo cáo “Đề cương thử”" in response.content.decode()
    sub_a.refresh_from_db()
    assert (sub_a.status, sub_a.is_late) == ("submitted", False)
    # Once submitted, the steps are read-only and say why.
    html = client.get(step_url(sub_a, "phan_i")).content.decode()
    assert "đang chờ duyệt nên không sửa được nữa" in html
    assert "Lưu và tiếp tục" not in html and "Ổn định" in html
    response = post_step(client, sub_a, "phan_i", {"tinh_hinh": "Sửa sau khi nộp"})
    assert "không thể sửa" in response.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.data == FULL


def test_returned_report_shows_the_reviewers_comments_on_each_step(client, drafter, reviewer, sub_a):
    client.force_login(drafter)
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=drafter)
    submission_submit(submission=sub_a, acting_user=drafter)
    submission_return(submission=sub_a, acting_user=reviewer, section_comments={"phan_ii": "Thiếu số liệu quý I"},
                      comment="Bổ sung trước ngày 15")
    html = client.get(step_url(sub_a, "phan_ii")).content.decode()
    assert "Ý kiến của cấp trên về phần này" in html and "Thiếu số liệu quý I" in html
    assert "Bổ sung trước ngày 15" in html
    assert "Thiếu số liệu quý I" not in client.get(step_url(sub_a, "phan_i")).content.decode()
    post_step(client, sub_a, "phan_ii", {"so_van_ban": "15"})
    response = client.post(step_url(sub_a, "kiem-tra"), {"hanh_dong": "nop"})
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == "submitted" and sub_a.data["phan_ii"] == {"so_van_ban": 15}


def test_locked_entry_is_read_only_and_a_late_post_keeps_the_typed_values(client, drafter, open_round, tree):
    round_ = open_round(days=-3, grace_days=1, code="khoa")
    sub = Submission.objects.get(assignment__round=round_, assignment__unit=tree.A)
    client.force_login(drafter)
    html = client.get(step_url(sub, "phan_i")).content.decode()
    assert "Đã hết hạn nhập liệu (hạn nộp" in html and "Đề nghị cấp trên mở lại" in html
    assert "Lưu và tiếp tục" not in html
    # A page opened before the lock and posted after it: refused, values shown again, nothing lost.
    html = post_step(client, sub, "phan_i", {"tinh_hinh": "Nội dung soạn dở"}).content.decode()
    assert "Đã hết hạn nhập liệu cho báo cáo này" in html
    assert "Các giá trị bạn vừa nhập vẫn hiện dưới đây nhưng chưa được lưu." in html
    assert "Nội dung soạn dở" in html  # shown read-only, to copy: it can no longer be saved
    # Reopened for this unit, entry works again.
    reviewer = type(drafter).objects.create_user("duyet.khoa")
    reviewer.memberships.create(unit=tree.P, role="reviewer")
    assignment_reopen(assignment=sub.assignment, until=timezone.now() + dt.timedelta(days=2), acting_user=reviewer)
    assert post_step(client, sub, "phan_i", {"tinh_hinh": "Nội dung soạn dở"}).status_code == 302


def test_another_communes_report_is_not_found_and_a_reviewer_may_not_fill(client, tree, make_user, sub_a,
                                                                          reviewer):
    client.force_login(make_user("soan.b", unit=tree.B, role="drafter"))
    assert client.get(f"/bao-cao/{sub_a.pk}/nhap/").status_code == 404
    assert client.get(step_url(sub_a, "phan_i")).status_code == 404
    assert client.post(step_url(sub_a, "phan_i"), {"tinh_hinh": "x", "revision": 0}).status_code == 404
    client.force_login(reviewer)
    response = client.get(step_url(sub_a, "phan_i"))
    assert response.status_code == 403
    assert "Bạn chỉ được nhập báo cáo của đơn vị mình; báo cáo này thuộc Xã Vĩnh Am." in response.content.decode()
    client.logout()
    assert client.get(step_url(sub_a, "phan_i"))["Location"].startswith("/dang-nhap/")
    assert Submission.objects.get(pk=sub_a.pk).revision == 0


def test_a_unit_given_some_sections_fills_only_those(client, tree, version, make_user):
    round_ = round_create(code="chia", title="Chia phần", issuing_unit=tree.P, rule=rule_due_in(10),
                          versions=[version])
    round_assign_sections(round=round_, version=version, unit=tree.A, section_keys=["phan_ii"])
    round_assign_sections(round=round_, version=version, unit=tree.B, section_keys=["phan_i", "phan_iii"])
    round_open(round=round_)
    sub = Submission.objects.get(assignment__round=round_, assignment__unit=tree.A)
    client.force_login(make_user("soan.chia", unit=tree.A, role="drafter"))
    assert client.get(f"/bao-cao/{sub.pk}/nhap/")["Location"] == step_url(sub, "phan_ii")
    html = client.get(step_url(sub, "phan_ii")).content.decode()
    assert "Bước 1/1" in html and "I. Đặc điểm tình hình" not in html
    assert client.get(step_url(sub, "phan_i"))["Location"] == step_url(sub, "phan_ii")
    post_step(client, sub, "phan_ii", {"so_van_ban": "4"})
    assert client.post(step_url(sub, "kiem-tra"), {"hanh_dong": "nop"}).status_code == 302
    sub.refresh_from_db()
    assert (sub.status, sub.data) == ("submitted", {"phan_ii": {"so_van_ban": 4}})


def test_each_save_is_one_history_event_with_its_changes(client, drafter, sub_a):
    client.force_login(drafter)
    post_step(client, sub_a, "phan_i", {"tinh_hinh": "A"})
    post_step(client, sub_a, "phan_i", {"tinh_hinh": "A"})  # unchanged: no new revision, no event
    post_step(client, sub_a, "phan_i", {"tinh_hinh": "B"})
    events = list(SubmissionEvent.objects.filter(submission=sub_a).values_list("revision", "changes"))
    assert events == [(1, [["phan_i.tinh_hinh", None, "A"]]), (2, [["phan_i.tinh_hinh", "A", "B"]])]


@pytest.mark.parametrize("step", ["phan_i", "kiem-tra"])
def test_step_pages_cost_a_fixed_number_of_queries(client, drafter, sub_a, django_assert_num_queries, step):
    client.force_login(drafter)
    client.get(step_url(sub_a, step))  # warm the compiled-form cache
    # session, user, submission (with round, unit, version), memberships, header's membership, unread count
    with django_assert_num_queries(6):
        assert client.get(step_url(sub_a, step)).status_code == 200
