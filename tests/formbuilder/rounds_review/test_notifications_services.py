"""Reminders, event notifications and their delivery (in-app, deduplicated, and e-mail)."""
import datetime as dt

import pytest
from django.core import mail

from formbuilder.rounds.models import Notification
from formbuilder.rounds.notifications import Message
from formbuilder.rounds.services import submission_return
from formbuilder.rounds.services_notifications import (
    notifications_deliver, reminders_send, round_opened_notify, submission_event_notify,
)

from .conftest import VN, sub_of, submit


def at(day, hour=7):
    return dt.datetime.combine(day, dt.time(hour), VN)


def texts(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("text", flat=True))


def test_reminders_three_days_before_go_to_the_drafters_once(opened, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = reminders_send(now=at(dt.date(2026, 4, 6)))
    assert sorted(n.user_id for n in created) == [people.a.pk, people.b.pk]
    assert texts(people.a) == ["Còn 3 ngày đến hạn nộp báo cáo “Tự kiểm tra đợt 2” của Xã Vĩnh Am "
                               "(hạn 23:59 09/04/2026)."]
    assert [m.to for m in mail.outbox] == [["soan.a@example.invalid"]]  # B's drafter has no e-mail address
    assert mail.outbox[0].subject == "[Báo cáo] Nhắc hạn nộp báo cáo"
    assert reminders_send(now=at(dt.date(2026, 4, 6), 15)) == []  # the same day again: nobody twice


def test_submitted_reports_get_no_reminder(opened, people):
    submit(opened, "A", people.a)
    created = reminders_send(now=at(dt.date(2026, 4, 9)))
    assert [n.user_id for n in created] == [people.b.pk]
    assert texts(people.b)[0].startswith("Hôm nay là hạn nộp")


def test_overdue_units_are_escalated_to_the_province_reviewer(opened, people):
    reminders_send(now=at(dt.date(2026, 4, 10)))
    assert texts(people.reviewer) == ["2 đơn vị quá hạn nộp báo cáo “Tự kiểm tra đợt 2”: Xã Vĩnh Am, "
                                      "Phường Long Xuyên."]
    assert Notification.objects.get(user=people.reviewer).url == f"/bao-cao/dot/{opened.pk}/tien-do/"


def test_reminder_days_setting(opened, people, settings):
    settings.ROUND_REMINDER_DAYS = [8]
    assert {n.user_id for n in reminders_send(now=at(dt.date(2026, 4, 1)))} == {people.a.pk, people.b.pk}


def test_submit_notifies_the_reviewer_and_return_the_drafter(opened, people):
    sub = submit(opened, "A", people.a)
    [n] = submission_event_notify(submission_id=sub.pk, action="submit")
    assert (n.user_id, n.url) == (people.reviewer.pk, f"/bao-cao/duyet/{sub.pk}/")
    assert submission_event_notify(submission_id=sub.pk, action="submit") == []  # a retried task tells nobody twice
    submission_return(submission=sub, acting_user=people.reviewer, section_comments={"phan_ii": "Thiếu số liệu"})
    [n] = submission_event_notify(submission_id=sub.pk, action="return")
    assert n.user_id == people.a.pk
    assert n.text == "Báo cáo “Tự kiểm tra đợt 2” của Xã Vĩnh Am bị trả lại: II. Kết quả: Thiếu số liệu"


def test_round_opened_tells_every_drafter(opened, people):
    assert sorted(n.user_id for n in round_opened_notify(round_id=opened.pk)) == [people.a.pk, people.b.pk]


def test_deliver_deduplicates_within_a_batch_too(people):
    message = Message(people.a.pk, "nhac_han", "k:1", "Nhắc")
    assert len(notifications_deliver(messages=[message, message])) == 1
    assert len(notifications_deliver(messages=[message])) == 0


@pytest.mark.django_db(transaction=True)
def test_submitting_queues_the_notification_through_the_signal(tree, version, make_user, run_tasks):
    from formbuilder.rounds.models import TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open

    from ..rounds_helpers import fixed_rule
    from .conftest import DUE_DAY, OPEN

    drafter = make_user("soan.sig", unit=tree.A, role="drafter")
    reviewer = make_user("duyet.sig", unit=tree.P, role="reviewer")
    round_ = round_create(code="tin-hieu", title="Đợt tín hiệu", issuing_unit=tree.P, rule=fixed_rule(DUE_DAY),
                          versions=[version])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_, now=OPEN)
    run_tasks()
    assert texts(drafter)[0].startswith("Có báo cáo mới cần thực hiện: “Đợt tín hiệu”")
    submit(round_, "A", drafter)
    run_tasks()
    assert texts(reviewer) == ["Xã Vĩnh Am đã nộp báo cáo “Đợt tín hiệu”, chờ duyệt."]
    assert sub_of(round_, "A").status == "submitted"


def test_the_consolidating_units_drafters_are_told_where_to_consolidate(tree, version, people, make_user):
    from formbuilder.rounds.models import TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open

    from ..rounds_helpers import fixed_rule
    from .conftest import DUE_DAY, OPEN

    consolidator = make_user("tong.hop.p", unit=tree.P, role="drafter")
    round_ = round_create(code="co-tong-hop", title="Đợt có tổng hợp", issuing_unit=tree.P, rule=fixed_rule(DUE_DAY),
                          versions=[version], consolidating_unit=tree.P)
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    created = round_opened_notify(round_id=round_.pk)
    assert sorted(n.user_id for n in created) == sorted([people.a.pk, people.b.pk, consolidator.pk])
    note = Notification.objects.get(user=consolidator)
    assert (note.kind, note.url) == ("tong_hop", f"/bao-cao/dot/{round_.pk}/tong-hop/")
