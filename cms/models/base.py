"""The base of every guidance-site page: who may see it, its folded search text, attachments."""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django import forms
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from baocao_site.text import fold

from ..visibility import Visibility, page_visible_to


class SitePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == Visibility.UNITS and not (
            cleaned.get("visible_units") or cleaned.get("visible_groups")
        ):
            self.add_error("visible_units", "Chọn ít nhất một đơn vị hoặc một nhóm đơn vị được xem trang này.")
        return cleaned


class SitePage(Page):
    """A page of the guidance site (trang nội dung): public, for logged-in users, or for chosen units.

    Not created directly: the page types below inherit its audience and search text.
    """

    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC, verbose_name="phạm vi xem",
        help_text="Ai được xem trang này. Người biên tập và quản trị luôn xem được.",
    )
    visible_units = ParentalManyToManyField(
        "hierarchy.Unit", blank=True, related_name="+", verbose_name="đơn vị được xem",
        help_text="Người dùng thuộc các đơn vị này hoặc đơn vị trực thuộc của chúng được xem trang.",
    )
    visible_groups = ParentalManyToManyField(
        "hierarchy.UnitGroup", blank=True, related_name="+", verbose_name="nhóm đơn vị được xem",
        help_text="Người dùng thuộc một đơn vị trong các nhóm này được xem trang.",
    )

    menu_title = models.CharField(
        max_length=60, blank=True, verbose_name="tên trên trình đơn",
        help_text="Tên ngắn hiện trên trình đơn chính; để trống để dùng tiêu đề.",
    )

    search_fields = Page.search_fields + [
        # Vietnamese typed without diacritics: the query is folded the same way (see cms/selectors.py).
        index.SearchField("search_text"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("menu_title")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("visible_units", widget=forms.SelectMultiple(attrs={"size": 8})),
                FieldPanel("visible_groups", widget=forms.SelectMultiple(attrs={"size": 5})),
            ],
            heading="Ai được xem trang",
        )
    ]
    base_form_class = SitePageForm
    is_creatable = False

    class Meta:
        verbose_name = "trang nội dung"
        verbose_name_plural = "trang nội dung"

    @property
    def listing_label(self) -> str:
        """Return what kind of page this is, shown under search results."""
        return str(self._meta.verbose_name).capitalize()

    def searchable_parts(self) -> list[str]:
        """Return the page's own texts to index besides its title; page types extend it."""
        return [self.search_description]

    def search_text(self) -> str:
        """Return title and texts folded (lower case, no diacritics) for search."""
        return fold(" ".join([self.title, *self.searchable_parts()]))

    def stream_text(self, name: str) -> list[str]:
        """Return the searchable strings of the StreamField or RichTextField ``name``."""
        return list(self._meta.get_field(name).get_searchable_content(getattr(self, name)))

    def serve(self, request, *args, **kwargs):
        if not page_visible_to(self, request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied("Trang này chỉ dành cho đơn vị được chọn.")
        return super().serve(request, *args, **kwargs)


class Attachment(Orderable):
    """A document attached to a page (tệp đính kèm), served at /tai-lieu/ under the page's audience."""

    page = ParentalKey(SitePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="tài liệu")
    title = models.CharField(max_length=255, blank=True, verbose_name="tên hiển thị",
                             help_text="Để trống để dùng tên của tài liệu.")

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    @property
    def label(self) -> str:
        return self.title or self.document.title
