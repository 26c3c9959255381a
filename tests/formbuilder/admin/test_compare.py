"""“So sánh phiên bản”: a readable diff between any two versions (engine.diff_definitions)."""
import copy

from formbuilder.services import form_version_new_from, form_version_save_draft

from .conftest import SMALL_ITEMS


def compare_url(definition, old=None, new=None) -> str:
    query = f"?old={old}&new={new}" if old else ""
    return f"/quan-tri/bieu-mau/{definition.pk}/so-sanh/{query}"


def test_diff_lists_added_removed_moved_and_changed(admin_client, published):
    items = copy.deepcopy(SMALL_ITEMS)
    section = items[0]
    section["children"][0]["label"] = "Tổng số văn bản"
    moved = section["children"].pop(1)
    removed = section["children"].pop()  # the computed ratio
    assert removed["key"] == "ty_le"
    items.append({"type": "section", "key": "phan_ii", "number": "II.", "title": "Chuyển đổi số",
                  "children": [moved, {"type": "date", "key": "ngay_bao_cao", "label": "Ngày báo cáo"}]})
    v2 = form_version_save_draft(version=form_version_new_from(version=published), items=items)

    html = admin_client.get(compare_url(published.definition)).content.decode()  # defaults: v1 → v2
    assert "Thay đổi từ phiên bản 1 (đã ban hành) đến phiên bản 2 (bản nháp)" in html
    assert "Thêm mới (2)" in html and "Thêm mục “Chuyển đổi số” (phan_ii)" in html
    assert "Thêm trường “Ngày báo cáo” (ngay_bao_cao) vào mục II" in html
    assert "Bỏ đi (1)" in html and "Bỏ trường “Tỷ lệ điện tử” (ty_le) khỏi mục I" in html
    assert "Chuyển vị trí (1)" in html and "Chuyển trường “Số văn bản điện tử” (so_dien_tu) từ mục I sang mục II" in html
    assert "Thay đổi (1)" in html and "Đổi nhãn (so_van_ban): “Số văn bản” → “Tổng số văn bản”" in html

    reverse = admin_client.get(compare_url(published.definition, old=v2.number, new=1)).content.decode()
    assert "Bỏ mục “Chuyển đổi số” (phan_ii)" in reverse


def test_compare_needs_two_versions(admin_client, published):
    html = admin_client.get(compare_url(published.definition)).content.decode()
    assert "mới có một phiên bản" in html


def test_identical_versions(admin_client, published):
    form_version_new_from(version=published)
    html = admin_client.get(compare_url(published.definition, old=1, new=2)).content.decode()
    assert "Hai phiên bản giống nhau." in html
