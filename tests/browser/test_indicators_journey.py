"""Issue 5, "done when": a province reviewer approves a commune's report by clicking in the review pages,
and the province dashboard shows the new values, RAG colours and completeness at once; clicking the
commune in the children table drills down to its own dashboard; the JSON API returns the same numbers.

Data: the test KPI form (done ÷ total × 100 %, target ≥ 80 %, amber from 60 %), a March 2026 round for
the communes of province P. Phường Long Xuyên (B) reported 1 of 4 and was approved before the journey;
Xã Vĩnh Am (A) reported 4 of 4 and waits for review. Huey runs in immediate mode, as in production
with a consumer: the roll-up task runs as soon as the approval commits.
"""
import dataclasses
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from formbuilder.engine.calendar import Period, PeriodType
from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import (
    round_add_target, round_create, round_open, submission_approve, submission_save_draft, submission_submit,
)
from indicators.models import Indicator, IndicatorPeriod, Target

from ..formbuilder.rounds_helpers import monthly_rule
from ..indicators.helpers import VN, every_rule, published_kpi_form

pytestmark = pytest.mark.browser

OPEN = dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN)


@pytest.fixture
def home(db, settings):
    """A HomePage as the default site's root, whose menu the journey follows.

    Browser tests run in transactions that end with a flush, which also removes what migrations made
    (Wagtail's locale, root page and site); they are made again when missing.
    """
    from wagtail.models import Site

    from cms.bootstrap import ensure_wagtail_tree
    from cms.models import HomePage

    root = ensure_wagtail_tree()
    home = root.add_child(instance=HomePage(title="Báo cáo", slug="trang-chu-chi-tieu"))
    home.save_revision().publish()
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def report(sub, user, done, total):
    data = {"phan_a": {"so_dat": done, "tong_so": total, "so_nguoi": 10, "da_ban_hanh": True, "muc_do": "tot",
                       "bang": [{"ten": "Kế hoạch", "dung_han": 1}]}}
    sub = submission_save_draft(submission=sub, data=data, expected_revision=sub.revision, acting_user=user, now=OPEN)
    return submission_submit(submission=sub, acting_user=user, now=OPEN)


@pytest.fixture
def march(tree, make_user, huey_immediate):
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    Target.objects.create(indicator=indicators["ty_le"], direction=">=", value=80, amber_threshold=60, unit="%")
    round_ = round_create(code="thang-3", title="Báo cáo tháng 3", issuing_unit=tree.P,
                          rule=dataclasses.replace(monthly_rule(), grace_days=30),  # late reports still enter
                          versions=[version], period=Period(PeriodType.MONTHLY, 2026, 3))
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    reviewer = make_user("duyet.tinh", unit=tree.P, role="reviewer")
    subs = {code: Submission.objects.get(assignment__round=round_, assignment__unit__code=code) for code in "AB"}
    submission_approve(submission=report(subs["B"], make_user("soan.b", unit=tree.B), 1, 4), acting_user=reviewer)
    report(subs["A"], make_user("soan.a", unit=tree.A), 4, 4)
    return round_


def ratio_row(page):
    return page.get_by_test_id("indicator-table").locator('tr[data-indicator="ty_le"]')


def fact(page, key):
    return page.get_by_test_id(f"completeness-{key}")


def test_approval_reaches_the_province_dashboard_drill_down_and_api(page, login, home, tree, march):
    login("duyet.tinh")
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ tiêu: Tỉnh An Giang")
    expect(page.get_by_test_id("period")).to_have_text("Tháng 3/2026")
    expect(ratio_row(page).get_by_test_id("value")).to_have_text("25 %")  # B alone: 1 of 4
    expect(ratio_row(page).locator("td.rag")).to_have_text("Chưa đạt")
    expect(fact(page, "approved")).to_have_text("1")

    # The reviewer approves A's report by clicking through the review pages.
    page.goto(f"/bao-cao/dot/{march.pk}/tien-do/")
    page.get_by_role("row").filter(has_text="Xã Vĩnh Am").get_by_role("link", name="Xem / duyệt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Duyệt báo cáo: Xã Vĩnh Am")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_test_id("review-status")).to_have_text("Đã duyệt")

    # At once: 5 of 8 done is 62,5 %, amber; two reports approved out of two asked (both sent after
    # the 18 March due date, so late).
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    expect(ratio_row(page).get_by_test_id("value")).to_have_text("62,5 %")
    status = ratio_row(page).locator("td.rag")
    expect(status).to_have_text("Gần đạt")
    expect(status).to_have_attribute("data-status", "amber")
    assert status.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 241, 194)"
    expect(ratio_row(page)).to_contain_text("2 / 2")
    for key, value in (("expected", "2"), ("submitted", "2"), ("on_time", "0"), ("late", "2"), ("missing", "0"),
                       ("approved", "2"), ("submitted_rate", "100 %"), ("on_time_rate", "0 %")):
        expect(fact(page, key)).to_have_text(value)
    children = page.get_by_test_id("children-table")
    expect(children.locator('tr[data-unit="A"] td.rag').last).to_contain_text("100 %")
    expect(children.locator('tr[data-unit="B"]')).to_contain_text("1 / 1")
    ratio_id = Indicator.objects.get(code="ty_le").pk
    expect(page.locator(f"svg#xu-huong-{ratio_id} desc")).to_contain_text("Tháng 3/2026: 62,5 %")

    # Drill down to the commune by clicking it.
    children.get_by_role("link", name="Xã Vĩnh Am").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ tiêu: Xã Vĩnh Am")
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("Tỉnh An Giang")
    expect(ratio_row(page).get_by_test_id("value")).to_have_text("100 %")
    expect(ratio_row(page).locator("td.rag")).to_have_text("Đạt")
    page.get_by_test_id("breadcrumbs").get_by_role("link", name="Tỉnh An Giang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ tiêu: Tỉnh An Giang")

    # The API, with the same session, returns the numbers the dashboard shows.
    period = IndicatorPeriod.objects.get(key="2026-M03")
    values = page.request.get(f"/api/v1/units/{tree.P.pk}/values/?period={period.pk}").json()
    ratio = next(v for v in values["results"] if v["code"] == "ty_le")
    assert (ratio["value"], ratio["status"], ratio["status_label"]) == (62.5, "amber", "Gần đạt")
    assert ratio["value_display"] == ratio_row(page).get_by_test_id("value").inner_text()
    done = page.request.get(f"/api/v1/units/{tree.P.pk}/completeness/?period={period.pk}").json()["total"]
    assert (done["expected"], done["submitted"], done["on_time"], done["late"], done["approved"]) == (2, 2, 0, 2, 2)
    assert done["submitted_rate_display"] == fact(page, "submitted_rate").inner_text()
    children_api = page.request.get(f"/api/v1/units/{tree.P.pk}/children/values/?period={period.pk}").json()
    by_unit = {row["unit"]["code"]: next(v for v in row["values"] if v["code"] == "ty_le")
               for row in children_api["results"]}
    assert (by_unit["A"]["value"], by_unit["A"]["status_label"]) == (100.0, "Đạt")

