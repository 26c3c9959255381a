"""An administrator adds a unit and moves it, by clicking through the Wagtail admin."""
import re

import pytest
from playwright.sync_api import expect

from hierarchy.models import Unit
from hierarchy.permissions import ensure_unit_admin_group

pytestmark = pytest.mark.browser


@pytest.fixture
def province_admin(tree, make_user):
    user = make_user("tinh.quantri", unit=tree.P, role="unit_admin", is_staff=True)
    user.groups.add(ensure_unit_admin_group())
    return user


def test_province_admin_adds_and_moves_a_unit(page, login, tree, province_admin):
    login("tinh.quantri")
    page.goto("/quan-tri/don-vi/")
    page.get_by_role("link", name="Xem 2 đơn vị").click()
    page.get_by_role("link", name="Thêm đơn vị").first.click()
    assert page.get_by_label("Mã đơn vị cấp trên").input_value() == "P"
    page.locator("#id_code").fill("XA-MOI")
    page.locator("#id_name").fill("Xã Tân Hiệp")
    page.locator("#id_kind").select_option(label="Xã")
    page.locator("#id_level").select_option(label="Xã")
    page.get_by_role("button", name=re.compile("^(Tạo|Create)$")).click()
    expect(page.get_by_role("link", name="Xã Tân Hiệp")).to_be_visible()
    created = Unit.objects.get(code="XA-MOI")
    assert created.get_parent().code == "P"

    # Move it under Phường Long Xuyên (B) through the listing's actions menu.
    page.goto("/quan-tri/don-vi/?parent=P")
    row = page.get_by_role("row").filter(has_text="Xã Tân Hiệp")
    row.get_by_role("button", name=re.compile("tùy chọn|More options")).click()
    row.get_by_role("link", name="Chuyển đơn vị cấp trên").click()
    page.get_by_label("Mã đơn vị cấp trên mới").fill("B")
    page.get_by_role("button", name="Chuyển").click()
    expect(page.get_by_text("Đã chuyển “Xã Tân Hiệp” vào “Phường Long Xuyên”")).to_be_visible()
    assert Unit.objects.get(code="XA-MOI").get_parent().code == "B"

    # Moving a unit under its own descendant is refused with a Vietnamese message.
    page.goto(f"/quan-tri/don-vi/{tree.B.pk}/chuyen/")
    page.get_by_label("Mã đơn vị cấp trên mới").fill("XA-MOI")
    page.get_by_role("button", name="Chuyển").click()
    expect(page.locator("#id_parent_code_error, .error-message").first).to_contain_text(
        "vào chính nó hoặc vào đơn vị cấp dưới của nó")


def test_province_admin_cannot_reach_another_province(page, login, tree, province_admin):
    login("tinh.quantri")
    response = page.goto(f"/quan-tri/don-vi/edit/{tree.C.pk}/")
    assert response.status in (302, 403) or "không có quyền" in page.content().lower()
    assert Unit.objects.get(code="C").name == "Xã Đô Lương"
