"""Notifications: turn rows into the plain data of ``notifications``, store what it decides, e-mail it.

Reads are a few queries whatever the number of units (tasks, then memberships of the units and
their ancestors); writes are one bulk insert. E-mail goes through Django's backend (the console
by default, see EMAIL_* settings).
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hierarchy.models import Membership, Role, Unit

from . import notifications as plan
from .models import Notification, Round, Submission, SubmissionEvent, SubmissionStatus

log = logging.getLogger(__name__)

SUBJECTS = {
    "nhac_han": "Nhắc hạn nộp báo cáo", "den_han": "Hôm nay đến hạn nộp báo cáo",
    "qua_han": "Báo cáo quá hạn", "bao_qua_han": "Đơn vị quá hạn nộp báo cáo", "cho_duyet": "Báo cáo chờ duyệt",
    "tra_lai": "Báo cáo bị trả lại", "da_duyet": "Báo cáo đã được duyệt", "huy_duyet": "Báo cáo bị hủy duyệt",
    "dot_moi": "Đợt báo cáo mới", "tong_hop": "Đơn vị tổng hợp báo cáo",
    "canh_bao_chi_tieu": "Cảnh báo: chỉ tiêu không đạt",
    "nguy_co_chi_tieu": "Cảnh báo sớm: chỉ tiêu có nguy cơ không đạt",
}


def links() -> plan.Links:
    return plan.Links(fill=lambda sid: reverse("rounds:fill", args=[sid]),
                      review=lambda sid: reverse("rounds:review", args=[sid]),
                      progress=lambda rid: reverse("rounds:progress", args=[rid]),
                      consolidate=lambda rid: reverse("rounds:consolidate", args=[rid]))


def vn_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(plan.VN).date()


def _members(paths: set[str], role: str) -> dict[str, list[int]]:
    """Return {unit path: [active user ids]} of the members of ``paths`` in ``role``, in one query."""
    found: dict[str, list[int]] = {}
    rows = (Membership.objects.filter(unit__path__in=paths, role=role, user__is_active=True)
            .values_list("unit__path", "user_id").order_by("unit__path", "user_id"))
    for path, user_id in rows:
        found.setdefault(path, []).append(user_id)
    return found


def _with_ancestors(paths: set[str]) -> set[str]:
    return {a for p in paths for a in plan.ancestor_paths(p, Unit.steplen)}


def notifications_deliver(*, messages: list[plan.Message]) -> list[Notification]:
    """Store the messages nobody has received yet (by user and key) and e-mail them; return the new ones."""
    unique = list({(m.user_id, m.key or id(m)): m for m in messages}.values())
    keyed = [m for m in unique if m.key]
    existing = set(Notification.objects.filter(user_id__in={m.user_id for m in keyed}, key__in={m.key for m in keyed})
                   .values_list("user_id", "key")) if keyed else set()
    new = [m for m in unique if not m.key or (m.user_id, m.key) not in existing]
    if not new:
        return []
    rows = [Notification(user_id=m.user_id, text=m.text, url=m.url, kind=m.kind, key=m.key) for m in new]
    Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    transaction.on_commit(lambda: _email([(m.user_id, m.kind, m.text, m.url) for m in new]))
    return rows


def _email(items: list[tuple[int, str, str, str]]) -> int:
    emails = dict(get_user_model().objects.filter(pk__in={i[0] for i in items}, is_active=True)
                  .exclude(email="").values_list("pk", "email"))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    batch = [(f"[Báo cáo] {SUBJECTS.get(kind, 'Thông báo')}", text + (f"\n\n{base}{url}" if url else ""),
              settings.DEFAULT_FROM_EMAIL, [emails[user_id]])
             for user_id, kind, text, url in items if user_id in emails]
    if not batch:
        return 0
    try:
        return send_mass_mail(batch, fail_silently=False, connection=get_connection())
    except OSError:  # the in-app notification is already stored; a mail server outage must not lose it
        log.exception("Không gửi được thư thông báo (%d thư)", len(batch))
        return 0


def _pending(queryset) -> list[plan.PendingTask]:
    rows = queryset.values_list("assignment_id", "id", "assignment__round_id", "assignment__round__title",
                                "assignment__unit__name", "assignment__unit__path", "assignment__due_at")
    return [plan.PendingTask(*row) for row in rows]


@transaction.atomic
def reminders_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """Send today's due-date reminders and overdue escalations (Vietnam date); return the new notifications."""
    today = vn_today(now)
    reminder_days = tuple(getattr(settings, "ROUND_REMINDER_DAYS", plan.REMINDER_DAYS))
    escalate_days = tuple(getattr(settings, "ROUND_ESCALATION_DAYS", plan.ESCALATE_DAYS))
    start = dt.datetime.combine(today - dt.timedelta(days=max(escalate_days, default=1)), dt.time.min, plan.VN)
    end = dt.datetime.combine(today + dt.timedelta(days=max(reminder_days, default=0) + 1), dt.time.min, plan.VN)
    tasks = _pending(Submission.objects.filter(
        assignment__round__status="open", status__in=(SubmissionStatus.DRAFT, SubmissionStatus.RETURNED),
        assignment__due_at__gte=start, assignment__due_at__lt=end))
    paths = {t.unit_path for t in tasks}
    messages = plan.plan_reminders(today=today, tasks=tasks, drafters=_members(paths, Role.DRAFTER),
                                   reviewers=_members(_with_ancestors(paths), Role.REVIEWER), links=links(),
                                   steplen=Unit.steplen, reminder_days=reminder_days, escalate_days=escalate_days)
    return notifications_deliver(messages=messages)


def _section_titles(submission: Submission) -> dict[str, str]:
    from formbuilder.selectors import compiled_form

    from .sections import title_of

    compiled = compiled_form(version=submission.version)
    return {key: title_of(compiled, key) for key in compiled.sections}


@transaction.atomic
def submission_event_notify(*, submission_id: int, action: str) -> list[Notification]:
    """Tell the people concerned by the latest ``action`` on a submission; return the new notifications."""
    sub = (Submission.objects.select_related("assignment__unit", "assignment__round", "version")
           .filter(pk=submission_id).first())
    event = (SubmissionEvent.objects.filter(submission_id=submission_id, action=action).order_by("-id").first()
             if sub else None)
    if event is None:
        return []
    unit = sub.assignment.unit
    comments = ()
    if action == "return":
        titles = _section_titles(sub)
        comments = tuple(f"{titles.get(k, 'Ý kiến chung' if k == '_chung' else k)}: {v}"
                         for k, v in sub.return_comments.items())
    info = plan.SubmissionEventInfo(event_id=event.pk, action=action, submission_id=sub.pk,
                                    round_title=sub.assignment.round.title, unit_name=unit.name,
                                    unit_path=unit.path, is_late=bool(sub.is_late), comments=comments)
    drafters = _members({unit.path}, Role.DRAFTER).get(unit.path, [])
    reviewers = _members(_with_ancestors({unit.path}), Role.REVIEWER)
    messages = plan.plan_event(event=info, drafters=drafters, reviewers=reviewers, links=links(),
                               steplen=Unit.steplen, actor_id=event.actor_id)
    return notifications_deliver(messages=messages)


@transaction.atomic
def round_opened_notify(*, round_id: int) -> list[Notification]:
    """Tell the drafters of every unit a newly opened round gives a task, and the consolidating unit's
    drafters — or, for an ad-hoc report, the upper level's reviewers; return the new notifications."""
    round_ = Round.objects.select_related("consolidating_unit").filter(pk=round_id).first()
    if round_ is None:
        return []
    tasks = _pending(Submission.objects.filter(assignment__round=round_))
    if round_.adhoc_round_id is not None and tasks:
        return _adhoc_opened_notify(round_, tasks[0])
    consolidating = round_.consolidating_unit
    paths = {t.unit_path for t in tasks} | ({consolidating.path} if consolidating else set())
    drafters = _members(paths, Role.DRAFTER)
    messages = plan.plan_round_opened(round_id=round_.pk, round_title=round_.title, tasks=tasks, drafters=drafters,
                                      links=links(),
                                      consolidators=drafters.get(consolidating.path, []) if consolidating else ())
    return notifications_deliver(messages=messages)


def _adhoc_opened_notify(round_: Round, task: plan.PendingTask) -> list[Notification]:
    """Tell the upper level's reviewers that a unit opened an ad-hoc report, and the unit's other drafters."""
    messages = plan.plan_adhoc_opened(
        round_id=round_.pk, round_title=round_.title, task=task,
        drafters=_members({task.unit_path}, Role.DRAFTER).get(task.unit_path, []),
        reviewers=_members(_with_ancestors({task.unit_path}), Role.REVIEWER), links=links(), steplen=Unit.steplen,
        opener_id=round_.created_by_id)
    return notifications_deliver(messages=messages)


def notification_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all unread ones when ``ids`` is None) as read; return how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
