"""The template workbook: sheets, hidden keys, pre-filled units and period, validations, protection."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from indicators.excel import files, layout as L

from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    response = client.get(f"/excel/mau/{round_.pk}/{version.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mau-pl-thu-v1-')
    return b"".join(response.streaming_content)


def test_sheets_in_order_with_hidden_lists_and_metadata(template):
    wb = openpyxl.load_workbook(io.BytesIO(template))
    assert wb.sheetnames == ["Hướng dẫn", "Thông tin chung", "1. Biên chế theo khối", "2. Danh sách vụ việc",
                             "_danh_muc", "_baocao"]
    assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible"] * 4 + ["hidden", "veryHidden"]
    meta = {r[0].value: r[1].value for r in wb["_baocao"].iter_rows()}
    assert (meta["format"], meta["definition"], meta["version"], meta["kind"]) == (
        "baocao.excel/1", "PL-THU", "1", "template")
    assert (meta["round_code"], meta["period"]) == ("dot-excel", "")


def test_metadata_names_the_round(template, round_):
    meta = {r[0].value: r[1].value for r in openpyxl.load_workbook(io.BytesIO(template))["_baocao"].iter_rows()}
    assert meta["round"] == str(round_.pk)


def test_instructions_are_vietnamese(template, round_):
    ws = openpyxl.load_workbook(io.BytesIO(template))["Hướng dẫn"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    assert "Biểu mẫu: PL-THU — Phụ lục thử (phiên bản 1)." in text
    assert "Đợt báo cáo: Thống kê quý I" in text
    assert "ghi tất cả hoặc không ghi gì" in text


def test_headers_keys_and_units_of_the_user(template):
    ws = openpyxl.load_workbook(io.BytesIO(template))["Thông tin chung"]
    assert ws["A1"].value.startswith("PL-THU — Phụ lục thử")
    assert [c.value for c in ws[2]][:4] == ["Mã đơn vị", "Tên đơn vị", "Số vụ việc (vụ)", "Kinh phí (triệu đồng)"]
    assert [c.value for c in ws[3]] == ["#unit", "#unit_name", "so_vu", "kinh_phi", "ghi_chu", "ngay_bao_cao",
                                        "da_hoan_thanh", "muc_do"]
    assert ws.row_dimensions[3].hidden is True
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (4, 5)] == [("A", "Xã Vĩnh Am"),
                                                                          ("B", "Phường Long Xuyên")]
    assert ws.max_row == 5  # C (another province) and P are not the user's units


def test_fixed_rows_are_prefilled_per_unit(template):
    ws = openpyxl.load_workbook(io.BytesIO(template))["1. Biên chế theo khối"]
    assert [c.value for c in ws[3]] == ["#unit", "#unit_name", "#row:bien_che", "#row_label", "duoc_giao", "co_mat"]
    assert [(ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 4).value) for r in range(4, 8)] == [
        ("A", "dang", "Khối Đảng"), ("A", "chinh_quyen", "Khối chính quyền"),
        ("B", "dang", "Khối Đảng"), ("B", "chinh_quyen", "Khối chính quyền")]


def test_data_validations_by_type(template):
    wb = openpyxl.load_workbook(io.BytesIO(template))
    rules = {str(v.sqref).split(":")[0]: v for v in wb["Thông tin chung"].data_validations.dataValidation}
    assert (rules["C4"].type, rules["C4"].formula1, rules["C4"].formula2) == ("whole", "0", "1000000000000000")
    assert (rules["D4"].type, rules["D4"].formula1) == ("decimal", "0")
    assert rules["F4"].type == "date"
    assert (rules["G4"].type, rules["G4"].formula1) == ("list", '"Có,Không"')
    assert rules["H4"].type == "list" and rules["H4"].formula1 == "'_danh_muc'!$A$1:$A$3"
    assert [c.value for c in wb["_danh_muc"]["A"]] == ["Tốt", "Khá", "Yếu"]
    assert "Số vụ việc" in rules["C4"].error


def test_number_and_date_formats(template):
    ws = openpyxl.load_workbook(io.BytesIO(template))["Thông tin chung"]
    styles = {c: ws.cell(4, c).number_format for c in (3, 4, 6)}
    assert styles == {3: "#,##0", 4: "#,##0.##", 6: "dd/mm/yyyy"}


def test_headers_locked_data_cells_unlocked_sheet_and_structure_protected(template):
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Thông tin chung"]
    assert ws.protection.sheet is True and ws.protection.password is None
    assert ws["C2"].protection.locked is True and ws["A4"].protection.locked is True
    assert ws["C4"].protection.locked is False
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        assert b'<workbookProtection lockStructure="1"/>' in z.read("xl/workbook.xml")
    free = wb["2. Danh sách vụ việc"]
    assert free.protection.insertRows is False  # openpyxl: False means inserting rows is allowed


def test_no_template_for_a_user_who_drafts_no_unit(client, round_, version, make_user, tree):
    client.force_login(make_user("xem", unit=tree.P, role="viewer"))
    assert client.get(f"/excel/mau/{round_.pk}/{version.pk}/").status_code == 403


def test_index_lists_the_template(client, round_, version, drafter_a):
    client.force_login(drafter_a)
    page = client.get("/excel/").content.decode()
    assert "Tải mẫu PL-THU" in page and f"/excel/mau/{round_.pk}/{version.pk}/" in page


def test_template_written_in_constant_memory_for_many_units(round_, version):
    units = [(f"X{i:05d}", f"Xã số {i}") for i in range(3000)]
    content = xlsx_bytes(files.template_xlsx(round=round_, version=version, units=units))
    ws = openpyxl.load_workbook(io.BytesIO(content), read_only=True)[L.FIELDS_SHEET]
    assert ws.max_row == 3 + 3000
