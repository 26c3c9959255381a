"""Who gets which reminder or event notification: the pure planner, without a database."""
import datetime as dt

from formbuilder.rounds.notifications import (
    VN, Links, PendingTask, SubmissionEventInfo, ancestor_paths, plan_adhoc_opened, plan_event, plan_reminders,
    plan_round_opened, upper_reviewers,
)

LINKS = Links(fill=lambda s: f"/nhap/{s}", review=lambda s: f"/duyet/{s}", progress=lambda r: f"/tien-do/{r}")
# Materialised paths, 4 characters a level: TW 0001, province 00010001, communes below it.
PROVINCE, COMMUNE_A, COMMUNE_B = "00010001", "000100010001", "000100010002"
DRAFTERS = {COMMUNE_A: [10], COMMUNE_B: [11]}
REVIEWERS = {PROVINCE: [20], "0001": [30]}
TODAY = dt.date(2026, 4, 6)


def task(unit_path, due_day, assignment_id=1, round_id=7, name="Xã Vĩnh Am"):
    due = dt.datetime.combine(due_day, dt.time(23, 59, 59), VN)
    return PendingTask(assignment_id, assignment_id + 100, round_id, "Tự kiểm tra đợt 2", name, unit_path, due)


def plan(tasks, today=TODAY, **kwargs):
    return plan_reminders(today=today, tasks=tasks, drafters=DRAFTERS, reviewers=REVIEWERS, links=LINKS, steplen=4,
                          **kwargs)


def test_ancestors_and_the_nearest_reviewers():
    assert ancestor_paths(COMMUNE_A, 4) == [PROVINCE, "0001"]
    assert upper_reviewers(COMMUNE_A, REVIEWERS, 4) == (20,)
    assert upper_reviewers(COMMUNE_A, {"0001": [30]}, 4) == (30,)  # no provincial reviewer: the level above
    assert upper_reviewers(PROVINCE, REVIEWERS, 4) == (30,)        # never the unit's own reviewers


def test_drafters_are_reminded_three_and_one_days_before_and_on_the_day():
    assert [(m.user_id, m.kind, m.key) for m in plan([task(COMMUNE_A, dt.date(2026, 4, 9))])] == [
        (10, "nhac_han", "nhac-truoc-3:1")]
    assert plan([task(COMMUNE_A, dt.date(2026, 4, 8))]) == []        # 2 days before: nothing
    one = plan([task(COMMUNE_A, dt.date(2026, 4, 7))])
    assert [m.key for m in one] == ["nhac-truoc-1:1"] and "Còn 1 ngày" in one[0].text
    today = plan([task(COMMUNE_A, TODAY)])
    assert [(m.kind, m.url) for m in today] == [("den_han", "/nhap/101")]
    assert "Hôm nay là hạn nộp báo cáo “Tự kiểm tra đợt 2” của Xã Vĩnh Am (hạn 23:59 06/04/2026)" in today[0].text


def test_reminder_days_come_from_the_setting():
    assert [m.key for m in plan([task(COMMUNE_A, dt.date(2026, 4, 11))], reminder_days=[5])] == ["nhac-truoc-5:1"]


def test_overdue_units_are_escalated_to_the_upper_levels_reviewers_in_one_message_per_round():
    tasks = [task(COMMUNE_A, dt.date(2026, 4, 5), 1), task(COMMUNE_B, dt.date(2026, 4, 3), 2, name="Phường Long Xuyên")]
    messages = plan(tasks)
    assert sorted((m.user_id, m.kind) for m in messages) == [(10, "qua_han"), (20, "bao_qua_han")]
    escalation = next(m for m in messages if m.kind == "bao_qua_han")
    assert escalation.text == "2 đơn vị quá hạn nộp báo cáo “Tự kiểm tra đợt 2”: Xã Vĩnh Am, Phường Long Xuyên."
    assert (escalation.key, escalation.url) == ("bao-qua-han:7:2026-04-06", "/tien-do/7")


def test_escalation_only_on_the_configured_overdue_days():
    # B alone, 2 days overdue: not an escalation day (1, 3, 7), and the drafter was told on day 1.
    assert plan([task(COMMUNE_B, dt.date(2026, 4, 4), 2)]) == []
    assert [m.kind for m in plan([task(COMMUNE_B, dt.date(2026, 4, 3), 2)])] == ["bao_qua_han"]


def test_submit_tells_the_upper_reviewers_and_return_tells_the_drafters_but_not_the_actor():
    event = SubmissionEventInfo(55, "submit", 101, "Tự kiểm tra đợt 2", "Xã Vĩnh Am", COMMUNE_A, is_late=True)
    [message] = plan_event(event=event, drafters=[10], reviewers=REVIEWERS, links=LINKS, steplen=4, actor_id=10)
    assert (message.user_id, message.kind, message.key, message.url) == (20, "cho_duyet", "su-kien:55", "/duyet/101")
    assert message.text == "Xã Vĩnh Am đã nộp báo cáo “Tự kiểm tra đợt 2” (nộp muộn), chờ duyệt."
    returned = SubmissionEventInfo(56, "return", 101, "Tự kiểm tra đợt 2", "Xã Vĩnh Am", COMMUNE_A,
                                   comments=("II. Kết quả: thiếu số liệu quý I",))
    [message] = plan_event(event=returned, drafters=[10, 12], reviewers=REVIEWERS, links=LINKS, steplen=4,
                           actor_id=12)
    assert (message.user_id, message.url) == (10, "/nhap/101")
    assert message.text == "Báo cáo “Tự kiểm tra đợt 2” của Xã Vĩnh Am bị trả lại: II. Kết quả: thiếu số liệu quý I"
    approved = SubmissionEventInfo(57, "approve", 101, "Tự kiểm tra đợt 2", "Xã Vĩnh Am", COMMUNE_A)
    assert [m.text for m in plan_event(event=approved, drafters=[10], reviewers=REVIEWERS, links=LINKS,
                                       steplen=4)] == ["Báo cáo “Tự kiểm tra đợt 2” của Xã Vĩnh Am đã được duyệt."]


def test_long_texts_are_cut_to_the_column_size():
    event = SubmissionEventInfo(58, "return", 1, "Đợt", "Xã", COMMUNE_A, comments=("x" * 800,))
    [message] = plan_event(event=event, drafters=[10], reviewers={}, links=LINKS, steplen=4)
    assert len(message.text) == 500 and message.text.endswith("…")


def test_an_opened_round_tells_each_drafter_once_and_the_consolidators():
    tasks = [task(COMMUNE_A, dt.date(2026, 4, 9), 1), task(COMMUNE_B, dt.date(2026, 4, 9), 2)]
    messages = plan_round_opened(round_id=7, round_title="Tự kiểm tra đợt 2", tasks=tasks, drafters=DRAFTERS,
                                 links=LINKS, consolidators=[40])
    assert [(m.user_id, m.key) for m in messages] == [(10, "mo-dot:1"), (11, "mo-dot:2"), (40, "tong-hop:7")]
    assert messages[-1].url == "/tien-do/7"  # no consolidation link given: the progress page
    assert "từ 2 đơn vị tham gia" in messages[-1].text


def test_an_ad_hoc_report_tells_the_upper_reviewers_and_the_other_drafters_not_who_opened_it():
    opened = task(COMMUNE_A, dt.date(2026, 4, 7), round_id=9)
    messages = plan_adhoc_opened(round_id=9, round_title="Sự cố sạt lở", task=opened, drafters=[10, 12],
                                 reviewers=REVIEWERS, links=LINKS, steplen=4, opener_id=10)
    assert [(m.user_id, m.kind, m.key, m.url) for m in messages] == [
        (20, "dot_xuat", "dot-xuat:9", "/tien-do/9"), (12, "dot_moi", "mo-dot:1", "/nhap/101")]
    assert messages[0].text == "Xã Vĩnh Am đã mở báo cáo đột xuất “Sự cố sạt lở”, hạn 23:59 07/04/2026."
