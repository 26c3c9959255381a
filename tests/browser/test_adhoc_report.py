"""Ad-hoc report journey: a commune drafter opens a báo cáo đột xuất from the task list (an empty title
refused at its field first), lands in its fill wizard; the province reviewer is told, and sees it
awaiting review once submitted."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Báo cáo đột xuất tình hình mưa lũ"


@pytest.fixture
def home(db, settings):
    """A HomePage as the default site's root (a live-server flush removes Wagtail's root; made again)."""
    from wagtail.models import Site

    from cms.bootstrap import ensure_wagtail_tree
    from cms.models import HomePage

    root = ensure_wagtail_tree()
    home = root.add_child(instance=HomePage(title="Báo cáo", slug="trang-chu"))
    home.save_revision().publish()
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def adhoc_round(tree):
    """An open ad-hoc round of province P offering the test outline, reports due within 24 hours."""
    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
    from formbuilder.rounds.services import round_create, round_open
    from tests.formbuilder.rounds_helpers import published_outline

    round_ = round_create(code="dot-xuat-2026", title="Báo cáo đột xuất năm 2026", issuing_unit=tree.P,
                          rule=ReportingRule(period_type=PeriodType.AD_HOC, due=DueRule.within_hours(24)),
                          versions=[published_outline()])
    round_open(round=round_)
    return round_


def test_drafter_opens_an_ad_hoc_report_and_the_province_reviews_it(page, login, home, adhoc_round, tree, make_user,
                                                                    run_tasks):
    from formbuilder.rounds.models import Round, Submission
    from formbuilder.rounds.services import submission_save_draft, submission_submit

    drafter = make_user("soan.vinham", unit=tree.A, role="drafter")
    make_user("duyet.angiang", unit=tree.P, role="reviewer")

    login("soan.vinham")
    page.goto("/bao-cao/")
    page.get_by_role("link", name="Mở báo cáo đột xuất").click()
    expect(page).to_have_url(re.compile("/bao-cao/dot-xuat/$"))
    page.get_by_label("Đơn vị lập báo cáo").select_option(label="Xã Vĩnh Am (A)")
    page.get_by_label("Biểu mẫu đột xuất").select_option(
        label="DC-THU — Đề cương thử (hạn trong 24 giờ kể từ khi mở đợt)")

    # No title: refused at its field, in Vietnamese; nothing opened, the choices kept.
    page.get_by_role("button", name="Mở báo cáo và nhập").click()
    expect(page.locator(".error-summary")).to_contain_text("Tên báo cáo: Cần nhập tên báo cáo đột xuất.")
    title = page.get_by_label("Tên báo cáo")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Đơn vị lập báo cáo")).to_have_value(str(tree.A.pk))
    assert not Round.objects.filter(adhoc_round=adhoc_round).exists()

    title.fill(TITLE)
    page.get_by_role("button", name="Mở báo cáo và nhập").click()
    sub = Submission.objects.get(assignment__round__adhoc_round=adhoc_round)
    expect(page).to_have_url(re.compile(f"/bao-cao/{sub.pk}/nhap/phan_i/$"))
    expect(page.locator(".messages")).to_contain_text(f"Đã mở báo cáo đột xuất “{TITLE}”, gửi Tỉnh An Giang")
    expect(page.get_by_label("Tình hình chung")).to_be_visible()

    # The unit fills and submits it (the wizard has its own journey); the province is told and reviews it.
    full = {"phan_i": {"tinh_hinh": "Mưa lớn"}, "phan_ii": {"so_van_ban": 2}, "phan_iii": {"uu_diem": "Kịp thời"}}
    sub = submission_save_draft(submission=sub, data=full, expected_revision=0, acting_user=drafter)
    submission_submit(submission=sub, acting_user=drafter)
    run_tasks()
    page.get_by_role("button", name="Đăng xuất").click()
    login("duyet.angiang")
    page.goto("/bao-cao/thong-bao/")
    expect(page.get_by_test_id("notification-list")).to_contain_text(
        f"Xã Vĩnh Am đã mở báo cáo đột xuất “{TITLE}”, hạn")
    page.goto("/bao-cao/")
    expect(page.get_by_test_id("review-tasks").get_by_test_id(f"task-{sub.pk}")).to_contain_text(TITLE)
