"""Creating a definition: code, kind, title, owner unit code → an empty draft v1 opens in the designer."""
from formbuilder.models import FormDefinition

from .conftest import edit_url


def test_create_makes_the_definition_and_opens_its_first_draft(admin_client, tree):
    response = admin_client.post("/quan-tri/bieu-mau/new/", {
        "code": "pl-ii-9", "kind": "appendix", "title": "Kết quả tiếp công dân", "description": "",
        "owner_unit_code": "P"})
    definition = FormDefinition.objects.get(code="PL-II-9")
    draft = definition.versions.get()
    assert response.status_code == 302 and response["Location"] == edit_url(draft)
    assert (definition.kind, definition.owner_unit.code, draft.status) == ("appendix", "P", "draft")
    html = admin_client.get(edit_url(draft)).content.decode()
    assert "Đã tạo biểu mẫu “PL-II-9”" in html and "Thiết kế biểu mẫu" in html


def test_create_form_shows_vietnamese_errors(admin_client, tree):
    admin_client.post("/quan-tri/bieu-mau/new/", {"code": "DC-1", "kind": "outline", "title": "Một"})
    response = admin_client.post("/quan-tri/bieu-mau/new/", {"code": "dc-1", "kind": "outline", "title": "Hai",
                                                             "owner_unit_code": "KHONG-CO"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị có mã “KHONG-CO”" in html
    response = admin_client.post("/quan-tri/bieu-mau/new/", {"code": "dc-1", "kind": "outline", "title": "Hai"})
    assert "Mã biểu mẫu “DC-1” đã tồn tại." in response.content.decode()
    response = admin_client.post("/quan-tri/bieu-mau/new/", {"code": "có dấu", "kind": "outline", "title": "Ba"})
    assert "Mã biểu mẫu chỉ gồm chữ in hoa không dấu" in response.content.decode()
    assert FormDefinition.objects.count() == 1
