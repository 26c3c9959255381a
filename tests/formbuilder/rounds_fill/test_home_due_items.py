"""The home page's due work (baocao_due_items hook) and the task list, at the scale of a province."""
import pytest
from django.test import RequestFactory
from django.utils import timezone

from formbuilder.rounds.home import due_items
from formbuilder.rounds.models import Submission, SubmissionStatus
from formbuilder.rounds.services import submission_save_draft, submission_submit

from .conftest import FULL


def test_home_page_lists_the_drafters_open_work(client, drafter, sub_a, home_page):
    client.force_login(drafter)
    html = client.get("/").content.decode()
    due = timezone.localtime(sub_a.assignment.due_at).strftime("%d/%m/%Y")
    assert (f'<a href="/bao-cao/{sub_a.pk}/nhap/">Tự kiểm tra đợt 2 — Đề cương thử (Xã Vĩnh Am)</a> — hạn {due} '
            '<span class="badge">Đang soạn</span>') in html
    sub = submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=drafter)
    submission_submit(submission=sub, acting_user=drafter)
    assert "Chưa có việc cần làm." in client.get("/").content.decode()  # submitted: nothing left to do


@pytest.fixture
def hundred_communes(tree):
    """Province P with 100 more communes (102 with A and B), all assigned the round."""
    from hierarchy.models import Unit

    province = Unit.objects.get(pk=tree.P.pk)
    for i in range(100):
        province = Unit.objects.get(pk=province.pk)
        province.add_child(code=f"X{i:03}", name=f"Xã số {i}", kind=tree.kinds["xa"], level=tree.levels["xa"])
    return Unit.objects.filter(level=tree.levels["xa"], path__startswith=tree.P.path)


def test_due_items_cost_the_same_queries_for_100_communes(hundred_communes, open_round, reviewer,
                                                          django_assert_num_queries):
    round_ = open_round()
    Submission.objects.filter(assignment__round=round_).update(status=SubmissionStatus.SUBMITTED,
                                                               submitted_at=timezone.now())
    request = RequestFactory().get("/")
    request.user = type(reviewer).objects.get(pk=reviewer.pk)
    # memberships, then the review queue with its round, unit and form in one query
    with django_assert_num_queries(2):
        items = due_items(request)
    assert len(items) == 11
    assert items[0].url.startswith("/bao-cao/duyet/") and items[0].status == "Đã nộp, chờ duyệt"
    assert (items[-1].title, items[-1].url) == ("Xem tất cả 102 việc cần làm", "/bao-cao/")


def test_task_list_page_costs_the_same_queries_for_100_communes(client, hundred_communes, open_round, reviewer,
                                                                django_assert_num_queries):
    round_ = open_round()
    Submission.objects.filter(assignment__round=round_).update(status=SubmissionStatus.SUBMITTED,
                                                               submitted_at=timezone.now())
    client.force_login(reviewer)
    # session, user, memberships, review queue, header's membership, unread count
    with django_assert_num_queries(6):
        html = client.get("/bao-cao/").content.decode()
    assert html.count('href="/bao-cao/duyet/') == 102
