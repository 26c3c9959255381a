"""Excel journey: a drafter for two communes downloads the template, fills it (here with openpyxl),
uploads it, sees the preview with an error at its row and column, fixes the file, uploads it again,
confirms, and finds the values in each commune's report; once the reports are submitted and approved,
the values are on the communes' dashboards (issue 6: "see the values on the dashboard")."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
FIELDS = "Thông tin chung"


@pytest.fixture
def excel_urls(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def journey_round(tree, make_user):
    from django.utils import timezone

    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
    from formbuilder.rounds.models import TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open
    from hierarchy.models import Membership
    from tests.excel.conftest import publish

    from indicators.models import Indicator

    version = publish()
    # The indicator the dashboard shows, read from the form's "so_vu" field when a report is approved.
    Indicator.objects.create(code="PL-THU/so_vu", name="Số vụ việc", unit_of_measure="vụ", value_type="integer",
                             definition=version.definition, source_kind="number", field_key="so_vu",
                             aggregation="sum")
    round_ = round_create(code="dot-excel", title="Thống kê quý I", issuing_unit=tree.P, versions=[version],
                          rule=ReportingRule(period_type=PeriodType.ONE_OFF,
                                             due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=10))))
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_)
    user = make_user("soan.hai.xa", unit=tree.A)
    Membership.objects.create(user=user, unit=tree.B, role="drafter")
    return round_


def set_cells(path, cells) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[FIELDS]
    keys = {c.value: c.column for c in ws[3]}
    for row, key, value in cells:
        ws.cell(row=row, column=keys[key], value=value)
    wb.save(path)


def upload(page, path) -> None:
    page.goto("/excel/")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV (.csv)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_load_state()


@pytest.fixture
def huey_immediate():
    """Run huey tasks on commit, as a consumer would at once: the approval's roll-up is done before the page loads."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def approve(submission, reviewer):
    """Submit the imported draft as its drafter and approve it as the province's reviewer."""
    from formbuilder.rounds.services import submission_approve, submission_submit

    drafter = submission.assignment.unit.memberships.get(role="drafter").user
    submission_approve(submission=submission_submit(submission=submission, acting_user=drafter),
                       acting_user=reviewer)


def test_template_fill_preview_fix_confirm(page, login, live_server, excel_urls, journey_round, tmp_path, tree,
                                           make_user, huey_immediate):
    from formbuilder.rounds.models import Submission

    login("soan.hai.xa")
    page.goto("/excel/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải mẫu PL-THU").click()
    path = tmp_path / "mau.xlsx"
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))[FIELDS]
    assert [sheet.cell(r, 1).value for r in (4, 5)] == ["A", "B"]

    set_cells(path, [(4, "so_vu", 12), (4, "kinh_phi", "1.234,5"), (5, "so_vu", -3)])
    upload(page, path)
    expect(page.get_by_test_id("job-status")).to_contain_text("Có lỗi, không thể ghi")
    errors = page.get_by_test_id("job-errors")
    expect(errors).to_contain_text("Phường Long Xuyên: Số vụ việc: phải là số nguyên không âm")
    expect(errors.locator("tbody tr").first).to_contain_text("5")
    expect(errors.locator("tbody tr").first).to_contain_text("C — Số vụ việc (vụ)")
    expect(page.get_by_role("button", name="Xác nhận ghi số liệu")).to_have_count(0)

    set_cells(path, [(5, "so_vu", 3)])
    upload(page, path)
    expect(page.get_by_test_id("job-status")).to_contain_text("Đã kiểm tra, chờ xác nhận")
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    expect(page.get_by_test_id("count-errors")).to_have_text("0")
    page.get_by_role("button", name="Xác nhận ghi số liệu").click()
    expect(page.get_by_test_id("job-status")).to_contain_text("Đã ghi")
    expect(page.get_by_test_id("job-message")).to_have_text("Đã ghi 2 báo cáo.")

    a = Submission.objects.get(assignment__round=journey_round, assignment__unit__code="A")
    page.goto(f"/bao-cao/{a.pk}/nhap/")  # the report's check step lists the values entered
    page.get_by_text("Xem các giá trị đã nhập").click()
    expect(page.locator("#id_so_vu .fb-value")).to_have_text("12 vụ")
    expect(page.locator("#id_kinh_phi .fb-value")).to_have_text("1.234,5 triệu đồng")
    b = Submission.objects.get(assignment__round=journey_round, assignment__unit__code="B")
    page.goto(f"/bao-cao/{b.pk}/nhap/")
    page.get_by_text("Xem các giá trị đã nhập").click()
    expect(page.locator("#id_so_vu .fb-value")).to_have_text("3 vụ")

    reviewer = make_user("duyet.excel", unit=tree.P, role="reviewer")
    approve(a, reviewer)
    approve(b, reviewer)
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()  # the drafter's first unit: Xã Vĩnh Am
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ tiêu: Xã Vĩnh Am")
    row = page.get_by_test_id("indicator-table").locator('tr[data-indicator="PL-THU/so_vu"]')
    expect(row.get_by_test_id("value")).to_have_text("12 vụ")
    expect(row).to_contain_text("1 / 1")
    page.context.clear_cookies()
    login("duyet.excel")  # the province sees the sum of its communes
    page.goto(f"/chi-tieu/{tree.P.pk}/")
    row = page.get_by_test_id("indicator-table").locator('tr[data-indicator="PL-THU/so_vu"]')
    expect(row.get_by_test_id("value")).to_have_text("15 vụ")
    expect(page.get_by_test_id("completeness-approved")).to_have_text("2")
