"""Notices (thông báo): an index page listing its notices, newest first."""
from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import SitePage
from .blocks import RICH_FEATURES

NOTICES_PER_PAGE = 10


class NoticeIndexPage(SitePage):
    """The list of notices (danh sách thông báo)."""

    intro = RichTextField(blank=True, features=RICH_FEATURES, verbose_name="giới thiệu")

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.NoticePage"]
    template = "cms/notice_index_page.html"

    class Meta:
        verbose_name = "danh sách thông báo"
        verbose_name_plural = "danh sách thông báo"

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), *self.stream_text("intro")]

    def get_context(self, request, *args, **kwargs):
        from ..selectors import notices_in

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(notices_in(index=self, user=request.user), NOTICES_PER_PAGE)
        context["notices"] = paginator.get_page(request.GET.get("trang"))
        return context


class NoticePage(SitePage):
    """A notice (thông báo) with its date."""

    date = models.DateField(default=dt.date.today, verbose_name="ngày thông báo")
    body = RichTextField(blank=True, features=RICH_FEATURES + ["h2", "h3"], verbose_name="nội dung")

    content_panels = SitePage.content_panels + [FieldPanel("date"), FieldPanel("body")]
    parent_page_types = ["cms.NoticeIndexPage"]
    subpage_types: list[str] = []
    template = "cms/notice_page.html"

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), *self.stream_text("body")]
