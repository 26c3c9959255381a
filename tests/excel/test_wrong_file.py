"""Files that are not this round's current template are recognised and explained, never half-read."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.services import form_version_new_from, form_version_publish, form_version_save_draft
from hierarchy.importing import ImportFileError
from indicators.excel import services

from .conftest import APPENDIX_ITEMS, open_round_for, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    return b"".join(client.get(f"/excel/mau/{round_.pk}/{version.pk}/").streaming_content)


def refused(content, user, filename="t.xlsx") -> str:
    with pytest.raises(ImportFileError) as caught:
        services.import_plan(content=content, filename=filename, user=user)
    return str(caught.value)


def test_an_ordinary_workbook_is_not_a_template(drafter_ab):
    wb = openpyxl.Workbook()
    wb.active.append(["Mã đơn vị", "Số vụ việc"])
    wb.active.append(["A", 3])
    out = io.BytesIO()
    wb.save(out)
    assert refused(out.getvalue(), drafter_ab).startswith("Tệp không phải mẫu nhập liệu của hệ thống")


def set_meta(content, **changes) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for row in wb["_baocao"].iter_rows():
        if row[0].value in changes:
            row[1].value = changes[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_of_an_older_version(template, round_, version, drafter_ab, tree):
    new = form_version_new_from(version=version)
    form_version_save_draft(version=new, items=APPENDIX_ITEMS)
    newer = form_version_publish(version=new)
    later_round = open_round_for(tree, [newer], code="dot-moi")
    message = refused(set_meta(template, round=str(later_round.pk)), drafter_ab)
    assert message == ("Tệp được lập theo phiên bản 1 của biểu mẫu “PL-THU”, nhưng đợt “Thống kê quý I” dùng "
                       "phiên bản 2 (mới hơn). Vui lòng tải mẫu mới của đợt và chép số liệu sang.")


def test_template_of_another_form(template, round_, drafter_ab):
    publish(code="PL-KHAC")
    assert refused(set_meta(template, definition="PL-KHAC"), drafter_ab) == (
        "Đợt “Thống kê quý I” không dùng biểu mẫu “PL-KHAC”: sai mẫu.")
    assert refused(set_meta(template, definition="KHONG-CO"), drafter_ab) == (
        "Tệp được lập cho biểu mẫu “KHONG-CO”, không có trong hệ thống: sai mẫu.")


def test_template_of_a_deleted_round(template, drafter_ab):
    assert refused(set_meta(template, round="999999"), drafter_ab).startswith("Tệp không ghi đợt báo cáo")


def test_a_column_key_unknown_to_the_version(template, drafter_ab):
    wb = openpyxl.load_workbook(io.BytesIO(template))
    wb["Thông tin chung"]["C3"] = "truong_cu"
    out = io.BytesIO()
    wb.save(out)
    result = services.import_plan(content=out.getvalue(), filename="t.xlsx", user=drafter_ab)
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (3, "C", "Cột mã “truong_cu” không có trong phiên bản biểu mẫu này.")]


def test_the_page_explains_a_wrong_file(client, template, drafter_ab):
    response = client.post("/excel/nhap/", {"file": SimpleUploadedFile("t.xlsx", set_meta(template, round="0"))})
    page = client.get(response["Location"]).content.decode()
    assert "Thất bại" in page and "Tệp không ghi đợt báo cáo" in page


def test_a_csv_without_the_system_columns(drafter_ab):
    content = "\ufeffMã đơn vị;Số vụ\r\nA;3\r\n".encode()
    assert refused(content, drafter_ab, "x.csv").startswith("Tệp CSV không đúng mẫu của hệ thống")


def test_other_file_types_are_refused_by_the_form(client, drafter_ab):
    client.force_login(drafter_ab)
    response = client.post("/excel/nhap/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)." in response.content.decode()


def test_an_xlsx_missing_its_workbook_part(drafter_ab):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "x")
    assert refused(out.getvalue(), drafter_ab) == "Tệp không phải Excel .xlsx hợp lệ (thiếu workbook)."
