"""“Xuất JSON” downloads a version; “Nhập JSON” uploads one: checked first, every problem listed,
nothing written on error."""
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from baocao_site.audit.models import AuditEntry
from formbuilder.demo import DEFINITIONS_DIR
from formbuilder.models import FormDefinition, FormVersion, VersionStatus

from .conftest import SMALL_ITEMS, edit_url

IMPORT_URL = "/quan-tri/bieu-mau/nhap-json/"


def upload(client, content: bytes, name="bieu-mau.json", **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content, "application/json"), **fields})


def test_export_downloads_the_document_of_a_version(admin_client, published):
    response = admin_client.get(f"/quan-tri/bieu-mau/phien-ban/{published.pk}/xuat-json/")
    assert response["Content-Disposition"] == 'attachment; filename="DC-THU-v1.json"'
    document = json.loads(response.content.decode("utf-8"))
    assert document["items"] == SMALL_ITEMS and document["x-version"]["status"] == "published"
    assert "Đề cương thử" in response.content.decode("utf-8")  # written as UTF-8, not \\u escapes


def test_an_exported_file_imports_back_as_a_new_draft(admin_client, published):
    exported = admin_client.get(f"/quan-tri/bieu-mau/phien-ban/{published.pk}/xuat-json/").content
    response = upload(admin_client, exported)
    v2 = FormVersion.objects.get(definition=published.definition, number=2)
    assert response.status_code == 302 and response["Location"] == edit_url(v2)
    assert v2.status == VersionStatus.DRAFT and v2.document["items"] == SMALL_ITEMS
    assert "x-version" not in v2.document


def test_a_seed_definition_imports_and_publishes_and_opens_in_the_designer(admin_client, tree):
    content = (DEFINITIONS_DIR / "PL-II-8-1.json").read_bytes()
    response = upload(admin_client, content, owner_unit_code="P", publish="on")
    version = FormVersion.objects.get(definition__code="PL-II-8-1")
    assert response["Location"] == edit_url(version)
    assert version.status == VersionStatus.PUBLISHED and version.definition.owner_unit.code == "P"
    assert "Đã nhập “PL-II-8-1” thành phiên bản 1 (đã ban hành)." in admin_client.get(edit_url(version)).content.decode()


def test_bad_files_are_refused_with_every_problem_and_nothing_written(admin_client, db):
    audits = AuditEntry.objects.count()
    html = upload(admin_client, b"\xff\xfe not utf-8").content.decode()
    assert "Tệp không phải văn bản UTF-8" in html
    html = upload(admin_client, b'{"format": "baocao.form/1",').content.decode()
    assert "Tệp không phải JSON hợp lệ: lỗi ở dòng 1" in html
    html = upload(admin_client, b"[1, 2]").content.decode()
    assert "phải chứa một định nghĩa biểu mẫu" in html

    broken = {"format": "baocao.form/1", "code": "PL-LOI", "kind": "appendix", "title": "Lỗi", "items": [
        {"type": "number", "key": "So_Sai", "label": "Số"},
        {"type": "table", "key": "bang", "label": "Bảng", "columns": [], "rows": "free"},
        {"type": "choice", "key": "chon", "label": "Chọn", "options": []},
        {"type": "ngay", "key": "ngay", "label": "Ngày"},
    ]}
    response = upload(admin_client, json.dumps(broken).encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trường “Số” › khóa: Khóa “So_Sai” không hợp lệ" in html
    assert "Bảng “Bảng”" in html and "chưa có cột nào" in html
    assert "Trường “Chọn”" in html and "chưa có phương án nào" in html
    assert "Loại nút không hợp lệ: “ngay”" in html
    assert FormDefinition.objects.count() == 0 and AuditEntry.objects.count() == audits


def test_a_definition_that_does_not_compile_is_not_published_nor_imported(admin_client, db):
    document = {"format": "baocao.form/1", "code": "KPI-X", "kind": "kpi_set", "title": "Chỉ tiêu", "items": [
        {"type": "computed", "key": "ty_le", "label": "Tỷ lệ", "formula": "a / b"}]}
    html = upload(admin_client, json.dumps(document).encode(), publish="on").content.decode()
    assert "Giá trị tính toán “Tỷ lệ” › công thức" in html or "Giá trị tính toán “Tỷ lệ”" in html
    assert FormDefinition.objects.count() == 0


def test_a_too_large_file_is_refused(admin_client, db, settings):
    settings.IMPORT_MAX_FILE_BYTES = 10
    html = upload(admin_client, json.dumps({"format": "baocao.form/1"}).encode()).content.decode()
    assert "Tệp quá lớn" in html


def test_importing_into_an_open_draft_replaces_what_the_designer_shows(admin_client, draft):
    from .conftest import design_post

    admin_client.post(edit_url(draft), design_post(SMALL_ITEMS))  # the draft now has a saved body
    assert len(FormVersion.objects.get(pk=draft.pk).body) == 1
    document = {"format": "baocao.form/1", "code": "DC-THU", "kind": "outline", "title": "Đề cương thử",
                "items": [{"type": "date", "key": "ngay_nhap", "label": "Ngày nhập từ tệp"}]}
    response = upload(admin_client, json.dumps(document).encode())
    assert response["Location"] == edit_url(draft)
    html = admin_client.get(edit_url(draft)).content.decode()
    assert "ngay_nhap" in html and "so_dien_tu / so_van_ban * 100" not in html  # the editor's JSON state


def test_a_lowercase_code_imported_twice_adds_a_version(admin_client, db):
    document = {"format": "baocao.form/1", "code": "pl-thu", "kind": "appendix", "title": "Phụ lục thử",
                "items": [{"type": "date", "key": "ngay_nhap", "label": "Ngày nhập từ tệp"}]}
    upload(admin_client, json.dumps(document).encode(), publish="on")
    response = upload(admin_client, json.dumps(document).encode())
    v2 = FormVersion.objects.get(definition__code="PL-THU", number=2)
    assert response.status_code == 302 and response["Location"] == edit_url(v2)
    assert FormDefinition.objects.get().code == "PL-THU" and v2.document["code"] == "PL-THU"
