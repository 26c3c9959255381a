"""Figures of issue 4: submitting a complete seed-002 outline, and a province reviewer's task list.

``rounds.submit_ms``: ``submission_submit`` on a complete DC-TKT-DOT2-2026 outline — validate, save,
history and audit rows, commit, and the notification task queued on the configured broker (a
separate bench queue, emptied afterwards) — median over distinct drafts.
``rounds.tasklist_ms`` / ``rounds.tasklist_queries``: GET /bao-cao/ for the province reviewer with
100 commune reports awaiting review, through the whole Django stack.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import line, timed_ms

COMMUNES = 100
REPEAT, WARMUP = 15, 2


@contextmanager
def _bench_queue():
    """Queue tasks on the configured broker, in a queue of their own that is emptied afterwards."""
    from huey.contrib.djhuey import HUEY

    saved = HUEY.storage, HUEY._immediate
    HUEY.storage = HUEY.storage_class(name=f"{HUEY.name}-bench", **HUEY.storage_kwargs)
    HUEY._immediate = False
    try:
        yield
    finally:
        HUEY.storage.flush_queue()
        HUEY.storage, HUEY._immediate = saved


def run():
    from django.test.utils import override_settings

    # Reminders and notifications write e-mails: keep them out of the figures' output.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield from _run()


def _run():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from formbuilder.demo import load_formbuilder_demo
    from formbuilder.engine.samples import sample_data
    from formbuilder.rounds.models import Submission, TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open, submission_submit
    from formbuilder.selectors import compiled_form, published_version
    from hierarchy.demo import load_hierarchy_demo
    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
    from hierarchy.models import Level, Unit

    load_hierarchy_demo()
    load_formbuilder_demo()
    outline = published_version(code="DC-TKT-DOT2-2026")
    province = Unit.objects.get(code="T91")
    staff = get_user_model().objects.create_superuser("bench.rounds", password="x")
    rule = ReportingRule(period_type=PeriodType.ONE_OFF,
                         due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=30)))
    round_ = round_create(code="bench-rounds", title="Tự kiểm tra đợt 2 (thử tải)", issuing_unit=province,
                          rule=rule, versions=[outline])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=Level.objects.get(code="xa"))
    round_open(round=round_)
    subs = list(Submission.objects.filter(assignment__round=round_).order_by("assignment__unit__path")[:COMMUNES])
    full = sample_data(compiled_form(version=outline))
    Submission.objects.filter(pk__in=[s.pk for s in subs]).update(data=full)
    pending = iter(Submission.objects.filter(pk__in=[s.pk for s in subs]).order_by("pk"))

    with _bench_queue():
        yield line("rounds.submit_ms", timed_ms(lambda: submission_submit(submission=next(pending), acting_user=staff),
                                                repeat=REPEAT, warmup=WARMUP), "ms")
        for sub in pending:  # the rest, so that 100 reports await review
            submission_submit(submission=sub, acting_user=staff)

    reviewer = get_user_model().objects.get(username="angiang.duyet")
    client = Client(SERVER_NAME="localhost")
    client.force_login(reviewer)

    def task_list():
        response = client.get("/bao-cao/")
        assert response.status_code == 200, response.status_code
        return response

    yield line("rounds.tasklist_ms", timed_ms(task_list), "ms")
    with CaptureQueriesContext(connection) as ctx:
        task_list()
    yield line("rounds.tasklist_queries", len(ctx.captured_queries), "queries")
