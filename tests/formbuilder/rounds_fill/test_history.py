"""History /bao-cao/<id>/lich-su/: every transition and every value change, who and when."""
import datetime as dt

from formbuilder.rounds.models import SubmissionEvent
from formbuilder.rounds.services import submission_return, submission_save_draft, submission_submit

from .conftest import FULL


def test_history_lists_transitions_and_named_value_changes(client, drafter, reviewer, sub_a):
    sub = submission_save_draft(submission=sub_a, data={"phan_ii": {"so_van_ban": 1234}}, expected_revision=0,
                                acting_user=drafter)
    sub = submission_save_draft(submission=sub, data=FULL, expected_revision=1, acting_user=drafter)
    submission_submit(submission=sub, acting_user=drafter)
    submission_return(submission=sub, acting_user=reviewer, section_comments={"phan_ii": "Thiếu số liệu quý I"},
                      comment="Bổ sung")
    at = dt.datetime(2026, 4, 3, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    SubmissionEvent.objects.filter(submission=sub).update(at=at)
    client.force_login(drafter)
    html = client.get(f"/bao-cao/{sub.pk}/lich-su/").content.decode()
    assert html.count(">03/04/2026 09:05</time> — <strong>") == 4
    assert "<strong>Lan Nguyễn</strong>: Lưu nháp" in html
    assert '<tr><th scope="row">Số văn bản</th><td>(trống)</td><td>1.234 văn bản</td></tr>' in html
    assert '<tr><th scope="row">Số văn bản</th><td>1.234 văn bản</td><td>12 văn bản</td></tr>' in html
    assert '<tr><th scope="row">Tình hình chung</th><td>(trống)</td><td>Ổn định</td></tr>' in html
    assert "Lan Nguyễn</strong>: Nộp báo cáo (Đang soạn → Đã nộp, chờ duyệt)" in html
    assert "<strong>duyet.p</strong>: Trả lại (Đã nộp, chờ duyệt → Bị trả lại)" in html
    assert "<li>II. Kết quả: Thiếu số liệu quý I</li>" in html and "Ý kiến: Bổ sung" in html


def test_history_is_open_to_who_sees_the_unit_only(client, drafter, reviewer, sub_a, tree, make_user):
    for user in (drafter, reviewer):
        client.force_login(user)
        assert client.get(f"/bao-cao/{sub_a.pk}/lich-su/").status_code == 200
    client.force_login(make_user("soan.b", unit=tree.B, role="drafter"))
    assert client.get(f"/bao-cao/{sub_a.pk}/lich-su/").status_code == 404
    assert client.get("/bao-cao/999999/lich-su/").status_code == 404


def test_history_of_a_fresh_draft(client, drafter, sub_a):
    client.force_login(drafter)
    assert "Chưa có thay đổi nào." in client.get(f"/bao-cao/{sub_a.pk}/lich-su/").content.decode()
