"""“Ban hành” from the designer: every problem listed in Vietnamese, nothing half-saved."""
import copy

from formbuilder.models import FormVersion, VersionStatus

from .conftest import SMALL_ITEMS, design_post, edit_url


def publish(client, version, items, **kwargs):
    return client.post(edit_url(version), {**design_post(items, **kwargs), "action-publish": "action-publish"})


def test_publish_saves_then_publishes_and_opens_the_definition(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["title"] = "Kết quả thực hiện"
    response = publish(admin_client, draft, items, note="Ban hành lần đầu")
    assert response.status_code == 302 and response["Location"] == f"/quan-tri/bieu-mau/edit/{draft.definition_id}/"
    version = FormVersion.objects.get(pk=draft.pk)
    assert version.status == VersionStatus.PUBLISHED and version.schema is not None
    assert version.document["items"][0]["title"] == "Kết quả thực hiện" and version.note == "Ban hành lần đầu"
    html = admin_client.get(response["Location"]).content.decode()
    assert "Đã ban hành “DC-THU” phiên bản 1." in html


def test_publish_lists_every_problem_and_saves_nothing(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["title"] = "Đổi tên nhưng chưa ban hành được"
    items[0]["children"][2]["formula"] = "so_dien_tu / tong_so * 100"  # unknown field
    items[0]["children"].append({"type": "table", "key": "danh_muc", "label": "Danh mục", "rows": "free",
                                 "totals": ["ten"], "columns": [{"key": "ten", "label": "Tên", "type": "text"}]})
    response = publish(admin_client, draft, items)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa ban hành được" in html and "Biểu mẫu còn 2 lỗi cần sửa" in html
    assert "Giá trị tính toán “Tỷ lệ điện tử”" in html and "tong_so" in html
    assert "Bảng “Danh mục”" in html
    version = FormVersion.objects.get(pk=draft.pk)
    assert version.status == VersionStatus.DRAFT and version.document["items"] == SMALL_ITEMS  # not even saved
    assert len(version.body) == 0


def test_an_empty_form_cannot_be_published(admin_client, db):
    from formbuilder.services import form_definition_create

    version = form_definition_create(code="TRONG", kind="outline", title="Trống").versions.get()
    response = publish(admin_client, version, [])
    html = response.content.decode()
    assert "Chưa ban hành được" in html and "Biểu mẫu: Biểu mẫu chưa có" in html
    assert FormVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT
