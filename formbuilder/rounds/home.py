"""The user's due work (việc cần làm), as the task list at /bao-cao/ and the home page show it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from cms.providers import DueItem
from formbuilder.engine.calendar import is_locked

from .models import Assignment, SubmissionStatus
from .selectors import Task, tasks_for

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
HOME_LIMIT = 10  # the home page shows the first ones and links the full list


def entry_is_open(assignment: Assignment, now: dt.datetime) -> bool:
    """Return True while the unit may still enter data: before due + grace, or within a reopening."""
    grace = (assignment.round.rule or {}).get("grace_days")
    return not is_locked(now, assignment.due_at, grace, assignment.reopened_until)


def _days(n: int) -> str:
    return ngettext("%(n)d ngày", "%(n)d ngày", n) % {"n": n}


def _hours(n: int) -> str:
    return ngettext("%(n)d giờ", "%(n)d giờ", n) % {"n": n}


def _minutes(n: int) -> str:
    return ngettext("%(n)d phút", "%(n)d phút", n) % {"n": n}


def remaining_text(due: dt.datetime, now: dt.datetime) -> str:
    """Return the time left before ``due`` (``còn 2 ngày 3 giờ``) or past it (``quá hạn 5 giờ 10 phút``)."""
    seconds = int((due - now).total_seconds())
    minutes = abs(seconds) // 60
    days, hours, minutes = minutes // 1440, minutes % 1440 // 60, minutes % 60
    if days:
        text = _days(days) + (f" {_hours(hours)}" if hours else "")
    elif hours:
        text = _hours(hours) + (f" {_minutes(minutes)}" if minutes else "")
    else:
        text = _minutes(minutes)
    return (gettext("còn %(time)s") if seconds >= 0 else gettext("quá hạn %(time)s")) % {"time": text}


def fill_url(submission_id: int) -> str:
    return reverse("rounds:fill", args=[submission_id])


def review_url(submission_id: int) -> str:
    """Return the review page of a submission (urls_review)."""
    return reverse("rounds:review", args=[submission_id])


@dataclass(frozen=True)
class TaskRow:
    """One line of the task list, ready to show."""

    task: Task
    title: str
    unit_name: str
    due_at: dt.datetime
    status: str
    status_label: str
    is_overdue: bool
    is_late: bool
    is_locked: bool
    remaining: str
    url: str
    action: str
    awaiting_review: bool

    @property
    def submission(self):
        return self.task.submission

    @property
    def flag(self) -> str:
        """Return the short warning shown next to the status ("Quá hạn", "Nộp muộn", "Đã khóa nhập")."""
        if self.is_locked:
            return gettext("Đã khóa nhập")
        if self.is_overdue:
            return gettext("Quá hạn")
        if self.is_late:
            return gettext("Nộp muộn")
        return ""


def task_row(task: Task, now: dt.datetime) -> TaskRow:
    """Return the display line of one task."""
    sub, assignment = task.submission, task.assignment
    title = f"{assignment.round.title} — {sub.version.definition.title}"
    editable = sub.status in EDITABLE
    locked = editable and not task.awaiting_review and not entry_is_open(assignment, now)
    if task.awaiting_review:
        url, action = review_url(sub.pk), gettext("Duyệt")
    elif editable and not locked:
        returned = sub.status == SubmissionStatus.RETURNED
        url, action = fill_url(sub.pk), gettext("Sửa và nộp lại") if returned else gettext("Nhập báo cáo")
    else:
        url, action = reverse("rounds:history", args=[sub.pk]), gettext("Xem lịch sử")
    return TaskRow(
        task=task, title=title, unit_name=assignment.unit.name, due_at=assignment.due_at, status=sub.status,
        status_label=sub.get_status_display(), is_overdue=task.is_overdue, is_late=bool(sub.is_late),
        is_locked=locked, remaining=remaining_text(assignment.due_at, now) if editable else "", url=url,
        action=action, awaiting_review=task.awaiting_review,
    )


def task_rows(*, user, now: dt.datetime | None = None) -> list[TaskRow]:
    """Return the user's task list lines: own units' reports first, then those awaiting their review.

    As many queries as ``tasks_for`` (three at most), whatever the number of tasks.
    """
    now = now or timezone.now()
    return [task_row(task, now) for task in tasks_for(user=user, now=now)]


def due_items(request):
    """Return the home page's due work (``baocao_due_items`` hook): the task list's open work.

    At most HOME_LIMIT lines, then one linking the whole list at /bao-cao/.
    """
    # Submitted or approved reports of one's own unit leave nothing to do.
    rows = [r for r in task_rows(user=request.user) if r.awaiting_review or r.status in EDITABLE]
    items = [DueItem(title=f"{row.title} ({row.unit_name})", url=row.url,
                     due_on=timezone.localtime(row.due_at).date(), status=row.flag or row.status_label)
             for row in rows[:HOME_LIMIT]]
    if len(rows) > HOME_LIMIT:
        items.append(DueItem(title=gettext("Xem tất cả %(n)d việc cần làm") % {"n": len(rows)},
                             url=reverse("rounds:tasks")))
    return items
