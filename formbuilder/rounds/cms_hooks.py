"""What a round page of the guidance site shows of its round (cms hooks, registered in wagtail_hooks).

A ``RoundPage`` names a round by ``round_code``; cms never imports this app, so the page asks
through ``baocao_round_details`` (forms, deadlines, the user's links) and ``baocao_round_progress``
(reports submitted within the units the user may see). See cms/providers.py.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cms.providers import RoundDeadline, RoundDetails, RoundFormInfo, RoundLink, RoundProgress
from formbuilder.engine.calendar import END_OF_DAY, VN_TZ
from hierarchy.models import Role
from hierarchy.selectors import membership_paths, units_visible_to, user_sees_all

from .home import task_row
from .models import Assignment, Round, RoundStatus, Submission
from .selectors import own_task
from .selectors_review import DONE, progress_scope

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
# The large JSON documents of a form version: a round page needs none of them.
HEAVY_VERSION_FIELDS = ("document", "schema", "draft_schema", "body")


def deadline_text(moment: dt.datetime) -> str:
    """Return a due time in Vietnamese, Vietnam time: ``17:00 ngày 09/04/2026 (thứ Năm)``.

    A due time at the end of a day reads ``hết ngày 09/04/2026 (thứ Năm)``.
    """
    local = moment.astimezone(VN_TZ)
    day = f"ngày {local:%d/%m/%Y} ({WEEKDAYS[local.weekday()]})"
    if local.time().replace(microsecond=0) >= END_OF_DAY.replace(second=0):
        return f"hết {day}"
    return f"{local:%H:%M} {day}"


def round_by_code(code: str) -> Round | None:
    """Return the round called ``code``; failing that, the latest opened round of the recurring series
    whose rounds are called ``<code>-<year>-<month>`` (``cds-2026-cap-xa`` → ``cds-2026-cap-xa-2026-12``).

    One query for an exact code, two for a series.
    """
    rounds = Round.objects.select_related("issuing_unit", "consolidating_unit")
    found = rounds.filter(code=code).first()
    if found is None:
        found = (rounds.filter(code__startswith=f"{code}-", recurring=True)
                 .exclude(status=RoundStatus.DRAFT).order_by("-due_at", "-pk").first())
    return found


def page_round(page) -> Round | None:
    """Return the round named by ``page.round_code`` (read once per page object), or None."""
    cache = page.__dict__.setdefault("_baocao_round", {})
    code = getattr(page, "round_code", "")
    if code not in cache:
        cache[code] = round_by_code(code) if code else None
    return cache[code]


def round_forms(round_: Round) -> tuple[RoundFormInfo, ...]:
    """Return the round's forms in order, in one query."""
    uses = round_.forms.select_related("version__definition").defer(
        *(f"version__{name}" for name in HEAVY_VERSION_FIELDS))
    return tuple(RoundFormInfo(code=u.version.definition.code, title=u.version.definition.title,
                               version=u.version.number) for u in uses)


def round_deadlines(round_: Round) -> tuple[RoundDeadline, ...]:
    """Return the round's due times, one per level when the levels' due times differ, in one query.

    A round not opened yet has no assignments: its own due time, if any, stands for all.
    """
    rows = list(Assignment.objects.filter(round=round_)
                .values_list("unit__level__rank", "unit__level__name", "due_at").distinct()
                .order_by("unit__level__rank", "due_at"))
    if not rows:
        return (RoundDeadline(at=round_.due_at, text=deadline_text(round_.due_at)),) if round_.due_at else ()
    if len({due for _, _, due in rows}) == 1:
        return (RoundDeadline(at=rows[0][2], text=deadline_text(rows[0][2])),)
    return tuple(RoundDeadline(at=due, text=deadline_text(due), scope=f"Cấp {name.lower()}")
                 for _, name, due in rows)


def own_report_links(*, round_: Round, user, now: dt.datetime) -> list[RoundLink]:
    """Return links to the reports of the user's own units in the round, as the task list makes them.

    One query (memberships are cached on the user).
    """
    drafting = membership_paths(user=user, roles=[Role.DRAFTER, Role.UNIT_ADMIN])
    if not drafting:
        return []
    subs = (Submission.objects.filter(assignment__round=round_, assignment__unit__path__in=drafting)
            .select_related("assignment__round", "assignment__unit", "version__definition")
            .defer("data", *(f"version__{name}" for name in HEAVY_VERSION_FIELDS))
            .order_by("assignment__unit__path", "assignment__due_at", "version__definition__code"))
    links = []
    for sub in subs:
        row = task_row(own_task(sub, now), now)
        note = " · ".join(part for part in (row.status_label, row.flag, row.action) if part)
        links.append(RoundLink(title=f"{sub.version.definition.title} — {row.unit_name}", url=row.url, note=note))
    return links


def round_page_details(page, request) -> RoundDetails | None:
    """Return the round's forms and deadlines; logged-in users also get their links into it."""
    round_ = page_round(page)
    if round_ is None:
        return None
    links: list[RoundLink] = []
    if request.user.is_authenticated:
        links.append(RoundLink(title="Việc cần làm của bạn", url=reverse("rounds:tasks"),
                               note="Mọi báo cáo đang chờ bạn nhập hoặc duyệt"))
        links += own_report_links(round_=round_, user=request.user, now=timezone.now())
    return RoundDetails(title=str(round_), status=round_.get_status_display(), forms=round_forms(round_),
                        deadlines=round_deadlines(round_), links=tuple(links))


def _progress_url(*, user, round_: Round) -> str:
    """Return the round's progress page when ``user`` may follow it, else an empty string."""
    try:
        progress_scope(user=user, round=round_)
    except PermissionDenied:
        return ""
    return reverse("rounds:progress", args=[round_.pk])


def round_page_progress(page, request) -> RoundProgress | None:
    """Return how many of the round's reports, within the units the user may see, are submitted.

    Anonymous users get none, nor does a user with no report of the round in their units.
    Three queries for a drafter (memberships, the round, the counts); following the round's
    progress page may cost two more (``progress_scope``).
    """
    user = request.user
    if not user.is_authenticated:
        return None
    round_ = page_round(page)
    if round_ is None:
        return None
    reports = Submission.objects.filter(assignment__round=round_)
    if not user_sees_all(user):
        reports = reports.filter(assignment__unit__in=units_visible_to(user=user))
    counts = reports.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status__in=DONE)))
    if not counts["total"]:
        return None
    return RoundProgress(done=counts["done"], total=counts["total"],
                         label="Báo cáo đã nộp trong các đơn vị bạn theo dõi",
                         url=_progress_url(user=user, round_=round_))
