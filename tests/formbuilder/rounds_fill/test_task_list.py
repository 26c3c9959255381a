"""The task list /bao-cao/: what is due, by when, its status and flags; reviewers' queue in their subtree."""
import datetime as dt

from django.utils import timezone

from formbuilder.rounds.home import remaining_text
from formbuilder.rounds.models import Submission
from formbuilder.rounds.services import submission_save_draft, submission_submit

from .conftest import FULL


def test_drafter_sees_the_units_report_due_with_time_left(client, drafter, sub_a):
    client.force_login(drafter)
    html = client.get("/bao-cao/").content.decode()
    due = timezone.localtime(sub_a.assignment.due_at)
    assert f'{due.strftime("%d/%m/%Y")} 23:59</time>' in html
    assert "Tự kiểm tra đợt 2 — Đề cương thử" in html and "Xã Vĩnh Am" in html
    assert '<span class="remaining">còn ' in html and "Đang soạn" in html
    assert f'<a class="btn primary" href="/bao-cao/{sub_a.pk}/nhap/">Nhập báo cáo' in html
    assert "Phường Long Xuyên" not in html  # another commune's report
    assert "Chờ bạn duyệt" not in html


def test_overdue_late_and_locked_flags(client, drafter, open_round, tree):
    overdue = open_round(days=-2, grace_days=3, code="qua-han")  # in its grace: still open, but overdue
    locked = open_round(days=-2, grace_days=1, code="da-khoa")
    client.force_login(drafter)
    html = client.get("/bao-cao/").content.decode()
    assert html.count("Quá hạn</span>") == 1 and html.count("Đã khóa nhập</span>") == 1
    assert '<span class="remaining late">quá hạn 1 ngày' in html
    sub_locked = Submission.objects.get(assignment__round=locked, assignment__unit=tree.A)
    assert f'href="/bao-cao/{sub_locked.pk}/lich-su/">Xem lịch sử' in html
    sub = Submission.objects.get(assignment__round=overdue, assignment__unit=tree.A)
    sub = submission_save_draft(submission=sub, data=FULL, expected_revision=0, acting_user=drafter)
    submission_submit(submission=sub, acting_user=drafter)
    html = client.get("/bao-cao/").content.decode()
    assert "Nộp muộn</span>" in html and "Nộp lúc " in html


def test_reviewer_sees_submitted_reports_of_the_subtree_with_a_review_link(client, drafter, reviewer, sub_a, tree,
                                                                          make_user):
    sub = submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=drafter)
    submission_submit(submission=sub, acting_user=drafter)
    client.force_login(reviewer)
    html = client.get("/bao-cao/").content.decode()
    assert "Chờ bạn duyệt" in html
    assert f'href="/bao-cao/duyet/{sub.pk}/">Duyệt' in html
    assert "Đơn vị của bạn chưa có báo cáo nào cần nhập." in html
    client.force_login(make_user("duyet.q", unit=tree.Q, role="reviewer"))  # another province
    assert "Chờ bạn duyệt" not in client.get("/bao-cao/").content.decode()


def test_task_list_needs_a_login(client, db):
    assert client.get("/bao-cao/")["Location"].startswith("/dang-nhap/")


def test_remaining_time_is_written_in_vietnamese():
    now = dt.datetime(2026, 4, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert remaining_text(now + dt.timedelta(days=2, hours=3, minutes=5), now) == "còn 2 ngày 3 giờ"
    assert remaining_text(now + dt.timedelta(hours=5, minutes=10), now) == "còn 5 giờ 10 phút"
    assert remaining_text(now + dt.timedelta(minutes=45), now) == "còn 45 phút"
    assert remaining_text(now - dt.timedelta(days=1), now) == "quá hạn 1 ngày"


def test_the_reviewers_task_list_costs_the_same_queries_for_more_reports(client, drafter, reviewer, sub_a, sub_b,
                                                                        tree, make_user,
                                                                        django_assert_max_num_queries):
    def submit(sub, user):
        sub = submission_save_draft(submission=sub, data=FULL, expected_revision=sub.revision, acting_user=user)
        submission_submit(submission=sub, acting_user=user)

    submit(sub_a, drafter)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12) as one:
        assert client.get("/bao-cao/").content.decode().count('href="/bao-cao/duyet/') == 1
    submit(sub_b, make_user("soan.b", unit=tree.B, role="drafter"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/bao-cao/").content.decode().count('href="/bao-cao/duyet/') == 2
