"""The preview panel: the form built from the body being edited, before it is saved."""
import copy

from formbuilder.models import FormVersion

from .conftest import SMALL_ITEMS, design_post


def preview_url(version) -> str:
    return f"/quan-tri/bieu-mau/phien-ban/preview/{version.pk}/"


def test_preview_shows_the_unsaved_body(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["children"].append({"type": "date", "key": "ngay_bao_cao", "label": "Ngày báo cáo chưa lưu"})
    response = admin_client.post(preview_url(draft), design_post(items))
    assert response.json() == {"is_valid": True, "is_available": True}
    html = admin_client.get(preview_url(draft)).content.decode()
    assert "Đề cương thử" in html and ">I.</span> Kết quả" in html
    assert "Số văn bản" in html and "Ngày báo cáo chưa lưu" in html
    assert FormVersion.objects.get(pk=draft.pk).document["items"] == SMALL_ITEMS  # nothing saved


def test_preview_lists_the_problems_of_a_form_that_does_not_compile(admin_client, draft):
    items = copy.deepcopy(SMALL_ITEMS)
    items[0]["children"][2]["formula"] = "so_dien_tu / tong_so * 100"
    admin_client.post(preview_url(draft), design_post(items))
    html = admin_client.get(preview_url(draft)).content.decode()
    assert "Biểu mẫu còn 1 lỗi cần sửa" in html
    assert "Giá trị tính toán “Tỷ lệ điện tử”" in html and "tong_so" in html
