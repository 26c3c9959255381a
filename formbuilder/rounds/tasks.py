"""Background tasks of the rounds (huey): daily reminders, next periods of recurring rounds, and
notifications of workflow events. Each task only calls a service.

Huey checks periodic tasks against UTC (settings.HUEY["utc"]); ``vn_crontab`` converts a time of day
in Vietnam (UTC+7 all year, no daylight saving) so "7:00" means 7:00 in Vietnam.
"""
from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

VN_UTC_OFFSET_HOURS = 7


def vn_crontab(*, hour: int, minute: int = 0):
    """Return a huey crontab firing every day at ``hour:minute`` Vietnam time."""
    if HUEY.utc:
        hour = (hour - VN_UTC_OFFSET_HOURS) % 24
    return crontab(minute=str(minute), hour=str(hour))


@db_periodic_task(vn_crontab(hour=7, minute=0))
def send_round_reminders():
    """Nhắc hạn: N days before, on the day, and escalate overdue units to the upper level."""
    from .services_notifications import reminders_send

    return len(reminders_send())


@db_periodic_task(vn_crontab(hour=0, minute=30))
def open_next_recurring_rounds():
    """Create and open the next period's round of every recurring round whose period has ended."""
    from .services_admin import rounds_open_next_periods

    return len(rounds_open_next_periods())


@db_task()
def notify_submission_changed(submission_id: int, action: str):
    from .services_notifications import submission_event_notify

    return len(submission_event_notify(submission_id=submission_id, action=action))


@db_task()
def notify_round_opened(round_id: int):
    from .services_notifications import round_opened_notify

    return len(round_opened_notify(round_id=round_id))
