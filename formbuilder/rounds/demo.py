"""Demo rounds (idempotent, keyed by round code), made only through the rounds services.

* seed 002: "Tự kiểm tra đợt 2 năm 2026", the outline split among the provincial bodies and
  consolidated by the Office of the provincial committee; some parts submitted, one returned, some approved;
* seed 001: the monthly digital-transformation indicators of An Giang's 102 communes for the current
  month and the months before it: most approved, some awaiting review, returned, late or missing;
* seed 004: the yearly 2025 report of continuous supervision by the same communes.

Values are deterministic: each comes from a hash of the unit code, the period and a name, never from
``random``. Dates follow the calendar around today, so some reports are late and some still due.
Needs the hierarchy, the form definitions and the indicators of the demo loaded first.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fixtures import demo_rounds as data
from formbuilder.engine.calendar import VN_TZ, DueRule, Period, PeriodType, ReportingRule, previous_period
from formbuilder.models import FormDefinition
from formbuilder.selectors import compiled_form
from hierarchy.models import Level, Membership, Role, Unit

from .models import Round, Submission, SubmissionStatus, TargetKind
from .services import (
    round_add_target, round_assign_sections, round_create, round_open, submission_approve, submission_return,
    submission_save_draft, submission_submit,
)
from .services_admin import round_open_next


def unit_fraction(*parts) -> float:
    """Return a number in [0, 1) fixed by ``parts`` (a unit code, a period key, a name)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2 ** 64


def _vn(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment


def nest(version, flat: dict) -> dict:
    """Return ``flat`` ({field key: value}) nested along each field's section path, as submissions store it."""
    fields = compiled_form(version=version).fields
    nested: dict = {}
    for key, value in flat.items():
        target = nested
        for part in fields[key].path[:-1]:
            target = target.setdefault(part, {})
        target[key] = value
    return nested


@dataclass
class Actors:
    """Who acts in the demo: each unit's first drafter (the administrator enters a report for a unit
    without a demo account), and the province's reviewer."""

    drafters: dict[int, object]
    fallback: object
    reviewer: object

    @classmethod
    def load(cls) -> Actors:
        User = get_user_model()
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        drafters = {}
        for m in Membership.objects.filter(role=Role.DRAFTER).select_related("user").order_by("pk"):
            drafters.setdefault(m.unit_id, m.user)
        reviewer = (Membership.objects.filter(role=Role.REVIEWER, unit__code=data.KPI_MONTHLY["issuing_unit"])
                    .select_related("user").first())
        return cls(drafters, admin, reviewer.user if reviewer else admin)

    def drafter(self, unit: Unit):
        return self.drafters.get(unit.pk, self.fallback)


class Workflow:
    """Drive one submission through the services, clamping every time to ``now``."""

    def __init__(self, actors: Actors, now: dt.datetime):
        self.actors, self.now = actors, now

    def at(self, moment: dt.datetime) -> dt.datetime:
        return min(_vn(moment), self.now - dt.timedelta(minutes=5))

    def save(self, sub: Submission, values: dict, moment) -> Submission:
        return submission_save_draft(submission=sub, data=values, expected_revision=sub.revision,
                                     acting_user=self.actors.drafter(sub.assignment.unit), now=self.at(moment))

    def submit(self, sub: Submission, moment) -> Submission:
        return submission_submit(submission=sub, acting_user=self.actors.drafter(sub.assignment.unit),
                                 now=self.at(moment))

    def approve(self, sub: Submission, moment) -> Submission:
        return submission_approve(submission=sub, acting_user=self.actors.reviewer, now=self.at(moment))

    def give_back(self, sub: Submission, comments: dict[str, str]) -> Submission:
        return submission_return(submission=sub, acting_user=self.actors.reviewer, section_comments=comments)


def _submission(round_: Round, unit: Unit, version) -> Submission:
    return (Submission.objects.select_related("assignment__unit", "version")
            .get(assignment__round=round_, assignment__unit=unit, assignment__version=version))


# --- Seed 002: the split outline ---------------------------------------------------------------

def _self_inspection(actors: Actors, now: dt.datetime) -> Round | None:
    spec = data.SELF_INSPECTION
    if Round.objects.filter(code=spec["code"]).exists():
        return None
    units = {u.code: u for u in Unit.objects.filter(code__in=[spec["issuing_unit"], *spec["split"]])}
    versions = {d.code: d.published_version() for d in FormDefinition.objects.filter(
        code__in={code for forms in spec["split"].values() for code in forms})}
    ordered = [versions["DC-TKT-DOT2-2026"], *(versions[c] for c in sorted(versions) if c != "DC-TKT-DOT2-2026")]
    round_ = round_create(
        code=spec["code"], title=spec["title"], description=spec["description"],
        issuing_unit=units[spec["issuing_unit"]], consolidating_unit=units[spec["consolidating_unit"]],
        rule=ReportingRule(period_type=PeriodType.ONE_OFF, due=DueRule.fixed(spec["due_on"]),
                           grace_days=spec["grace_days"]), versions=ordered,
        acting_user=actors.fallback)
    for unit_code, forms in spec["split"].items():
        for code, parts in forms.items():
            version = versions[code]
            keys = parts or [node.key for node in compiled_form(version=version).layout]
            round_assign_sections(round=round_, version=version, unit=units[unit_code], section_keys=keys,
                                  acting_user=actors.fallback)
    round_open(round=round_, acting_user=actors.fallback, now=_vn(spec["opened_at"]))
    flow = Workflow(actors, now)
    for unit_code, code, steps in data.SELF_INSPECTION_STEPS:
        sub = _submission(round_, units[unit_code], versions[code])
        for action, moment, extra in steps:
            if action == "save":
                sub = flow.save(sub, nest(sub.version, data.SELF_INSPECTION_VALUES[(unit_code, code)]), moment)
            elif action == "submit":
                sub = flow.submit(sub, moment)
            elif action == "approve":
                sub = flow.approve(sub, moment)
            else:
                sub = flow.give_back(sub, extra)
    return round_


# --- Seed 001: monthly indicators of the communes ----------------------------------------------

def kpi_values(unit_code: str, period: Period) -> dict:
    """Return one commune's plausible BCT-CDS-2026 values for a month (flat, by field key).

    Each commune has a stable capacity; digital transformation progresses through the year, so the
    rates rise month by month. Built so that the province shows every status: the signature and
    platform indicators reach their target, most rates come near it, archives and training lag.
    """
    def f(name: str) -> float:
        return unit_fraction(unit_code, period.year, period.index, name)

    cap = unit_fraction(unit_code, "capacity")
    size = unit_fraction(unit_code, "size")
    progress = (period.index - 1) / 11

    def part(total: int, rate: float) -> int:
        return max(0, min(total, round(total * rate)))

    files = 40 + round(120 * size)
    staff = 18 + round(14 * size)
    records = 45 + round(50 * size)
    archives = 300 + round(1200 * size)
    leaders = 2 + (size > 0.6)
    before_days = 8 + round(4 * f("truoc"), 1)
    before_cost = 60 + round(90 * size, 1)
    late_platform = cap < 0.08 and period.index < 10
    values = {
        "ky_bao_cao_tu_ngay": period.start.isoformat(), "ky_bao_cao_den_ngay": period.end.isoformat(),
        "nen_tang_dung_chung_so_dat": 3 if late_platform else 4, "nen_tang_dung_chung_tong_so": 4,
        "nghiep_vu_toan_trinh_so_dat": part(12, 0.5 + 0.3 * progress + 0.2 * cap + 0.05 * f("nv")),
        "nghiep_vu_toan_trinh_tong_so": 12,
        "ho_so_dien_tu_so_dat": part(files, 0.84 + 0.08 * progress + 0.06 * cap + 0.04 * f("hs")),
        "ho_so_dien_tu_tong_so": files,
        "so_hoa_luu_tru_lich_su_so_dat": part(archives, 0.2 + 0.4 * progress + 0.2 * cap),
        "so_hoa_luu_tru_lich_su_tong_so": archives,
        "su_dung_dieu_hanh_tac_nghiep_so_dat": staff - (f("dh") < 0.5) - (cap < 0.3),
        "su_dung_dieu_hanh_tac_nghiep_tong_so": staff,
        "lanh_dao_dung_chu_ky_so_so_dat": leaders + 2 - (f("cks") < 0.12),
        "lanh_dao_dung_chu_ky_so_tong_so": leaders + 2,
        "du_lieu_to_chuc_can_bo_so_so_dat": part(records, 0.7 + 0.2 * progress + 0.1 * cap),
        "du_lieu_to_chuc_can_bo_so_tong_so": records,
        "lanh_dao_duoc_cap_chu_ky_so_so_dat": leaders, "lanh_dao_duoc_cap_chu_ky_so_tong_so": leaders,
        "du_lieu_loi_nghiem_trong_so_loi": 1 if f("loi") < 0.1 else 0, "du_lieu_loi_nghiem_trong_tong_so": records,
        "giam_thoi_gian_xu_ly_truoc": before_days,
        "giam_thoi_gian_xu_ly_sau": round(before_days * (0.85 - 0.25 * progress - 0.1 * cap), 1),
        "dao_tao_ky_nang_so_so_lan": 1 if f("dt") < 0.35 else 0,
        "dao_tao_ky_nang_so_so_can_bo_tham_gia": part(staff, 0.6 + 0.4 * f("tg")),
        "dao_tao_ky_nang_so_tong_so_can_bo": staff,
        "giam_chi_phi_van_phong_binh_quan_truoc": before_cost,
        "giam_chi_phi_van_phong_nam_2026": round(before_cost * (0.92 - 0.2 * progress - 0.12 * cap), 1),
    }
    deadlines = {"bo_sung_ke_hoach": 4, "duong_truyen": 4, "thiet_bi_dau_cuoi": 6, "toi_uu_quy_trinh": 6,
                 "du_toan_kinh_phi": 6}
    rows = {}
    for row, month in deadlines.items():
        done = period.index >= month and unit_fraction(unit_code, row) < 0.8 + 0.15 * cap
        rows[row] = ({"hoan_thanh_dung_han": 1, "ngay_hoan_thanh": dt.date(2026, month, 20).isoformat()} if done
                     else {"hoan_thanh_dung_han": 0, "ghi_chu": "Đang thực hiện" if period.index <= month
                           else "Chưa hoàn thành, chậm so với kế hoạch"})
    values["nhiem_vu_co_thoi_han_bang"] = rows
    return values


def _fate(unit: Unit, period: Period, due: dt.datetime, now: dt.datetime) -> str:
    """Return what a commune did in a period: missing, draft, returned, submitted or approved."""
    u = unit_fraction(unit.code, period.year, period.index, "status")
    if due > now:  # still open: a third have sent it, a quarter are drafting
        return "approved" if u < 0.15 else "submitted" if u < 0.32 else "draft" if u < 0.55 else "missing"
    recent = due > now - dt.timedelta(days=40)
    if u < 0.05:
        return "missing"
    if u < 0.09:
        return "draft"
    if u < 0.12:
        return "returned"
    return "submitted" if recent and u < 0.22 else "approved"


# Demo accounts' communes show a fixed story: Long Xuyên is drafting this month; Rạch Giá had last
# month's report returned.
SCRIPTED = {"Phường Long Xuyên": {0: "draft"}, "Phường Rạch Giá": {1: "returned"}}


def _report_commune(flow: Workflow, sub: Submission, period: Period, fate: str, due: dt.datetime,
                    opened: dt.datetime) -> None:
    unit = sub.assignment.unit
    if fate == "missing":
        return
    u = unit_fraction(unit.code, period.year, period.index, "when")
    values = kpi_values(unit.code, period)
    if fate == "draft":
        half = dict(list(values.items())[: len(values) // 2])
        flow.save(sub, nest(sub.version, half), opened + (min(due, flow.now) - opened) * (0.3 + 0.6 * u))
        return
    late = due < flow.now and unit_fraction(unit.code, period.year, period.index, "late") < 0.15
    if late:
        sent = due + dt.timedelta(days=1 + round(6 * u), hours=-14)
    elif due < flow.now:
        sent = due - dt.timedelta(days=round(9 * u), hours=6)
    else:
        sent = opened + (flow.now - opened) * (0.3 + 0.6 * u)
    sub = flow.save(sub, nest(sub.version, values), sent - dt.timedelta(hours=2))
    sub = flow.submit(sub, sent)
    if fate == "approved":
        flow.approve(sub, sent + dt.timedelta(days=1 + round(3 * u), hours=3))
    elif fate == "returned":
        key, text = data.KPI_RETURN_COMMENTS[int(u * len(data.KPI_RETURN_COMMENTS))]
        flow.give_back(sub, {key: text})


def _fill_kpi_round(round_: Round, flow: Workflow, scripted_step: int) -> None:
    period = Period.from_dict(round_.period)
    subs = (Submission.objects.filter(assignment__round=round_).select_related("assignment__unit", "version")
            .order_by("assignment__unit__path"))
    for sub in subs:
        unit = sub.assignment.unit
        fate = SCRIPTED.get(unit.name, {}).get(scripted_step) or _fate(unit, period, sub.assignment.due_at, flow.now)
        _report_commune(flow, sub, period, fate, sub.assignment.due_at, round_.opened_at)


def _kpi_periods(now: dt.datetime, count: int) -> list[Period]:
    current = Period(PeriodType.MONTHLY, now.astimezone(VN_TZ).year, now.astimezone(VN_TZ).month)
    periods = [current]
    while len(periods) < count:
        periods.insert(0, previous_period(periods[0]))
    return periods


def _kpi_monthly(actors: Actors, now: dt.datetime, months: int) -> list[Round]:
    """Create, open and fill one round per month (oldest first), chained as a recurring round."""
    spec = data.KPI_MONTHLY
    issuing = Unit.objects.get(code=spec["issuing_unit"])
    version = FormDefinition.objects.get(code=spec["definition"]).published_version()
    rule = ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(spec["due_day"], months_after=1),
                         grace_days=spec["grace_days"])
    flow = Workflow(actors, now)
    made, previous = [], None
    periods = _kpi_periods(now, months)
    for step, period in zip(range(len(periods) - 1, -1, -1), periods):
        code = f"{spec['code']}-{period.year}-{period.index:02d}"
        existing = Round.objects.filter(code=code).first()
        if existing is not None:
            previous = existing
            continue
        opened = _vn(dt.datetime(period.year, period.index, 1, 0, 30))
        with transaction.atomic():
            if previous is not None and not Round.objects.filter(previous=previous).exists():
                round_ = round_open_next(round=previous, now=opened, acting_user=actors.fallback)
            else:
                round_ = round_create(
                    code=code, title=spec["title"], description=spec["description"], issuing_unit=issuing,
                    consolidating_unit=Unit.objects.get(code=spec["consolidating_unit"]), rule=rule,
                    versions=[version], period=period, recurring=True, acting_user=actors.fallback)
                round_add_target(round=round_, kind=TargetKind.LEVEL, level=Level.objects.get(code="xa"),
                                 acting_user=actors.fallback)
                round_open(round=round_, acting_user=actors.fallback, now=opened)
                round_.refresh_from_db()
            _fill_kpi_round(round_, flow, step)
        made.append(round_)
        previous = round_
    return made


# --- Seed 004: yearly continuous supervision -----------------------------------------------------

def gstx_values(unit_code: str, year: int) -> dict:
    """Return one commune's plausible BCT-GSTX-2025-2030 values for a year (flat, by field key)."""
    def f(name: str) -> float:
        return unit_fraction(unit_code, year, name)

    branches = 18 + round(30 * unit_fraction(unit_code, "size"))
    values = {"loai_bao_cao": "nam", "nam_bao_cao": year}
    counts = {
        "cap_uy_qd_phan_cong": (branches, 0.97), "cap_uy_chuong_trinh_ktgs": (branches, 0.99),
        "cap_uy_du_hoi_nghi_dia_ban": (branches, 0.9), "tham_muu_chuong_trinh_ktgs": (3, 1.0),
        "tham_muu_thong_bao_phan_cong": (3, 0.9), "tham_muu_quy_che_dia_ban": (3, 0.8),
        "tham_muu_du_hoi_nghi_dia_ban": (branches, 0.85), "ubkt_chuong_trinh_ktgs": (1, 1.0),
        "ubkt_thong_bao_phan_cong": (1, 0.95), "ubkt_quy_che_dia_ban": (1, 0.85), "ubkt_chuyen_doi_so": (1, 0.7),
        "can_bo_kiem_tra_tap_huan": (5 + round(4 * f("cb")), 0.8),
    }
    for key, (total, rate) in counts.items():
        done = total if f(key) < rate else max(0, total - 1 - round(total * 0.15 * f(key + ".thieu")))
        values[f"{key}_so_dat"], values[f"{key}_tong_so"] = done, total
    return values


def _gstx_yearly(actors: Actors, now: dt.datetime) -> Round | None:
    spec = data.GSTX_YEARLY
    if Round.objects.filter(code=spec["code"]).exists():
        return None
    version = FormDefinition.objects.get(code=spec["definition"]).published_version()
    period = Period(PeriodType.YEARLY, spec["year"], 1)
    rule = ReportingRule(period_type=PeriodType.YEARLY, due=DueRule.day_of_month(spec["due_day"], months_after=1),
                         grace_days=spec["grace_days"])
    with transaction.atomic():
        round_ = round_create(
            code=spec["code"], title=spec["title"], description=spec["description"],
            issuing_unit=Unit.objects.get(code=spec["issuing_unit"]),
            consolidating_unit=Unit.objects.get(code=spec["consolidating_unit"]), rule=rule, versions=[version],
            period=period, acting_user=actors.fallback)
        round_add_target(round=round_, kind=TargetKind.LEVEL, level=Level.objects.get(code="xa"),
                         acting_user=actors.fallback)
        round_open(round=round_, acting_user=actors.fallback, now=_vn(spec["opened_at"]))
        flow = Workflow(actors, now)
        for sub in (Submission.objects.filter(assignment__round=round_)
                    .select_related("assignment__unit", "version").order_by("assignment__unit__path")):
            unit, due = sub.assignment.unit, sub.assignment.due_at
            u = unit_fraction(unit.code, spec["year"], "status")
            if u < 0.04:
                continue  # never sent
            late = unit_fraction(unit.code, spec["year"], "late") < 0.12
            sent = due + dt.timedelta(days=2 + round(5 * u)) if late else due - dt.timedelta(days=1 + round(10 * u))
            sub = flow.save(sub, nest(sub.version, gstx_values(unit.code, spec["year"])), sent - dt.timedelta(hours=3))
            sub = flow.submit(sub, sent)
            if u >= 0.1:
                flow.approve(sub, sent + dt.timedelta(days=3))
    return round_


def _notifications_settle() -> int:
    """Mark read what the demo users have already dealt with (reviews done, reports approved), as they would
    have on the way; what still asks something of them stays unread. Return how many were marked."""
    from django.urls import reverse

    from .models import Notification
    from .services_notifications import notification_mark_read

    waiting = {reverse("rounds:review", args=[pk]) for pk in
               Submission.objects.filter(status=SubmissionStatus.SUBMITTED).values_list("pk", flat=True)}
    waiting |= {reverse("rounds:fill", args=[pk]) for pk in Submission.objects.filter(
        status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]).values_list("pk", flat=True)}
    done: dict[int, list[int]] = {}
    for pk, user_id, url in (Notification.objects.filter(read_at__isnull=True).exclude(kind="tong_hop")
                             .values_list("pk", "user_id", "url")):
        if url not in waiting:
            done.setdefault(user_id, []).append(pk)
    users = get_user_model().objects.in_bulk(list(done))
    return sum(notification_mark_read(user=users[user_id], ids=ids) for user_id, ids in done.items())


def load_rounds_demo(*, months: int | None = None, yearly: bool = True, now: dt.datetime | None = None
                     ) -> dict[str, int]:
    """Create the demo rounds not yet present and fill them through the services; return the counts.

    ``months`` (default: the fixture's) is how many monthly indicator rounds, ending with the current
    month; ``yearly`` adds the 2025 continuous-supervision round. Submissions already made are left alone.
    """
    now = now or timezone.now()
    actors = Actors.load()
    with transaction.atomic():
        _self_inspection(actors, now)
    _kpi_monthly(actors, now, months or data.KPI_MONTHLY["months"])
    if yearly:
        _gstx_yearly(actors, now)
    _notifications_settle()
    subs = Submission.objects.all()
    return {"rounds": Round.objects.count(), "submissions": subs.count(),
            "submitted": subs.filter(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED]).count(),
            "approved": subs.filter(status=SubmissionStatus.APPROVED).count(),
            "returned": subs.filter(status=SubmissionStatus.RETURNED).count(),
            "late": subs.filter(is_late=True).count()}
