import io

import pytest

from baocao_site.audit.models import AuditEntry
from hierarchy.importing import ImportFileError, unit_import, units_export_rows
from hierarchy.models import Unit

HEADER = "code,name,kind,level,parent_code,valid_from\n"


def csv_bytes(*lines):
    return (HEADER + "\n".join(lines) + "\n").encode()


def xlsx_bytes(rows):
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, values in enumerate(rows):
        ws.write_row(r, 0, values)
    wb.close()
    return buf.getvalue()


def test_dry_run_writes_nothing_then_commit_creates_a_valid_tree(tree):
    content = csv_bytes("N1,Xã Tân Hiệp,xa,xa,P,01/07/2025", "N2,Chi bộ ấp 1,Chi bộ,Cơ sở,N1,",
                        "N3,Xã An Châu,xa,xa,P,2025-07-01")
    before = Unit.objects.count()
    result = unit_import(content=content, filename="dv.csv", dry_run=True)
    assert result.plan.counts()["new"] == 3 and not result.applied
    assert Unit.objects.count() == before
    result = unit_import(content=content, filename="dv.csv", dry_run=False)
    assert result.applied
    n2 = Unit.objects.get(code="N2")
    assert [u.code for u in n2.get_ancestors()] == ["TW", "P", "N1"]
    assert Unit.objects.get(code="P").numchild == 4
    assert Unit.objects.search("tan hiep").get().code == "N1"
    # treebeard agrees with the bulk path: adding a child after the import works.
    Unit.objects.get(code="P").add_child(code="N4", name="Xã Thạnh Lộc", kind=tree.kinds["xa"], level=tree.levels["xa"])
    assert Unit.find_problems() == ([], [], [], [], [])
    assert AuditEntry.objects.filter(action="unit.import_create").count() == 3
    # Running the same file again changes nothing.
    again = unit_import(content=content, filename="dv.csv", dry_run=False)
    assert again.plan.counts() == {"new": 0, "updated": 0, "moved": 0, "unchanged": 3, "errors": 0}


def test_any_error_writes_nothing(tree):
    content = csv_bytes("N1,Xã Tân Hiệp,xa,xa,P,", "N2,Xã Lỗi,xa,xa,KHONG_CO,")
    result = unit_import(content=content, filename="dv.csv", dry_run=False)
    assert not result.applied
    assert [str(e) for e in result.plan.errors] == [
        "Dòng 3, cột “Mã đơn vị cấp trên”: không tìm thấy đơn vị cấp trên có mã “KHONG_CO”"]
    assert not Unit.objects.filter(code="N1").exists()


def test_xlsx_import_and_export_round_trip(tree):
    rows = [["Mã đơn vị", "Tên đơn vị", "Loại", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ"],
            ["N1", "Phường Rạch Giá", "xa", "xa", "P", "01/07/2025"]]
    result = unit_import(content=xlsx_bytes(rows), filename="dv.xlsx", dry_run=False)
    assert result.applied, result.plan.errors
    exported = list(units_export_rows(Unit.objects.filter(code__in=["N1", "A"])))
    assert exported == [["A", "Xã Vĩnh Am", "xa", "xa", "P", "01/07/2025", ""],
                        ["N1", "Phường Rạch Giá", "xa", "xa", "P", "01/07/2025", ""]]


def test_update_and_move_through_import(tree):
    content = csv_bytes("A,Xã Vĩnh Am (mới),xa,xa,Q,")
    result = unit_import(content=content, filename="dv.csv", dry_run=False)
    assert result.plan.counts()["updated"] == 1 and result.plan.counts()["moved"] == 1
    a = Unit.objects.get(code="A")
    assert a.name == "Xã Vĩnh Am (mới)" and a.get_parent().code == "Q"


@pytest.mark.parametrize("content,filename,message", [
    (b"%PDF-1.4 binary", "tep.pdf", "Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)."),
    (b"PK\x03\x04garbage", "tep.xlsx", "Tệp Excel bị hỏng, không đọc được."),
    ("code,name\nA,Xã\n".encode("utf-16"), "tep.csv", "Tệp không phải CSV dạng văn bản (có ký tự nhị phân)."),
    ("code;name\nA;Xã Cà Mau\n".encode("latin-1"), "tep.csv", "Tệp CSV phải dùng bảng mã UTF-8"),
])
def test_unreadable_files_are_refused_clearly(tree, content, filename, message):
    with pytest.raises(ImportFileError) as exc:
        unit_import(content=content, filename=filename, dry_run=True)
    assert message in str(exc.value)


def test_zip_bomb_is_refused(tree, settings):
    import zipfile

    settings.IMPORT_MAX_FILE_BYTES = 10_000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", "0" * 1_000_000)
    with pytest.raises(ImportFileError, match="giải nén ra quá lớn"):
        unit_import(content=buf.getvalue(), filename="bom.xlsx", dry_run=True)


def test_too_many_rows_is_refused(tree, settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportFileError, match="vượt giới hạn 2 dòng"):
        unit_import(content=csv_bytes("N1,a,xa,xa,P,", "N2,b,xa,xa,P,", "N3,c,xa,xa,P,"), filename="x.csv",
                    dry_run=True)


def test_zip_bomb_under_declaring_its_size_is_refused(tree, settings):
    import struct
    import zipfile

    settings.IMPORT_MAX_FILE_BYTES = 10_000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", "0" * 1_000_000)
    data = bytearray(buf.getvalue())
    local = data.index(b"PK\x03\x04xl/worksheets"[:4], data.index(b"xl/worksheets/sheet1.xml") - 30)
    struct.pack_into("<I", data, local + 22, 100)  # local header: uncompressed size
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)  # second entry: the sheet
    struct.pack_into("<I", data, central + 24, 100)  # central directory: uncompressed size
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 100
    with pytest.raises(ImportFileError, match="giải nén ra quá lớn"):
        unit_import(content=bytes(data), filename="bom.xlsx", dry_run=True)


def test_xlsx_rows_past_the_limit_are_refused(tree, settings):
    import xlsxwriter

    settings.IMPORT_MAX_ROWS = 2
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate([["code", "name", "kind", "level", "parent_code"], *[[f"N{i}", "a", "xa", "xa", "P"]
                                                                               for i in range(3)]]):
        ws.write_row(r, 0, row)
    wb.close()
    with pytest.raises(ImportFileError, match="Tệp có hơn 2 dòng, vượt giới hạn 2 dòng."):
        unit_import(content=buf.getvalue(), filename="x.xlsx", dry_run=True)
