"""The designer screen: a draft opens with its document as blocks; saving writes the document."""
import copy

from baocao_site.audit.models import AuditEntry
from formbuilder.models import FormVersion

from .conftest import SMALL_ITEMS, design_post, edit_url, stream_post_data


def test_a_draft_without_body_opens_with_its_document_as_blocks(admin_client, draft):
    assert len(draft.body) == 0
    response = admin_client.get(edit_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thiết kế biểu mẫu" in html and "Lưu bản nháp" in html and "Ban hành" in html
    assert "so_dien_tu / so_van_ban * 100" in html  # the computed block's formula, in the editor's state
    assert 'data-w-preview-url-value="/quan-tri/bieu-mau/phien-ban/preview/' in html
    assert len(FormVersion.objects.get(pk=draft.pk).body) == 0  # opening writes nothing


def test_saving_converts_the_blocks_into_the_document(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["children"][0]["label"] = "Tổng số văn bản"
    response = admin_client.post(edit_url(draft), design_post(items, note="Đổi nhãn"))
    assert response.status_code == 302 and response["Location"] == edit_url(draft)
    version = FormVersion.objects.get(pk=draft.pk)
    assert version.document["items"] == items
    assert version.document["code"] == "DC-THU" and version.note == "Đổi nhãn"
    assert version.body.raw_data[0]["value"]["children"][0]["value"]["label"] == "Tổng số văn bản"
    assert AuditEntry.objects.filter(action="form_version.save_draft").count() == 2


def test_blank_keys_are_suggested_from_labels_and_then_kept(admin_client, draft):
    items = [{"type": "section", "key": "", "number": "II.", "title": "Tổ chức bộ máy", "children": [
        {"type": "number", "key": "", "label": "Số cán bộ, công chức", "integer": True, "unit": "người"},
        {"type": "number", "key": "", "label": "Số cán bộ, công chức", "integer": True, "unit": "người"},
        {"type": "table", "key": "", "label": "Biên chế", "rows": "free", "totals": ["so_nguoi"],
         "columns": [{"key": "", "label": "Đơn vị", "type": "text"},
                     {"key": "so_nguoi", "label": "Số người", "type": "integer"}]},
    ]}]
    admin_client.post(edit_url(draft), design_post(items))
    section = FormVersion.objects.get(pk=draft.pk).document["items"][0]
    assert section["key"] == "to_chuc_bo_may"
    assert [c["key"] for c in section["children"]] == ["so_can_bo_cong_chuc", "so_can_bo_cong_chuc_2", "bien_che"]
    assert [c["key"] for c in section["children"][2]["columns"]] == ["don_vi", "so_nguoi"]

    # Relabelling keeps the key now written in the body.
    stream = FormVersion.objects.get(pk=draft.pk).body.raw_data
    stream = [dict(child) for child in stream]
    stream[0]["value"]["children"][0]["value"]["label"] = "Số công chức"
    admin_client.post(edit_url(draft), stream_post_data(stream))
    first = FormVersion.objects.get(pk=draft.pk).document["items"][0]["children"][0]
    assert (first["key"], first["label"]) == ("so_can_bo_cong_chuc", "Số công chức")


def test_structural_problems_are_listed_in_vietnamese_and_nothing_is_saved(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["children"][1]["key"] = "so_van_ban"  # duplicate key
    response = admin_client.post(edit_url(draft), design_post(items))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu được" in html
    assert "Mục “I. Kết quả” › Trường “Số văn bản điện tử”" in html and "bị trùng" in html
    assert FormVersion.objects.get(pk=draft.pk).document["items"] == SMALL_ITEMS


def test_a_block_left_without_its_label_is_shown_in_the_editor(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["children"][0]["label"] = ""
    response = admin_client.post(edit_url(draft), design_post(items))
    assert response.status_code == 200
    assert FormVersion.objects.get(pk=draft.pk).document["items"] == SMALL_ITEMS
