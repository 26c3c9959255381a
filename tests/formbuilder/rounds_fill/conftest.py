"""Builders for the filling views: a published outline, an open round due in ten days, its people."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.utils import timezone

from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open

from ..rounds_helpers import OUTLINE_ITEMS, published_outline

# The test outline (I. text, II. number ≥ 0, III. text), with an optional attachment in part III.
FILL_ITEMS = copy.deepcopy(OUTLINE_ITEMS)
FILL_ITEMS[2]["children"].append({"type": "file", "key": "bien_ban", "label": "Biên bản họp"})
FULL = {"phan_i": {"tinh_hinh": "Ổn định"}, "phan_ii": {"so_van_ban": 12}, "phan_iii": {"uu_diem": "Kịp thời"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def version(db):
    return published_outline(code="DC-NHAP", items=FILL_ITEMS)


def rule_due_in(days: int, grace_days: int | None = None) -> ReportingRule:
    day = timezone.localdate() + dt.timedelta(days=days)
    return ReportingRule(period_type=PeriodType.ONE_OFF, due=DueRule.fixed(day), grace_days=grace_days)


@pytest.fixture
def open_round(tree, version):
    """Return a builder: open_round(days=10, grace_days=None, code=…) opens a round for the communes of P."""

    def _open(*, days=10, grace_days=None, code="dot-2", level="xa"):
        round_ = round_create(code=code, title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                              rule=rule_due_in(days, grace_days), versions=[version])
        round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels[level])
        round_open(round=round_, now=timezone.now() - dt.timedelta(days=30))
        return round_

    return _open


@pytest.fixture
def opened(open_round):
    return open_round()


@pytest.fixture
def sub_a(opened):
    return Submission.objects.get(assignment__round=opened, assignment__unit__code="A")


@pytest.fixture
def sub_b(opened):
    return Submission.objects.get(assignment__round=opened, assignment__unit__code="B")


@pytest.fixture
def drafter(tree, make_user):
    return make_user("soan.a", unit=tree.A, role="drafter", first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def reviewer(tree, make_user):
    return make_user("duyet.p", unit=tree.P, role="reviewer")


def step_url(sub, step):
    return f"/bao-cao/{sub.pk}/nhap/{step}/"


@pytest.fixture
def home_page(db):
    """A published home page at the root of the default site (where the due work is listed)."""
    from wagtail.models import Page, Site

    from cms.models import HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="trang-chu-thu"))
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page, site.hostname = home, "testserver"
    site.save()
    return home
