"""The huey tasks of the rounds: scheduled in Vietnam time, each only calling a service."""
import datetime as dt

from huey.contrib.djhuey import HUEY

from formbuilder.rounds import tasks
from formbuilder.rounds.models import Notification

from .conftest import VN


def test_vn_crontab_fires_at_the_vietnam_time_whatever_huey_counts_in():
    seven = tasks.vn_crontab(hour=7)
    utc_midnight = dt.datetime(2026, 4, 6, 0, 0)  # 7:00 in Vietnam
    assert seven(utc_midnight) is HUEY.utc
    assert seven(dt.datetime(2026, 4, 6, 7, 0)) is (not HUEY.utc)


def test_periodic_tasks_are_registered_daily():
    due = {t.name for t in HUEY.read_periodic(dt.datetime(2026, 4, 6, 0, 0))}
    assert ("send_round_reminders" in due) is HUEY.utc
    due = {t.name for t in HUEY.read_periodic(dt.datetime(2026, 4, 6, 17, 30))}
    assert ("open_next_recurring_rounds" in due) is HUEY.utc


def test_reminder_task_runs_the_service(opened, people, monkeypatch):
    from formbuilder.rounds import services_notifications

    real = services_notifications.reminders_send
    monkeypatch.setattr(services_notifications, "reminders_send",
                        lambda: real(now=dt.datetime(2026, 4, 8, 7, 0, tzinfo=VN)))
    assert tasks.send_round_reminders.call_local() == 2
    assert Notification.objects.filter(kind="nhac_han").count() == 2
