"""A superuser designs a small outline in the Wagtail admin by clicking through the StreamField
designer, watches it in the preview panel, publishes it, makes a new version, relabels a field
and reads the difference between the two versions."""
import re

import pytest
from playwright.sync_api import expect

from formbuilder.models import FormDefinition, VersionStatus

pytestmark = pytest.mark.browser


def add_block(page, scope, kind: str) -> None:
    """Press the last “+” of ``scope``'s stream and choose ``kind`` in Wagtail's block chooser."""
    button = scope.locator("button.c-sf-add-button:not([data-streamfield-list-add])").last
    # The chooser pops up beside the button and closes when the page scrolls: centre the button first.
    button.evaluate("b => b.scrollIntoView({block: 'center'})")
    button.click()
    page.get_by_role("option", name=kind, exact=True).click()


def fill(page, name: str, value: str) -> None:
    page.locator(f'[name="{name}"]').fill(value)


def test_superuser_designs_previews_publishes_and_compares_an_outline(page, login, django_user_model):
    django_user_model.objects.create_superuser("quantri", password="mat-khau-Test-123")
    page.set_viewport_size({"width": 1400, "height": 1000})
    login("quantri")

    # A new definition, created from the “Biểu mẫu” listing.
    page.goto("/quan-tri/bieu-mau/")
    page.get_by_role("link", name="Thêm biểu mẫu").first.click()
    page.locator("#id_code").fill("dc-thu-nghiem")
    page.locator("#id_kind").select_option("outline")
    page.locator("#id_title").fill("Đề cương thử nghiệm")
    page.get_by_role("button", name=re.compile("^(Tạo|Create)$")).click()
    expect(page.get_by_text("Đã tạo biểu mẫu “DC-THU-NGHIEM”")).to_be_visible()

    # Section "I." holding a number field, a table with two columns and a computed value.
    add_block(page, page.locator("#panel-body-section"), "Mục")
    fill(page, "body-0-value-number", "I.")
    fill(page, "body-0-value-title", "Kết quả thực hiện")
    children = page.locator('[data-contentpath="children"]').first

    add_block(page, children, "Số")
    number = "body-0-value-children-0-value"
    fill(page, f"{number}-label", "Tổng số văn bản")
    fill(page, f"{number}-unit", "văn bản")
    page.locator(f'[name="{number}-required"]').check()

    add_block(page, children, "Bảng")
    table = "body-0-value-children-1-value"
    fill(page, f"{table}-label", "Danh mục văn bản")
    fill(page, f"{table}-columns-0-value-label", "Tên văn bản")
    columns = page.locator(f'[data-contentpath="columns"]').first
    columns.locator("button[data-streamfield-list-add]").last.click()
    fill(page, f"{table}-columns-1-value-label", "Số trang")
    page.locator(f'[name="{table}-columns-1-value-type"]').select_option("integer")
    page.locator(f'[name="{table}-columns-1-value-total"]').check()

    add_block(page, children, "Giá trị tính toán")
    computed = "body-0-value-children-2-value"
    fill(page, f"{computed}-label", "Tỷ lệ văn bản đã liệt kê")
    fill(page, f"{computed}-formula", "count(danh_muc_van_ban) / tong_so_van_ban * 100")
    fill(page, f"{computed}-unit", "%")
    fill(page, f"{computed}-decimals", "1")

    # The preview panel shows the form as units will fill it, before anything is saved.
    preview_toggle = page.locator('[data-side-panel-toggle="preview"]')
    preview_toggle.click()
    preview = page.frame_locator("iframe[title]").first
    expect(preview.get_by_text("Kết quả thực hiện")).to_be_visible(timeout=20000)
    expect(preview.get_by_text("Tổng số văn bản").first).to_be_visible()
    expect(preview.get_by_role("columnheader", name=re.compile("Số trang"))).to_be_visible()
    expect(preview.get_by_text("Tỷ lệ văn bản đã liệt kê")).to_be_visible()
    preview_toggle.click()

    # Publish: saved and published at once.
    page.locator("footer").get_by_role("button", name="Thêm thao tác").click()
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_text("Đã ban hành “DC-THU-NGHIEM” phiên bản 1.")).to_be_visible()
    definition = FormDefinition.objects.get(code="DC-THU-NGHIEM")
    v1 = definition.versions.get(number=1)
    assert v1.status == VersionStatus.PUBLISHED
    section = v1.document["items"][0]
    assert (section["key"], section["number"]) == ("ket_qua_thuc_hien", "I.")
    assert [c["key"] for c in section["children"]] == ["tong_so_van_ban", "danh_muc_van_ban",
                                                       "ty_le_van_ban_da_liet_ke"]
    assert section["children"][1]["totals"] == ["so_trang"]

    # A new version from the published one; relabel the number field and save the draft.
    page.get_by_role("link", name="Tạo phiên bản mới từ bản này").click()
    page.get_by_label("Ghi chú thay đổi").fill("Đổi nhãn cho đợt sau")
    page.get_by_role("button", name="Tạo phiên bản mới").click()
    expect(page.get_by_text("Đã tạo bản nháp phiên bản 2 từ phiên bản 1.")).to_be_visible()
    # A section's content opens collapsed, each block showing its label: open the number field.
    field = page.locator('[data-contentpath="children"]').first.locator("section.w-panel").first
    expect(field).to_contain_text("Tổng số văn bản")
    field.locator("[data-panel-toggle]").first.click()
    fill(page, f"{number}-label", "Tổng số văn bản đã ban hành")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp phiên bản 2.")).to_be_visible()

    # The difference between the two versions names the change.
    page.get_by_role("link", name="So sánh phiên bản").first.click()
    diff = page.get_by_test_id("version-diff")
    expect(diff).to_contain_text("Thay đổi từ phiên bản 1 (đã ban hành) đến phiên bản 2 (bản nháp)")
    expect(diff).to_contain_text(
        "Đổi nhãn (tong_so_van_ban): “Tổng số văn bản” → “Tổng số văn bản đã ban hành”")
    v2 = definition.versions.get(number=2)
    assert v2.based_on_id == v1.pk and v2.status == VersionStatus.DRAFT
    assert [c["key"] for c in v2.document["items"][0]["children"]] == [c["key"] for c in section["children"]]
