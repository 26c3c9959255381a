"""Filling journey: a commune drafter sees the task on the home page and the task list, fills step 1,
leaves, comes back and resumes with the values kept, fills the rest (one error shown at its field
first), and submits; a second browser editing the same draft meanwhile gets the conflict screen."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Tự kiểm tra đợt 2 — Đề cương thử (Xã Vĩnh Am)"


@pytest.fixture
def home(db, settings):
    """A HomePage as the default site's root.

    Browser tests run in transactions that end with a flush, which also removes what migrations
    made (Wagtail's locale, root page and site); they are made again when missing.
    """
    from wagtail.models import Site

    from cms.bootstrap import ensure_wagtail_tree
    from cms.models import HomePage

    root = ensure_wagtail_tree()
    home = root.add_child(instance=HomePage(title="Báo cáo", slug="trang-chu"))
    home.save_revision().publish()
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def submission(tree):
    """A round of the test outline for the communes of province P, due in ten days; commune A's draft."""
    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
    from formbuilder.rounds.models import Submission, TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open
    from tests.formbuilder.rounds_helpers import published_outline

    rule = ReportingRule(period_type=PeriodType.ONE_OFF,
                         due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=10)))
    round_ = round_create(code="dot-2", title="Tự kiểm tra đợt 2", issuing_unit=tree.P, rule=rule,
                          versions=[published_outline()])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_)
    return Submission.objects.get(assignment__round=round_, assignment__unit=tree.A)


def log_in(page, username, password="mat-khau-Test-123"):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_commune_drafter_fills_resumes_and_submits_while_a_colleague_meets_the_conflict_screen(
        page, login, browser, live_server, home, submission, tree, make_user):
    from formbuilder.rounds.models import Submission

    make_user("soan.vinham", unit=tree.A, role="drafter", first_name="Lan", last_name="Nguyễn")
    make_user("soan.vinham2", unit=tree.A, role="drafter", first_name="Minh", last_name="Trần")
    base = f"/bao-cao/{submission.pk}/nhap"

    # The task is on the home page and in the task list.
    login("soan.vinham")
    page.goto("/")
    due_work = page.get_by_test_id("due-work")
    expect(due_work.get_by_role("link", name=TITLE)).to_be_visible()
    expect(due_work).to_contain_text("Đang soạn")
    page.goto("/bao-cao/")
    task = page.get_by_test_id(f"task-{submission.pk}")
    expect(task).to_contain_text("Xã Vĩnh Am")
    expect(task).to_contain_text(re.compile(r"\d{2}/\d{2}/\d{4} 23:59"))
    expect(task).to_contain_text("còn 10 ngày")
    task.get_by_role("link", name=re.compile("Nhập báo cáo")).click()

    # Step 1, then leave.
    expect(page).to_have_url(re.compile(f"{base}/phan_i/$"))
    page.get_by_label("Tình hình chung").fill("Tình hình chính trị ổn định.")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_url(re.compile(f"{base}/phan_ii/$"))
    page.get_by_role("button", name="Đăng xuất").click()

    # Later: the home page link resumes at the first incomplete step, step 1 kept.
    login("soan.vinham")
    page.goto("/")
    page.get_by_test_id("due-work").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(f"{base}/phan_ii/$"))
    page.get_by_role("link", name="I. Đặc điểm tình hình").click()
    expect(page.get_by_label("Tình hình chung")).to_have_value("Tình hình chính trị ổn định.")
    page.get_by_role("link", name="II. Kết quả").click()

    # A wrong value is refused at its field, in Vietnamese, with a summary; the typed value stays.
    number = page.get_by_label("Số văn bản")
    number.fill("-3")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.locator(".error-summary")).to_contain_text("Biểu mẫu có 1 lỗi cần sửa")
    field = page.locator(".fb-field", has=page.get_by_label("Số văn bản"))
    expect(field.locator(".fb-error")).to_have_text("Số văn bản: phải là số nguyên không âm")
    expect(number).to_have_value("-3")
    expect(number).to_have_attribute("aria-invalid", "true")
    number.fill("12")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_url(re.compile(f"{base}/phan_iii/$"))

    # A colleague opens the same step in another browser, before Lan's next save.
    other = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    try:
        colleague = other.new_page()
        colleague.set_default_timeout(15000)
        log_in(colleague, "soan.vinham2")
        colleague.goto(f"{base}/phan_iii/")

        # Lan types; leaving the field autosaves.
        page.get_by_label("Ưu điểm").fill("Triển khai kịp thời.")
        page.get_by_label("Ưu điểm").press("Tab")
        expect(page.locator("[data-autosave-status]")).to_have_text(re.compile(r"^Đã lưu lúc \d{2}:\d{2}$"))
        assert Submission.objects.get(pk=submission.pk).data["phan_iii"] == {"uu_diem": "Triển khai kịp thời."}

        # The colleague's save would overwrite it: the conflict screen shows both versions instead.
        colleague.get_by_label("Ưu điểm").fill("Bản của Minh.")
        colleague.get_by_role("button", name="Lưu nháp").click()
        expect(colleague).to_have_url(re.compile(f"/bao-cao/{submission.pk}/xung-dot/$"))
        expect(colleague.get_by_role("heading", level=1)).to_have_text("Bản nháp vừa được người khác sửa")
        row = colleague.get_by_test_id("conflict-table").get_by_role("row", name=re.compile("Ưu điểm"))
        expect(row.locator("td.theirs")).to_have_text("Triển khai kịp thời.")
        expect(row.locator("td.yours")).to_have_text("Bản của Minh.")
        colleague.get_by_role("button", name="Giữ bản đã lưu").click()
        expect(colleague.get_by_label("Ưu điểm")).to_have_value("Triển khai kịp thời.")
    finally:
        other.close()
    assert Submission.objects.get(pk=submission.pk).data["phan_iii"] == {"uu_diem": "Triển khai kịp thời."}

    # Lan checks everything and submits.
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_url(re.compile(f"{base}/kiem-tra/$"))
    expect(page.get_by_text("Báo cáo đã đủ thông tin bắt buộc.")).to_be_visible()
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page).to_have_url(re.compile("/bao-cao/$"))
    expect(page.locator(".messages")).to_contain_text("Đã nộp báo cáo “Đề cương thử”")
    expect(page.get_by_test_id(f"task-{submission.pk}")).to_contain_text("Đã nộp, chờ duyệt")
    submitted = Submission.objects.get(pk=submission.pk)
    assert submitted.status == "submitted"
    assert submitted.data == {"phan_i": {"tinh_hinh": "Tình hình chính trị ổn định."},
                              "phan_ii": {"so_van_ban": 12}, "phan_iii": {"uu_diem": "Triển khai kịp thời."}}


def test_commune_drafter_cannot_open_another_communes_draft(page, login, submission, tree, make_user):
    make_user("soan.longxuyen", unit=tree.B, role="drafter")
    login("soan.longxuyen")
    response = page.goto(f"/bao-cao/{submission.pk}/nhap/phan_i/")
    assert response.status == 404
    assert "Xã Vĩnh Am" not in page.content()
