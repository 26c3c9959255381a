"""The review page /bao-cao/duyet/<id>/: read-only parts with comment boxes, return, approve, unapprove."""
import pytest

from formbuilder.rounds.models import SubmissionEvent

from .conftest import FULL, sub_of, submit


@pytest.fixture
def submitted(opened, people):
    return submit(opened, "A", people.a)


def test_reviewer_reads_the_report_read_only_with_a_comment_box_per_part(client, submitted, people):
    client.force_login(people.reviewer)
    response = client.get(f"/bao-cao/duyet/{submitted.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Duyệt báo cáo: Xã Vĩnh Am" in html
    assert "Ổn định" in html and "Kịp thời" in html and 'name="so_van_ban"' not in html  # no inputs, values shown
    for key in ("phan_i", "phan_ii", "phan_iii"):
        assert f'name="comment-{key}"' in html
    assert 'value="return"' in html and 'value="approve"' in html and 'value="unapprove"' not in html


def test_drafter_and_same_level_reviewer_are_refused(client, submitted, people, make_user, tree):
    client.force_login(people.a)
    assert client.get(f"/bao-cao/duyet/{submitted.pk}/").status_code == 403
    client.force_login(make_user("duyet.a", unit=tree.A, role="reviewer"))
    assert client.post(f"/bao-cao/duyet/{submitted.pk}/", {"action": "approve"}).status_code == 403
    assert sub_of(submitted.assignment.round, "A").status == "submitted"


def test_return_with_a_comment_per_part_then_approve_and_unapprove(client, submitted, people):
    client.force_login(people.reviewer)
    url = f"/bao-cao/duyet/{submitted.pk}/"
    response = client.post(url, {"action": "return", "comment-phan_ii": "Thiếu số liệu quý I", "comment-phan_i": "",
                                 "comment": ""}, follow=True)
    assert "Đã trả lại báo cáo cho Xã Vĩnh Am" in response.content.decode()
    sub = sub_of(submitted.assignment.round, "A")
    assert (sub.status, sub.return_comments) == ("returned", {"phan_ii": "Thiếu số liệu quý I"})

    submit(sub.assignment.round, "A", people.a, data={**FULL, "phan_ii": {"so_van_ban": 15}})
    client.post(url, {"action": "approve"})
    assert sub_of(sub.assignment.round, "A").status == "approved"
    html = client.get(url).content.decode()
    assert 'value="unapprove"' in html and 'value="approve"' not in html
    client.post(url, {"action": "unapprove", "comment": "Xem lại số liệu"})
    assert sub_of(sub.assignment.round, "A").status == "submitted"
    actions = list(SubmissionEvent.objects.filter(submission=sub).exclude(action="save")
                   .values_list("action", flat=True))
    assert actions == ["submit", "return", "resubmit", "approve", "unapprove"]


def test_return_without_any_comment_is_refused_with_a_message(client, submitted, people):
    client.force_login(people.reviewer)
    response = client.post(f"/bao-cao/duyet/{submitted.pk}/", {"action": "return"}, follow=True)
    assert "Cần ghi ý kiến" in response.content.decode()
    assert sub_of(submitted.assignment.round, "A").status == "submitted"


def test_a_draft_cannot_be_approved(client, opened, people):
    client.force_login(people.reviewer)
    draft = sub_of(opened, "B")
    response = client.post(f"/bao-cao/duyet/{draft.pk}/", {"action": "approve"}, follow=True)
    assert "Chỉ duyệt được báo cáo đã nộp" in response.content.decode()
