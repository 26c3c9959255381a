"""A published version opens read-only; posting to it is refused; the model refuses a changed body."""
import pytest
from django.core.exceptions import ValidationError

from formbuilder.designer import items_to_stream
from formbuilder.models import FormVersion

from .conftest import SMALL_ITEMS, design_post, edit_url


def test_published_version_opens_read_only_with_the_rendered_form(admin_client, published):
    html = admin_client.get(edit_url(published)).content.decode()
    assert "Xem phiên bản" in html and "chỉ xem, không sửa được" in html
    assert "Lưu bản nháp" not in html and 'name="action-publish"' not in html and "w-editor-form" not in html
    assert "Tạo phiên bản mới từ bản này" in html
    assert "Số văn bản điện tử" in html and "so_dien_tu / so_van_ban * 100" in html  # form + structure


def test_posting_to_a_published_version_is_refused(admin_client, published):
    response = admin_client.post(edit_url(published), design_post([]), follow=True)
    assert "Phiên bản đã ban hành, không thể sửa; hãy tạo phiên bản mới." in response.content.decode()
    version = FormVersion.objects.get(pk=published.pk)
    assert version.document["items"] == SMALL_ITEMS and len(version.body) == 0


def test_the_model_refuses_a_changed_body_once_published(published):
    version = FormVersion.objects.get(pk=published.pk)
    version.body = items_to_stream(SMALL_ITEMS[:0] + [{"type": "date", "key": "ngay", "label": "Ngày"}])
    with pytest.raises(ValidationError, match="đã ban hành, không thể sửa"):
        version.save()
    version = FormVersion.objects.get(pk=published.pk)
    version.note = "Ghi chú được phép sửa"
    version.save()  # an unchanged body is no change
