"""early_warning_notify: one notification per reviewer, kind and period, for their subtree; never twice."""
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from huey.contrib.djhuey import HUEY

from formbuilder.rounds.models import Notification
from formbuilder.rounds.services_notifications import SUBJECTS
from indicators import tasks
from indicators.early_warning.services import early_warning_notify

from .conftest import MAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, make_user):
    return {"p": make_user("duyet_p", unit=tree.P, role="reviewer"),
            "tw": make_user("quan_tri_tw", unit=tree.TW, role="unit_admin"),
            "b": make_user("duyet_b", unit=tree.B, role="reviewer"),
            "q": make_user("duyet_q", unit=tree.Q, role="reviewer"),
            "a": make_user("soan_a", unit=tree.A, role="drafter")}


def _received(user):
    return {(n.kind, n.key): n for n in Notification.objects.filter(user=user)}


def test_each_reviewer_is_told_about_their_subtree_once_per_kind(tree, reported, people):
    sent = early_warning_notify(period=reported.quarter, now=MAY_10)
    assert len(sent) == 6  # P, TW and B reviewers × off target and at risk
    p = _received(people["p"])
    assert set(p) == {("canh_bao_chi_tieu", "canh-bao-chi-tieu:2026-Q2"),
                      ("nguy_co_chi_tieu", "nguy-co-chi-tieu:2026-Q2")}
    risk = p["nguy_co_chi_tieu", "nguy-co-chi-tieu:2026-Q2"]
    assert risk.text.startswith("Quý II/2026: 2 chỉ tiêu có nguy cơ không đạt")  # P and B, not TW above P
    assert "(Tỉnh An Giang)" in risk.text and "(Phường Long Xuyên)" in risk.text and "Trung ương" not in risk.text
    assert risk.url == f"/canh-bao/?ky={reported.quarter.pk}"
    assert "3 chỉ tiêu" in _received(people["tw"])["canh_bao_chi_tieu", "canh-bao-chi-tieu:2026-Q2"].text
    assert _received(people["q"]) == {} and _received(people["a"]) == {}
    assert SUBJECTS["canh_bao_chi_tieu"] and SUBJECTS["nguy_co_chi_tieu"]


def test_running_again_tells_nobody_twice(tree, reported, people):
    assert early_warning_notify(period=reported.quarter, now=MAY_10)
    assert early_warning_notify(period=reported.quarter, now=MAY_10 + dt.timedelta(days=1)) == []
    assert Notification.objects.count() == 6


def test_without_a_period_the_running_and_recent_periods_are_checked(tree, reported, people):
    early_warning_notify(now=MAY_10)
    keys = set(Notification.objects.filter(user=people["p"]).values_list("key", flat=True))
    # March ended 40 days ago (within 45) and April; the quarter runs.
    assert keys == {"canh-bao-chi-tieu:2026-M03", "canh-bao-chi-tieu:2026-M04", "canh-bao-chi-tieu:2026-Q2",
                    "nguy-co-chi-tieu:2026-Q2"}
    assert early_warning_notify(now=dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc)) == []


def test_the_daily_task_is_registered_and_a_recompute_warns(tree, reported, people, run_tasks,
                                                             django_capture_on_commit_callbacks):
    due = {t.name for t in HUEY.read_periodic(dt.datetime(2026, 5, 10, 0, 15))}
    assert ("early_warning_daily" in due) is HUEY.utc  # 7:15 in Vietnam
    with django_capture_on_commit_callbacks(execute=False) as queued:
        tasks.period_recompute_task.call_local(reported.april.pk)
    assert len(queued) == 1 and not Notification.objects.exists()  # the early warning waits for the commit
    queued[0]()
    assert run_tasks() == (0 if HUEY.immediate else 1)
    assert Notification.objects.filter(key="canh-bao-chi-tieu:2026-M04", user=people["p"]).exists()


def test_the_recompute_command_warns_like_an_approval(tree, reported, people, run_tasks,
                                                      django_capture_on_commit_callbacks):
    """`recompute_indicators` queues the period's early warning on commit; nothing is sent before it."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        call_command("recompute_indicators", "2026-M04", stdout=StringIO())
    assert len(queued) == 1 and not Notification.objects.exists()
    queued[0]()
    assert run_tasks() == (0 if HUEY.immediate else 1)
    assert set(Notification.objects.filter(user=people["p"]).values_list("key", flat=True)) == {
        "canh-bao-chi-tieu:2026-M04"}
