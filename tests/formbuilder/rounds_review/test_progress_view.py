"""The progress page /bao-cao/dot/<id>/tien-do/ and reopening entry per unit."""
import datetime as dt

import pytest
from django.utils import timezone

from formbuilder.rounds.models import Assignment
from formbuilder.rounds.selectors_review import progress_summary, round_progress

from .conftest import VN, sub_of, submit


@pytest.fixture
def late_and_pending(opened, people):
    """A submitted late (10/4, after the 09/4 due date); B still a draft."""
    submit(opened, "A", people.a, at=dt.datetime(2026, 4, 10, 9, 0, tzinfo=VN))
    return opened


def test_summary_counts_and_late_flags(late_and_pending, tree):
    rows = round_progress(round=late_and_pending, scope=tree.P, now=dt.datetime(2026, 4, 11, tzinfo=VN))
    assert [(r.unit.code, r.submission.status, r.is_overdue, r.on_time) for r in rows] == [
        ("A", "submitted", False, False), ("B", "draft", True, None)]
    assert progress_summary(rows) == {"expected": 2, "submitted": 1, "on_time": 0, "late": 1, "approved": 0,
                                      "returned": 0, "draft": 1, "overdue": 1}


def test_province_reviewer_sees_every_commune_with_review_links(client, late_and_pending, people,
                                                                django_assert_max_num_queries):
    client.force_login(people.reviewer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/bao-cao/dot/{late_and_pending.pk}/tien-do/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="count-expected">2<' in html and 'data-testid="count-late">1<' in html
    assert f'/bao-cao/duyet/{sub_of(late_and_pending, "A").pk}/' in html
    assert "Mở lại hạn nhập" in html  # B is still a draft


def test_commune_drafter_sees_nothing_of_the_round(client, late_and_pending, people, make_user, tree):
    client.force_login(people.b)
    assert client.get(f"/bao-cao/dot/{late_and_pending.pk}/tien-do/").status_code == 403
    other = make_user("duyet.q", unit=tree.Q, role="reviewer")
    client.force_login(other)
    assert client.get(f"/bao-cao/dot/{late_and_pending.pk}/tien-do/").status_code == 403


def test_reopen_entry_for_one_unit_until_a_day(client, late_and_pending, people):
    client.force_login(people.reviewer)
    b = Assignment.objects.get(round=late_and_pending, unit__code="B")
    day = timezone.now().astimezone(VN).date() + dt.timedelta(days=5)
    response = client.post(f"/bao-cao/dot/{late_and_pending.pk}/mo-lai/{b.pk}/", {"until": day.isoformat()},
                           follow=True)
    assert f"Đã mở lại hạn nhập cho Phường Long Xuyên đến hết ngày {day:%d/%m/%Y}" in response.content.decode()
    b.refresh_from_db()
    assert b.reopened_until == dt.datetime.combine(day, dt.time(23, 59, 59), VN)


def test_reopen_refused_to_a_drafter_and_for_a_past_day(client, late_and_pending, people):
    b = Assignment.objects.get(round=late_and_pending, unit__code="B")
    client.force_login(people.b)
    assert client.post(f"/bao-cao/dot/{late_and_pending.pk}/mo-lai/{b.pk}/", {"until": "2030-01-01"}).status_code \
        == 403
    client.force_login(people.reviewer)
    response = client.post(f"/bao-cao/dot/{late_and_pending.pk}/mo-lai/{b.pk}/", {"until": "01/01/2020"}, follow=True)
    assert "phải ở tương lai" in response.content.decode()
    b.refresh_from_db()
    assert b.reopened_until is None
