"""Who is told what, and when (thông báo, nhắc hạn): pure decisions over plain data, no Django.

Reminders, run once a day in Vietnam time, for reports not yet submitted:

* the unit's drafters, N days before the due date (``reminder_days``, default 3 and 1), on the day,
  and on the first day after it;
* the reviewers of the upper level (the nearest strict ancestor that has reviewers), on the days a
  unit is ``escalate_days`` overdue: one message per reviewer and round listing the overdue units.

Workflow events: reviewers of the upper level when a unit submits; the unit's drafters when their
report is returned, approved or unapproved, and when a round opens a task for them; the reviewers of the
upper level when a unit opens an ad-hoc report (báo cáo đột xuất).

Every message carries a ``key``: the adapter stores one notification per (user, key), so a task
that runs twice, or a retried event, tells nobody twice.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
REMINDER_DAYS = (3, 1)
ESCALATE_DAYS = (1, 3, 7)
MAX_TEXT = 500
MAX_LISTED_UNITS = 10


@dataclass(frozen=True)
class Message:
    """One notification to one user."""

    user_id: int
    kind: str
    key: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class PendingTask:
    """A unit's report that is not submitted yet (draft or returned)."""

    assignment_id: int
    submission_id: int
    round_id: int
    round_title: str
    unit_name: str
    unit_path: str
    due_at: dt.datetime


@dataclass(frozen=True)
class Links:
    """How the adapter builds the URLs messages point to."""

    fill: Callable[[int], str]          # submission id → the drafter's page
    review: Callable[[int], str]        # submission id → the reviewer's page
    progress: Callable[[int], str]      # round id → the round's progress page
    consolidate: Callable[[int], str] | None = None  # round id → the consolidation page


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(VN).strftime("%H:%M %d/%m/%Y")


def ancestor_paths(path: str, steplen: int) -> list[str]:
    """Return the strict ancestors' paths of a materialised path, nearest first."""
    return [path[:i] for i in range(len(path) - steplen, 0, -steplen)]


def upper_reviewers(path: str, reviewers: Mapping[str, Iterable[int]], steplen: int) -> tuple[int, ...]:
    """Return the reviewers of the nearest strict ancestor of ``path`` that has any."""
    for ancestor in ancestor_paths(path, steplen):
        found = tuple(reviewers.get(ancestor, ()))
        if found:
            return found
    return ()


# --- reminders -------------------------------------------------------------------------------------------

def plan_reminders(*, today: dt.date, tasks: Iterable[PendingTask], drafters: Mapping[str, Iterable[int]],
                   reviewers: Mapping[str, Iterable[int]], links: Links, steplen: int,
                   reminder_days: Iterable[int] = REMINDER_DAYS,
                   escalate_days: Iterable[int] = ESCALATE_DAYS) -> list[Message]:
    """Return today's reminders and escalations (``today`` is a date in Vietnam)."""
    reminder_days, escalate_days = set(reminder_days), set(escalate_days)
    messages: list[Message] = []
    overdue: dict[tuple[int, int], list[PendingTask]] = {}  # (reviewer, round) → overdue tasks
    escalate: set[tuple[int, int]] = set()
    for task in sorted(tasks, key=lambda t: (t.round_id, t.unit_path)):
        days_left = (task.due_at.astimezone(VN).date() - today).days
        for user_id in drafters.get(task.unit_path, ()):
            message = _drafter_reminder(task, days_left, user_id, reminder_days, links)
            if message is not None:
                messages.append(message)
        if days_left < 0:
            for user_id in upper_reviewers(task.unit_path, reviewers, steplen):
                overdue.setdefault((user_id, task.round_id), []).append(task)
                if -days_left in escalate_days:
                    escalate.add((user_id, task.round_id))
    for (user_id, round_id), late in overdue.items():
        if (user_id, round_id) in escalate:
            messages.append(_escalation(user_id, round_id, late, today, links))
    return messages


def _drafter_reminder(task: PendingTask, days_left: int, user_id: int, reminder_days: set[int],
                      links: Links) -> Message | None:
    url = links.fill(task.submission_id)
    what = f"báo cáo “{task.round_title}” của {task.unit_name}"
    if days_left in reminder_days:
        return Message(user_id, "nhac_han", f"nhac-truoc-{days_left}:{task.assignment_id}",
                       _short(f"Còn {days_left} ngày đến hạn nộp {what} (hạn {_when(task.due_at)})."), url)
    if days_left == 0:
        return Message(user_id, "den_han", f"den-han:{task.assignment_id}",
                       _short(f"Hôm nay là hạn nộp {what} (hạn {_when(task.due_at)})."), url)
    if days_left == -1:
        return Message(user_id, "qua_han", f"qua-han:{task.assignment_id}",
                       _short(f"Đã quá hạn nộp {what} (hạn {_when(task.due_at)}); đề nghị hoàn thành và nộp ngay."),
                       url)
    return None


def _escalation(user_id: int, round_id: int, late: list[PendingTask], today: dt.date, links: Links) -> Message:
    names = [t.unit_name for t in late]
    listed = ", ".join(names[:MAX_LISTED_UNITS])
    more = f" và {len(names) - MAX_LISTED_UNITS} đơn vị khác" if len(names) > MAX_LISTED_UNITS else ""
    text = f"{len(names)} đơn vị quá hạn nộp báo cáo “{late[0].round_title}”: {listed}{more}."
    return Message(user_id, "bao_qua_han", f"bao-qua-han:{round_id}:{today.isoformat()}", _short(text),
                   links.progress(round_id))


# --- workflow events ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SubmissionEventInfo:
    """What happened to a submission, for :func:`plan_event`."""

    event_id: int
    action: str  # submit, resubmit, return, approve, unapprove
    submission_id: int
    round_title: str
    unit_name: str
    unit_path: str
    is_late: bool = False
    comments: tuple[str, ...] = ()  # "II. Kết quả: thiếu số liệu", for a return


def plan_event(*, event: SubmissionEventInfo, drafters: Iterable[int], reviewers: Mapping[str, Iterable[int]],
               links: Links, steplen: int, actor_id: int | None = None) -> list[Message]:
    """Return the messages one workflow event sends; the user who acted is not told about it."""
    what = f"báo cáo “{event.round_title}” của {event.unit_name}"
    key = f"su-kien:{event.event_id}"
    if event.action in ("submit", "resubmit"):
        verb = "nộp lại" if event.action == "resubmit" else "nộp"
        late = " (nộp muộn)" if event.is_late and event.action == "submit" else ""
        text = f"{event.unit_name} đã {verb} báo cáo “{event.round_title}”{late}, chờ duyệt."
        users = upper_reviewers(event.unit_path, reviewers, steplen)
        kind, url = "cho_duyet", links.review(event.submission_id)
    elif event.action == "return":
        detail = "; ".join(event.comments)
        text = f"{what[0].upper()}{what[1:]} bị trả lại" + (f": {detail}" if detail else ".")
        users, kind, url = tuple(drafters), "tra_lai", links.fill(event.submission_id)
    elif event.action == "approve":
        text = f"{what[0].upper()}{what[1:]} đã được duyệt."
        users, kind, url = tuple(drafters), "da_duyet", links.fill(event.submission_id)
    elif event.action == "unapprove":
        text = f"{what[0].upper()}{what[1:]} đã bị hủy duyệt, chờ cấp trên xem lại."
        users, kind, url = tuple(drafters), "huy_duyet", links.fill(event.submission_id)
    else:
        return []
    return [Message(u, kind, key, _short(text), url) for u in dict.fromkeys(users) if u != actor_id]


def plan_round_opened(*, round_id: int, round_title: str, tasks: Iterable[PendingTask],
                      drafters: Mapping[str, Iterable[int]], links: Links,
                      consolidators: Iterable[int] = ()) -> list[Message]:
    """Return one message per drafter of every unit a newly opened round gives a task, and one to each
    member of the consolidating unit, who will merge the contributions."""
    tasks = list(tasks)
    messages = [Message(user_id, "dot_moi", f"mo-dot:{t.assignment_id}",
                        _short(f"Có báo cáo mới cần thực hiện: “{round_title}” của {t.unit_name}, "
                               f"hạn {_when(t.due_at)}."), links.fill(t.submission_id))
                for t in tasks for user_id in dict.fromkeys(drafters.get(t.unit_path, ()))]
    url = links.consolidate(round_id) if links.consolidate else links.progress(round_id)
    units = len({t.unit_path for t in tasks})
    messages += [Message(user_id, "tong_hop", f"tong-hop:{round_id}",
                         _short(f"Đơn vị của bạn tổng hợp báo cáo “{round_title}” từ {units} đơn vị tham gia; "
                                "theo dõi tiến độ và tổng hợp khi các đơn vị đã nộp."), url)
                 for user_id in dict.fromkeys(consolidators)]
    return messages


def plan_adhoc_opened(*, round_id: int, round_title: str, task: PendingTask, drafters: Iterable[int],
                      reviewers: Mapping[str, Iterable[int]], links: Links, steplen: int,
                      opener_id: int | None = None) -> list[Message]:
    """Return the messages of a unit opening an ad-hoc report (báo cáo đột xuất): its upper level's
    reviewers learn what is coming and by when; the unit's other drafters get the task. The user who
    opened it is told nothing."""
    due = _when(task.due_at)
    messages = [Message(user_id, "dot_xuat", f"dot-xuat:{round_id}",
                        _short(f"{task.unit_name} đã mở báo cáo đột xuất “{round_title}”, hạn {due}."),
                        links.progress(round_id))
                for user_id in upper_reviewers(task.unit_path, reviewers, steplen)]
    messages += [Message(user_id, "dot_moi", f"mo-dot:{task.assignment_id}",
                         _short(f"Có báo cáo đột xuất cần thực hiện: “{round_title}” của {task.unit_name}, "
                                f"hạn {due}."), links.fill(task.submission_id))
                 for user_id in dict.fromkeys(drafters)]
    return [m for m in messages if m.user_id != opener_id]
