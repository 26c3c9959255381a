"""Merging contributions into one outline, and the header block's wording: pure, no database."""
import datetime as dt

from formbuilder.engine import compile_definition
from formbuilder.rounds.consolidation import (
    Contribution, date_line, form_tables, guess_style, merge_outline, number_line, part_heading, province_place,
)

OUTLINE = {"format": "baocao.form/1", "code": "DC-THU", "kind": "outline", "title": "Đề cương thử", "items": [
    {"type": "section", "key": "phan_i", "number": "I.", "title": "Đặc điểm tình hình", "children": [
        {"type": "section", "key": "muc_1", "number": "1.", "title": "Tình hình chung", "children": [
            {"type": "text", "key": "tinh_hinh", "label": "Tình hình chung", "multiline": True},
            {"type": "number", "key": "so_dang_vien", "label": "Tổng số đảng viên", "integer": True,
             "unit": "người"}]}]},
    {"type": "section", "key": "phan_ii", "number": "II.", "title": "Kết quả", "children": [
        {"type": "number", "key": "giao", "label": "Số nhiệm vụ được giao", "integer": True},
        {"type": "number", "key": "xong", "label": "Số nhiệm vụ hoàn thành", "integer": True},
        {"type": "computed", "key": "ty_le", "label": "Tỷ lệ hoàn thành", "formula": "xong / giao * 100",
         "decimals": 1, "unit": "%"},
        {"type": "table", "key": "van_ban", "label": "Văn bản đã ban hành", "rows": "free", "columns": [
            {"key": "so", "label": "Số, ký hiệu", "type": "text"},
            {"key": "ngay", "label": "Ngày", "type": "date"}]}]},
    {"type": "section", "key": "phan_iii", "number": "III.", "title": "Đề xuất, kiến nghị", "children": [
        {"type": "text", "key": "de_xuat", "label": "Đề xuất", "multiline": True}]},
]}
COMPILED = compile_definition(OUTLINE)
PART_I = {"phan_i": {"muc_1": {"tinh_hinh": "Ổn định.\n\nĐoàn kết.", "so_dang_vien": 125430}}}
PART_II = {"phan_ii": {"giao": 8, "xong": 6, "van_ban": [{"so": "01-NQ/TU", "ngay": "2025-07-01"}]}}


def test_a_split_outline_keeps_the_outline_order_with_each_part_from_its_drafter():
    merged = merge_outline(COMPILED, [Contribution("Ban Tổ chức", PART_II, ("phan_ii",)),
                                      Contribution("Đảng ủy UBND tỉnh", PART_I, ("phan_i",))])
    assert [(p.number, p.contributors) for p in merged.parts] == [
        ("I.", ["Đảng ủy UBND tỉnh"]), ("II.", ["Ban Tổ chức"]), ("III.", [])]
    assert merged.parts[0].text == "1. Tình hình chung\nỔn định.\nĐoàn kết.\n- Tổng số đảng viên: 125.430 người"
    assert merged.parts[1].text == ("- Số nhiệm vụ được giao: 8\n- Số nhiệm vụ hoàn thành: 6\n"
                                    "- Tỷ lệ hoàn thành: 75,0%\n- Văn bản đã ban hành: chi tiết tại bảng kèm theo.")
    assert merged.parts[2].text == ""
    [table] = merged.tables
    assert (table.title, table.unit_name, table.header, table.rows) == (
        "Văn bản đã ban hành", "Ban Tổ chức", ["STT", "Số, ký hiệu", "Ngày"], [["1", "01-NQ/TU", "01/07/2025"]])


def test_a_contribution_outside_its_parts_is_ignored():
    merged = merge_outline(COMPILED, [Contribution("Ban Tổ chức", {**PART_I, **PART_II}, ("phan_ii",))])
    assert merged.parts[0].text == "" and merged.parts[0].contributors == []


def test_an_upper_level_consolidates_its_units_one_after_another_under_each_section():
    merged = merge_outline(COMPILED, [
        Contribution("Xã Vĩnh Am", {"phan_i": {"muc_1": {"tinh_hinh": "Vĩnh Am ổn định."}}}),
        Contribution("Phường Long Xuyên", {"phan_i": {"muc_1": {"tinh_hinh": "Long Xuyên ổn định."}},
                                           "phan_iii": {"de_xuat": "Tăng biên chế."}})])
    assert merged.parts[0].text == "1. Tình hình chung\nXã Vĩnh Am:\nVĩnh Am ổn định.\nPhường Long Xuyên:\nLong Xuyên ổn định."
    assert merged.parts[2].text == "Phường Long Xuyên:\n- Đề xuất: Tăng biên chế."


def test_appendix_tables_take_row_labels_totals_and_notes():
    appendix = compile_definition({"format": "baocao.form/1", "code": "PL-THU", "kind": "appendix",
                                   "title": "Phụ lục giải ngân", "items": [
        {"type": "table", "key": "bang", "label": "Giải ngân", "totals": ["von"],
         "rows": {"fixed": [{"key": "tw", "label": "Vốn Trung ương"}, {"key": "dp", "label": "Vốn địa phương"}]},
         "columns": [{"key": "von", "label": "Kế hoạch vốn", "type": "number", "unit": "triệu đồng"}]},
        {"type": "text", "key": "ghi_chu", "label": "Ghi chú"}]})
    [table] = form_tables(appendix, Contribution("Sở Tài chính", {"bang": {"tw": {"von": 1200.5}, "dp": {"von": 800}},
                                                                 "ghi_chu": "Số liệu đến 31/3."}))
    assert table.title == "Phụ lục giải ngân — Giải ngân"
    assert table.header == ["Nội dung", "Kế hoạch vốn (triệu đồng)"]
    assert table.rows == [["Vốn Trung ương", "1.200,5"], ["Vốn địa phương", "800"], ["Tổng cộng", "2.000,5"]]
    assert table.notes == ["Ghi chú: Số liệu đến 31/3."]


def test_header_block_wording_follows_the_party_and_state_rules():
    assert guess_style("van_phong", "Văn phòng Tỉnh ủy An Giang") == "party"
    assert guess_style("ubnd", "Ủy ban nhân dân tỉnh An Giang") == "state"
    assert guess_style("xa", "Đảng ủy xã An Châu") == "party"
    assert guess_style("so_khac", "Sở Nội vụ tỉnh An Giang") == "state"
    assert number_line("party", "24", "BC/TU") == "Số 24-BC/TU"
    assert number_line("state", "01", "BC-UBND") == "Số: 01/BC-UBND"
    assert number_line("party", "", "BC/TU") == "Số      -BC/TU"
    assert date_line("An Giang", dt.date(2026, 4, 9)) == "An Giang, ngày 09 tháng 4 năm 2026"
    assert date_line("An Giang", dt.date(2026, 2, 15)) == "An Giang, ngày 15 tháng 02 năm 2026"
    assert part_heading("party", "IV.", "Nghị quyết 57") == "IV- NGHỊ QUYẾT 57"
    assert part_heading("state", "IV.", "Nghị quyết 57") == "IV. NGHỊ QUYẾT 57"
    assert province_place(["Ủy ban Kiểm tra Trung ương", "Tỉnh An Giang", "Văn phòng Tỉnh ủy"]) == "An Giang"
