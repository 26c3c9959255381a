"""Wagtail hooks of the guidance site: attachments follow their page's audience."""
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .visibility import document_visible_to


@hooks.register("before_serve_document")
def refuse_documents_of_hidden_pages(document, request):
    if document_visible_to(document, request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied("Tài liệu này thuộc trang chỉ dành cho đơn vị được chọn.")
