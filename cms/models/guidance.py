"""Guidance pages (trang hướng dẫn): how to do a piece of work, step by step, with answers."""
from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField

from .base import SitePage
from .blocks import RICH_FEATURES, FAQBlock, StepBlock


class GuidancePage(SitePage):
    """A guidance page: body, numbered steps, frequently asked questions and attachments."""

    summary = models.TextField(blank=True, verbose_name="tóm tắt", help_text="Một hai câu hiện trong danh sách.")
    body = RichTextField(blank=True, features=RICH_FEATURES + ["h2", "h3"], verbose_name="nội dung")
    steps = StreamField([("step", StepBlock())], blank=True, verbose_name="các bước thực hiện")
    faqs = StreamField([("faq", FAQBlock())], blank=True, verbose_name="câu hỏi thường gặp")

    content_panels = SitePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("steps"),
        FieldPanel("faqs"),
        InlinePanel("attachments", label="Tệp đính kèm", heading="Tệp đính kèm"),
    ]
    template = "cms/guidance_page.html"

    class Meta:
        verbose_name = "trang hướng dẫn"
        verbose_name_plural = "trang hướng dẫn"

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.summary, *self.stream_text("body"),
                *self.stream_text("steps"), *self.stream_text("faqs")]
