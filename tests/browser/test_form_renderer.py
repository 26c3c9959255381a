"""Filling a generated form in Chromium: rows added and removed live, computed values and totals
updated as one types, every error shown at its field in Vietnamese, then "Hợp lệ"."""
import json
import re

import pytest
from playwright.sync_api import expect

from formbuilder.engine import evaluate, parse_formula
from formbuilder.renderer import formula_to_json
from formbuilder.renderer.localize import format_number, parse_number

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.formbuilder.renderer.urls")]

URL = "/bieu-mau/xem-thu/PL-IV-8/"  # date, free table with totals, two computed values


def cell(page, column, row):
    return page.get_by_label(f"{column}, dòng {row}", exact=True)


def open_form(page, login, make_user):
    make_user("soan.thao")
    login("soan.thao")
    page.goto(URL)
    expect(page.locator("[data-fb-root]")).to_have_attribute("data-fb-ready", "1")


def test_unit_fills_an_appendix_with_live_values_errors_and_success(page, login, make_user):
    open_form(page, login, make_user)
    rate = page.locator("output#id_ty_le_giai_ngan")
    remaining = page.locator("output#id_tong_kinh_phi_chua_giai_ngan")
    total_assigned = page.locator('output[data-fb-total="kinh_phi_duoc_giao"]')
    total_paid = page.locator('output[data-fb-total="kinh_phi_da_giai_ngan"]')
    expect(rate).to_have_text("không xác định")  # 0 / 0
    page.evaluate("window.stillSamePage = true")

    page.get_by_role("button", name="Thêm dòng").click()
    expect(page.locator("table[data-fb-table] tbody tr")).to_have_count(2)
    cell(page, "Kinh phí, kế hoạch vốn được giao", 1).fill("1.000")
    cell(page, "Kinh phí, kế hoạch vốn được giao", 2).fill("500,5")
    cell(page, "Kinh phí đã giải ngân", 1).fill("250")
    expect(total_assigned).to_have_text("1.500,5")
    expect(total_paid).to_have_text("250")
    expect(rate).to_have_text("16,7%")
    expect(remaining).to_have_text("1.251 triệu đồng")  # 1.250,5 rounded half up

    # A third row added and removed again, still without reloading the page.
    page.get_by_role("button", name="Thêm dòng").click()
    cell(page, "Kinh phí đã giải ngân", 3).fill("1250,5")
    expect(rate).to_have_text("100,0%")
    page.get_by_role("button", name="Xóa dòng 3").click()
    expect(page.locator("table[data-fb-table] tbody tr")).to_have_count(2)
    expect(rate).to_have_text("16,7%")
    assert page.evaluate("window.stillSamePage") is True

    cell(page, "Kinh phí đã giải ngân", 2).fill("nhiều")
    page.get_by_role("button", name="Kiểm tra đầy đủ").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Biểu mẫu có 6 lỗi cần sửa")
    expected = [
        "Số liệu giải ngân tính đến ngày: bắt buộc nhập",
        "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 1 › Tên nhiệm vụ, dự án: bắt buộc nhập",
        "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 1 › Nguồn vốn: bắt buộc nhập",
        "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 2 › Tên nhiệm vụ, dự án: bắt buộc nhập",
        "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 2 › Nguồn vốn: bắt buộc nhập",
        "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 2 › Kinh phí đã giải ngân: phải là số",
    ]
    expect(summary.get_by_role("link")).to_have_text(expected)
    expect(page.get_by_test_id("check-result")).to_contain_text("Chưa hợp lệ")
    # Each error sits at its field or cell and is announced with it.
    date = page.get_by_label("Số liệu giải ngân tính đến ngày")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_so_lieu_den_ngay-error")).to_have_text("Số liệu giải ngân tính đến ngày: bắt buộc nhập")
    name_1 = cell(page, "Tên nhiệm vụ, dự án", 1)
    expect(name_1).to_have_attribute("aria-describedby", "id_giai_ngan_kinh_phi-0-ten_nhiem_vu_du_an-error")
    expect(page.locator("#id_giai_ngan_kinh_phi-0-ten_nhiem_vu_du_an-error")).to_have_text("bắt buộc nhập")
    expect(page.locator("#id_giai_ngan_kinh_phi-1-kinh_phi_da_giai_ngan-error")).to_have_text("phải là số")
    expect(cell(page, "Kinh phí đã giải ngân", 2)).to_have_value("nhiều")  # what was typed is kept
    expect(total_assigned).to_have_text("1.500,5")  # computed again by the server
    summary.get_by_role("link").nth(2).click()
    expect(cell(page, "Nguồn vốn", 1)).to_be_focused()

    date.fill("31/03/2026")
    name_1.fill("Nền tảng điều hành số")
    cell(page, "Nguồn vốn", 1).select_option(label="Vốn đầu tư công")
    cell(page, "Tên nhiệm vụ, dự án", 2).fill("Cơ sở dữ liệu cán bộ")
    cell(page, "Nguồn vốn", 2).select_option(label="Nguồn khác")
    cell(page, "Kinh phí đã giải ngân", 2).fill("500,5")
    expect(rate).to_have_text("50,0%")
    page.get_by_role("button", name="Kiểm tra đầy đủ").click()

    expect(page.get_by_test_id("check-result")).to_have_text("Hợp lệ: biểu mẫu đã đầy đủ, có thể nộp.")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(rate).to_have_text("50,0%")
    expect(remaining).to_have_text("750 triệu đồng")


NUMBER_INPUTS = ["1.234.567,5", "1234567.5", "1,234,567.5", "1.234", "0.234", "12,5", " 1 234 ", "-12", "+3",
                 ",5", "1.2.3", "abc", "1e5", "12.500", "1234.567", "1,2,3"]
FORMULAS = [
    ("a / b * 100", {"a": 1, "b": 3}),
    ("a / b", {"a": 1, "b": 0}),
    ("round(a / b * 100, 1)", {"a": 2, "b": 3}),
    ("round(x, 2)", {"x": 1.005}),
    ("round(x)", {"x": -2.5}),
    ("sum(t.c) / count(t)", {"t.c": [1, None, 4], "t": [1, None, 1]}),
    ("avg(t.c) + min(t.c) + max(t.c)", {"t.c": [2, 8]}),
    ("avg(t.c)", {"t.c": []}),
    ("if(a > 0 and not b, a, -1)", {"a": 5, "b": 0}),
    ("a > 1 or b", {"a": 2}),
    ("a > 1 and b", {"a": 0}),
    ("a + b", {"a": 1}),
    ("abs(a - b) == 2", {"a": 1, "b": 3}),
    ("(a > b) + 1", {"a": 3, "b": 1}),
]


def test_browser_reads_numbers_and_evaluates_formulas_as_the_server_does(page, login, make_user):
    open_form(page, login, make_user)
    browser_numbers = page.evaluate("xs => xs.map(x => { const n = window.baocaoForms.parseNumber(x); "
                                    "return n === null || Number.isNaN(n) ? null : n; })", NUMBER_INPUTS)

    def server_number(text):
        try:
            return float(parse_number(text))
        except ValueError:
            return None

    assert browser_numbers == [server_number(text) for text in NUMBER_INPUTS]

    cases = [{"ast": formula_to_json(parse_formula(text)), "values": values} for text, values in FORMULAS]
    browser_results = page.evaluate(
        "cases => cases.map(c => window.baocaoForms.evaluate(c.ast, p => { const v = c.values[p.join('.')]; "
        "return v === undefined ? null : v; }))", json.loads(json.dumps(cases)))
    assert browser_results == [evaluate(parse_formula(text), values) for text, values in FORMULAS]

    samples = [1234567.5, 0.1 + 0.2, -1234.25, 1000, 0]
    formatted = page.evaluate("xs => xs.map(x => window.baocaoForms.formatNumber(x))", samples)
    assert formatted == ["1.234.567,5", "0,3", "-1.234,25", "1.000", "0"]
    assert [format_number(x) for x in (1234567.5, -1234.25, 1000, 0)] == [formatted[0], *formatted[2:]]


OUTLINE_URL = "/bieu-mau/xem-thu/DC-TKT-DOT2-2026/"  # seed 002: parts I–VII, 218 fields


def outline():
    from formbuilder.renderer.views import fixture_definition

    return fixture_definition("DC-TKT-DOT2-2026")[0]


def summary_targets(page):
    """Return, for each link of the error summary, its text and the id of the field it points at."""
    return page.get_by_role("alert").get_by_role("link").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.getAttribute('href').slice(1)])")


def test_seed_002_outline_renders_shows_each_error_at_its_field_then_validates(page, login, make_user):
    compiled = outline()
    make_user("soan.thao")
    login("soan.thao")
    page.goto(OUTLINE_URL)
    expect(page.locator("[data-fb-root]")).to_have_attribute("data-fb-ready", "1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đề cương gợi ý báo cáo kết quả tự kiểm tra đợt 2")
    for number in ("I.", "II.", "III.", "IV.", "V.", "VI.", "VII."):
        expect(page.get_by_text(number, exact=True).first).to_be_visible()
    # Every field of the definition is on the page: an input or text area, or an output for computed values.
    missing = page.evaluate("keys => keys.filter(k => !document.getElementById('id_' + k))", list(compiled.fields))
    assert missing == []
    computed = [f.key for f in compiled.fields.values() if f.type == "computed"]
    assert page.locator("output[id^='id_']").evaluate_all("xs => xs.map(x => x.id.slice(3))") == computed

    # Wrong values in five fields of three kinds (the outline has no required field: a draft of it
    # is complete as soon as nothing in it is wrong).
    page.locator("#id_p1_1_so_dang_vien").fill("nhiều")
    page.locator("#id_p1_1_so_chi_bo").fill("-3")
    page.locator("#id_p3_3_so_nv_co_thoi_han").fill("2,5")
    page.locator("#id_p4_1_thoi_diem_so_ket_tong_ket").fill("31/02/2026")
    page.locator("#id_p4_1_hinh_thuc_so_ket_tong_ket").evaluate("(el, v) => { el.value = v; }", "x" * 501)
    page.get_by_role("button", name="Kiểm tra đầy đủ").click()

    wrong = {"p1_1_so_chi_bo", "p1_1_so_dang_vien", "p3_3_so_nv_co_thoi_han", "p4_1_hinh_thuc_so_ket_tong_ket",
             "p4_1_thoi_diem_so_ket_tong_ket"}
    in_error = [key for key in compiled.fields if key in wrong]  # form order
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(f"Biểu mẫu có {len(in_error)} lỗi cần sửa")
    expect(page.get_by_test_id("check-result")).to_contain_text("Chưa hợp lệ")
    targets = summary_targets(page)
    assert [target for _, target in targets] == [f"id_{key}" for key in in_error]  # one per field
    expect(page.locator("[aria-invalid='true']")).to_have_count(len(in_error))
    for (message, target), key in zip(targets, in_error):
        label = compiled.fields[key].label
        assert message.startswith(f"{label}: "), message
        field = page.locator(f"#{target}")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(rf"(^| ){target}-error( |$)"))
        expect(page.locator(f"#{target}-error")).to_have_text(message)
    messages = [message for message, _ in targets]
    assert messages == [
        "Tổng số chi bộ: phải là số nguyên không âm",
        "Tổng số đảng viên: phải là số nguyên",
        "Số lượng nhiệm vụ có thời hạn hoàn thành được giao: phải là số nguyên",
        "Thời điểm tổ chức sơ kết, tổng kết việc triển khai thực hiện Nghị quyết số 57: "
        "không đúng định dạng ngày (dd/mm/yyyy)",
        "Hình thức tổ chức sơ kết, tổng kết: dài quá 500 ký tự",
    ]
    expect(page.locator("#id_p1_1_so_dang_vien")).to_have_value("nhiều")  # what was typed is kept

    # A complete instance: every number, the date and every text filled in.
    for position, info in enumerate(f for f in compiled.fields.values() if f.type == "number"):
        page.locator(f"#id_{info.key}").fill(str(10 + position))
    page.locator("#id_p3_3_so_nv_co_thoi_han").fill("40")
    page.locator("#id_p3_3_so_nv_da_hoan_thanh").fill("30")
    page.locator("#id_p4_1_thoi_diem_so_ket_tong_ket").fill("15/05/2026")
    texts = [f.key for f in compiled.fields.values() if f.type == "text"]
    page.evaluate("keys => keys.forEach((k, i) => { document.getElementById('id_' + k).value = "
                  "'Nội dung mục ' + (i + 1) + ': đã thực hiện đầy đủ.'; })", texts)
    expect(page.locator("output#id_p3_3_ty_le_nv_hoan_thanh")).to_have_text("75,0%")
    page.get_by_role("button", name="Kiểm tra đầy đủ").click()

    expect(page.get_by_test_id("check-result")).to_have_text("Hợp lệ: biểu mẫu đã đầy đủ, có thể nộp.")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("[aria-invalid='true']")).to_have_count(0)
    expect(page.locator(f"#id_{texts[-1]}")).to_have_value(f"Nội dung mục {len(texts)}: đã thực hiện đầy đủ.")
    expect(page.locator("output#id_p3_3_ty_le_nv_hoan_thanh")).to_have_text("75,0%")
