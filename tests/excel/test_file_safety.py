"""Unsafe or oversized files are refused before any row is read: zip bombs, corrupt files, limits."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hierarchy.importing import ImportFileError
from indicators.excel import files, services

from .conftest import fill, xlsx_bytes

pytestmark = pytest.mark.django_db


def refused(content, user, filename="t.xlsx") -> str:
    with pytest.raises(ImportFileError) as caught:
        services.import_plan(content=content, filename=filename, user=user)
    return str(caught.value)


def test_zip_bomb_is_refused(drafter_ab, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))  # expands 30 MB from ~30 kB
    assert len(out.getvalue()) < settings.IMPORT_MAX_FILE_BYTES
    assert refused(out.getvalue(), drafter_ab) == ("Tệp Excel giải nén ra quá lớn; có thể là tệp độc hại, "
                                                   "đã từ chối.")


def test_truncated_xlsx_is_refused(round_, version, drafter_ab):
    content = xlsx_bytes(files.template_xlsx(round=round_, version=version, units=[("A", "Xã Vĩnh Am")]))
    assert refused(content[: len(content) // 2], drafter_ab) == "Tệp Excel bị hỏng, không đọc được."


def test_random_bytes_named_xlsx_are_refused(drafter_ab):
    assert refused(b"not a spreadsheet at all", drafter_ab) == "Tệp không phải Excel .xlsx hợp lệ."


def test_binary_csv_and_wrong_encoding_are_refused(drafter_ab):
    assert refused(b"\x00\x01\x02binary", drafter_ab, "x.csv") == ("Tệp không phải CSV dạng văn bản "
                                                                  "(có ký tự nhị phân).")
    assert refused("Mã;Tên\nA;Xã Á".encode("cp1252"), drafter_ab, "x.csv").startswith(
        "Tệp CSV phải dùng bảng mã UTF-8")


def test_file_size_limit_is_a_setting(client, drafter_ab, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    client.force_login(drafter_ab)
    response = client.post("/excel/nhap/", {"file": SimpleUploadedFile("t.xlsx", b"PK\x03\x04" + b"x" * 2000)})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()


def test_row_limit_is_a_setting(round_, version, drafter_ab, settings):
    units = [(f"X{i}", f"Xã {i}") for i in range(30)]
    content = xlsx_bytes(files.template_xlsx(round=round_, version=version, units=units))
    settings.IMPORT_MAX_ROWS = 50
    assert refused(content, drafter_ab) == "Tệp có hơn 50 dòng dữ liệu, vượt giới hạn cho phép."


def test_the_page_shows_a_refusal_and_keeps_nothing_half_done(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    template = b"".join(client.get(f"/excel/mau/{round_.pk}/{version.pk}/").streaming_content)
    content = fill(template, {"Thông tin chung": [(4, "so_vu", 1)]})
    response = client.post("/excel/nhap/", {"file": SimpleUploadedFile("t.xlsx", content[:-200])})
    page = client.get(response["Location"]).content.decode()
    assert "Tệp Excel bị hỏng, không đọc được." in page and "Xác nhận ghi số liệu" not in page


def under_declared(content: bytes, member: str, declared: int) -> bytes:
    """Return the zip ``content`` with ``member``'s uncompressed size forged to ``declared`` bytes
    in both its local header and the central directory (a zip bomb hiding its size)."""
    import struct

    data = bytearray(content)
    name = member.encode()
    local = data.index(b"PK\x03\x04")
    while data[local + 30:local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, declared)
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_zip_bomb_declaring_small_sizes_is_refused(drafter_ab, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    forged = under_declared(out.getvalue(), "xl/worksheets/sheet1.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(forged)) as z:  # the archive itself claims a tiny expansion
        assert sum(i.file_size for i in z.infolist()) < 2000
    assert refused(forged, drafter_ab) == "Tệp Excel giải nén ra quá lớn; có thể là tệp độc hại, đã từ chối."


def test_real_workbook_with_a_lying_size_is_refused(round_, version, drafter_ab):
    content = xlsx_bytes(files.template_xlsx(round=round_, version=version, units=[("A", "Xã Vĩnh Am")]))
    forged = under_declared(content, "xl/worksheets/sheet2.xml", 10)
    assert refused(forged, drafter_ab) == ("Tệp Excel khai báo sai kích thước nội dung nén; có thể là tệp độc hại, "
                                           "đã từ chối.")
    assert services.import_plan(content=content, filename="t.xlsx", user=drafter_ab).ok  # the unforged file reads
