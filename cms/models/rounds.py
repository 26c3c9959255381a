"""Round pages (trang đợt báo cáo): what a reporting round asks and by when."""
from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField

from .base import SitePage
from .blocks import RICH_FEATURES, link_stream_blocks


class RoundPage(SitePage):
    """Describes a reporting round (đợt báo cáo) to the units that report in it.

    ``round_code`` names the round for the rounds feature, which shows its forms, deadlines and
    the user's links through the ``baocao_round_details`` hook, and progress through
    ``baocao_round_progress`` (cms/providers.py); without a provider only the page's own text shows.
    """

    round_code = models.CharField(max_length=60, blank=True, verbose_name="mã đợt báo cáo",
                                  help_text=("Mã của đợt trong phần quản lý đợt báo cáo (nếu có). Với đợt định kỳ, "
                                             "nhập phần chung của mã các kỳ (vd: cds-2026-cap-xa) để trang "
                                             "luôn hiện kỳ mới nhất."))
    intro = RichTextField(blank=True, features=RICH_FEATURES + ["h2", "h3"], verbose_name="giới thiệu")
    deadline = models.DateField(null=True, blank=True, verbose_name="hạn nộp")
    deadline_text = models.CharField(max_length=255, blank=True, verbose_name="hạn nộp (ghi chú)",
                                     help_text='Ví dụ: "chậm nhất ngày 09/4/2026 (thứ Sáu)".')
    links = StreamField(link_stream_blocks(), blank=True, verbose_name="liên kết, tài liệu")

    content_panels = SitePage.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_text")]),
        FieldPanel("links"),
        FieldPanel("round_code"),
    ]
    template = "cms/round_page.html"

    class Meta:
        verbose_name = "trang đợt báo cáo"
        verbose_name_plural = "trang đợt báo cáo"

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.deadline_text, *self.stream_text("intro")]

    def get_context(self, request, *args, **kwargs):
        from ..providers import round_details, round_progress

        context = super().get_context(request, *args, **kwargs)
        context["round"] = round_details(self, request) if self.round_code else None
        context["round_progress"] = round_progress(self, request) if self.round_code else None
        return context
