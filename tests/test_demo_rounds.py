"""The demo rounds of ``load_demo``: seed 002's split outline, the communes' monthly KPIs, their roll-up.

Transactional: approvals reach the indicators through ``transaction.on_commit`` and huey, as in
``make run``, so the test database must really commit.
"""
import datetime as dt
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from formbuilder.engine.calendar import VN_TZ, Period
from formbuilder.rounds.demo import kpi_values, load_rounds_demo, nest
from formbuilder.rounds.models import (
    Assignment, Notification, Round, SectionAssignment, Submission, SubmissionEvent, SubmissionStatus,
)
from formbuilder.rounds.selectors import tasks_for
from hierarchy.models import Unit
from indicators.models import IndicatorPeriod, IndicatorResult, IndicatorValue
from indicators.selectors import completeness, unit_values

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = (Round, Assignment, Submission, SubmissionEvent, Notification, IndicatorValue, IndicatorResult)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def province_statuses(period_key: str) -> set[str]:
    row = unit_values(unit=Unit.objects.get(code="T91"), period=IndicatorPeriod.objects.get(key=period_key))
    return {cell.status.value for cell in row.cells.values()}


def test_load_demo_twice_builds_a_living_platform_once(client):
    """The full command, as ``make run`` calls it (about 15 s on SQLite: the approvals write their values and each
    period they touch is rolled up once at the end)."""
    out = StringIO()
    start = time.perf_counter()
    call_command("load_demo", stdout=out)
    first = time.perf_counter() - start
    assert "rounds=6" in out.getvalue()
    before = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before
    assert first < 60, f"load_demo took {first:.1f} s"

    # Seed 002: parts of the outline split among the bodies, the Inspection committee given mục III.4 and
    # IV.10 inside the parts of the People's Committee party board, the Office consolidating.
    round_ = Round.objects.get(code="dot2-2026")
    assert round_.consolidating_unit.code == "AG-VPTU"
    assert round_.due_at.astimezone(VN_TZ).date() == dt.date(2026, 4, 9)
    split = {sa.unit.code: sa.section_keys for sa in SectionAssignment.objects.filter(
        round=round_, version__definition__code="DC-TKT-DOT2-2026").select_related("unit")}
    assert split == {"AG-DUUBND": ["p1_khai_quat", "p3_tang_truong_gdp", "p4_nq57"],
                     "AG-BTCTU": ["p2_cqdp_2_cap", "p5_qd366_kl12"],
                     "AG-UBKTTU": ["p3_4_kiem_tra_giam_sat", "p4_10_ke_hoach_ktgs"],
                     "AG-VPTU": ["p6_danh_gia_chung", "p7_de_xuat_kien_nghi"]}
    carved = {a.unit.code: a.excluded_keys for a in Assignment.objects.filter(
        round=round_, version__definition__code="DC-TKT-DOT2-2026").select_related("unit")}
    assert carved["AG-DUUBND"] == ["p3_4_kiem_tra_giam_sat", "p4_10_ke_hoach_ktgs"] and carved["AG-UBKTTU"] == []
    outline = {s.assignment.unit.code: s for s in Submission.objects.filter(
        assignment__round=round_, version__definition__code="DC-TKT-DOT2-2026").select_related("assignment__unit")}
    assert outline["AG-DUUBND"].status == SubmissionStatus.APPROVED
    assert set(outline["AG-DUUBND"].data) == {"p1_khai_quat", "p3_tang_truong_gdp", "p4_nq57"}
    assert "p3_4_kiem_tra_giam_sat" not in outline["AG-DUUBND"].data["p3_tang_truong_gdp"]
    inspection = outline["AG-UBKTTU"]
    assert inspection.status == SubmissionStatus.APPROVED and inspection.is_late is False
    assert set(inspection.data) == {"p3_tang_truong_gdp", "p4_nq57"}
    assert set(inspection.data["p3_tang_truong_gdp"]) == {"p3_4_kiem_tra_giam_sat"}
    assert set(inspection.data["p4_nq57"]) == {"p4_10_ke_hoach_ktgs"}
    assert outline["AG-BTCTU"].status == SubmissionStatus.RETURNED
    assert "Phụ lục V-01" in outline["AG-BTCTU"].return_comments["p5_qd366_kl12"]
    assert outline["AG-VPTU"].status == SubmissionStatus.DRAFT
    assert Submission.objects.filter(assignment__round=round_, status=SubmissionStatus.SUBMITTED,
                                     is_late=True, assignment__unit__code="AG-UBKTTU").exists()

    # Seed 001: the communes' monthly KPIs roll up with every status at the province.
    kpi = Round.objects.filter(code__startswith="cds-2026-cap-xa-")
    assert kpi.count() == 4 and kpi.filter(next__isnull=False).count() == 3
    now = dt.datetime.now(tz=VN_TZ)
    current = kpi.get(next__isnull=True)
    assert current.due_at > now  # the current month is still due
    past = current.previous
    key = f"{past.period['year']}-M{past.period['index']:02d}"
    assert province_statuses(key) >= {"green", "amber", "red"}
    done = completeness(unit=Unit.objects.get(code="T91"), period=IndicatorPeriod.objects.get(key=key))
    assert done.expected == 102 and 0 < done.approved <= done.submitted < 102

    # A commune drafter finds this month's report to finish in the task list, and the page shows it.
    drafter = get_user_model().objects.get(username="longxuyen.soan")
    tasks = tasks_for(user=drafter)
    mine = [t for t in tasks if t.assignment.round_id == current.pk]
    assert [t.submission.status for t in mine] == [SubmissionStatus.DRAFT]
    client.force_login(drafter)
    page = client.get("/bao-cao/")
    assert page.status_code == 200
    assert "Báo cáo chỉ tiêu chuyển đổi số ngành Kiểm tra Đảng năm 2026" in page.content.decode()
    # The reviewer's bell counts only what still waits for a review.
    reviewer = get_user_model().objects.get(username="angiang.duyet")
    unread = Notification.objects.filter(user=reviewer, read_at__isnull=True).count()
    waiting = Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count()
    assert 0 < unread <= waiting

    # Seed 004: the communes' yearly 2025 supervision report, rolled up for the year.
    yearly = Round.objects.get(code="gstx-cap-xa-2025")
    assert Submission.objects.filter(assignment__round=yearly, status=SubmissionStatus.APPROVED).count() > 80
    assert province_statuses("2025-Y") >= {"green", "amber", "red"}


def test_values_and_dates_follow_the_calendar_not_the_run():
    """Loaded at a fixed moment, the monthly rounds end at that month: some late, the current one due."""
    from formbuilder.demo import load_formbuilder_demo
    from hierarchy.demo import load_hierarchy_demo
    from indicators.demo import load_indicators_demo

    load_hierarchy_demo()
    load_formbuilder_demo()
    load_indicators_demo()
    now = dt.datetime(2026, 5, 20, 10, 0, tzinfo=VN_TZ)
    load_rounds_demo(months=2, yearly=False, now=now)
    april, may = (Round.objects.get(code=f"cds-2026-cap-xa-2026-{m:02d}") for m in (4, 5))
    assert may.previous == april and may.recurring
    assert april.due_at.astimezone(VN_TZ).date() == dt.date(2026, 5, 5)
    assert may.due_at.astimezone(VN_TZ).date() == dt.date(2026, 6, 5)
    april_subs = Submission.objects.filter(assignment__round=april)
    assert april_subs.filter(is_late=True).exists() and april_subs.filter(is_late=False).exists()
    assert april_subs.filter(status=SubmissionStatus.DRAFT).exists()  # some never reported
    assert not Submission.objects.filter(assignment__round=may, is_late=True).exists()
    assert not Submission.objects.filter(submitted_at__gt=now).exists()
    # Values come from the unit and the period alone, so a reload elsewhere gives the same figures.
    approved = april_subs.filter(status=SubmissionStatus.APPROVED).select_related("assignment__unit", "version")[0]
    expected = nest(approved.version, kpi_values(approved.assignment.unit.code, Period.from_dict(april.period)))
    assert approved.data == expected
    assert kpi_values("X30307", Period.from_dict(april.period)) != kpi_values("X30292", Period.from_dict(april.period))
