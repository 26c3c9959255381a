"""The Wagtail admin forms of each page type open for an editor, labelled in Vietnamese."""
import pytest

from cms.demo import load_cms_demo
from cms.models import NoticeIndexPage, PlanDocumentPage


@pytest.mark.parametrize("model, labels", [
    ("guidancepage", ["Tóm tắt", "Các bước thực hiện", "Câu hỏi thường gặp", "Tệp đính kèm"]),
    ("plandocumentpage", ["Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành",
                          "Căn cứ ban hành", "Nội dung (các phần, mục)", "Tình trạng"]),
    ("roundpage", ["Hạn nộp", "Liên kết, tài liệu", "Mã đợt báo cáo"]),
    ("noticeindexpage", ["Giới thiệu"]),
])
def test_add_form_opens_with_vietnamese_labels(client, home, editor, model, labels):
    client.force_login(editor)
    response = client.get(f"/quan-tri/pages/add/cms/{model}/{home.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in labels + ["Phạm vi xem", "Đơn vị được xem", "Nhóm đơn vị được xem", "Tên trên trình đơn"]:
        assert label in html, label


def test_notice_is_added_under_a_notice_index(client, home, publish, editor):
    index = publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao"))
    client.force_login(editor)
    assert client.get(f"/quan-tri/pages/add/cms/noticepage/{index.pk}/").status_code == 200


def test_edit_form_of_a_demo_document_opens(client, editor, db):
    load_cms_demo()
    client.force_login(editor)
    page = PlanDocumentPage.objects.get(slug="de-an-giam-sat-thuong-xuyen-2025-2030")
    response = client.get(f"/quan-tri/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{page.document_number}"' in html
    assert "Ph\\u1ea7n th\\u1ee9 nh\\u1ea5t" in html  # the parts, in the StreamField's JSON
