"""Plan documents (Kế hoạch, Đề án, Hướng dẫn) published with their number, bases and structure."""
from __future__ import annotations

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField

from .base import SitePage
from .blocks import RICH_FEATURES, PartBlock


class PlanKind(models.TextChoices):
    PLAN = "ke_hoach", "Kế hoạch"
    SCHEME = "de_an", "Đề án"
    GUIDE = "huong_dan", "Hướng dẫn"


class PlanStatus(models.TextChoices):
    DRAFT = "du_thao", "Dự thảo"
    ISSUED = "ban_hanh", "Ban hành"
    EXPIRED = "het_hieu_luc", "Hết hiệu lực"


class PlanDocumentPage(SitePage):
    """An issued document (văn bản): kind, number such as "Số 24-BC/TU", date, body and legal bases."""

    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.PLAN,
                            verbose_name="loại văn bản")
    document_number = models.CharField(max_length=100, blank=True, verbose_name="số, ký hiệu",
                                       help_text='Ví dụ: "Số 01/KH-HĐND", "Số 24-BC/TU".')
    issued_on = models.DateField(null=True, blank=True, verbose_name="ngày ban hành")
    issuing_body = models.CharField(max_length=255, blank=True, verbose_name="cơ quan ban hành")
    summary = models.TextField(blank=True, verbose_name="trích yếu",
                               help_text='Ví dụ: "thực hiện Chương trình kiểm tra, giám sát … năm 2026 (đợt 2)".')
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ISSUED,
                              verbose_name="tình trạng")
    signed_by = models.CharField(max_length=255, blank=True, verbose_name="người ký",
                                 help_text='Ví dụ: "T/M Ban Thường vụ, Phó Bí thư Lâm Minh Thành".')
    legal_bases = StreamField([("basis", blocks.TextBlock(label="Căn cứ"))], blank=True,
                              verbose_name="căn cứ ban hành")
    preamble = RichTextField(blank=True, features=RICH_FEATURES, verbose_name="phần mở đầu",
                             help_text='Đoạn trước phần thứ nhất, ví dụ "Thực hiện …, Ban Thường vụ … như sau:".')
    body = StreamField([("part", PartBlock())], blank=True, verbose_name="nội dung (các phần, mục)")

    content_panels = SitePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issued_on")]),
                FieldPanel("issuing_body"),
                FieldPanel("summary"),
                FieldPanel("signed_by"),
            ],
            heading="Thông tin văn bản",
        ),
        FieldPanel("legal_bases"),
        FieldPanel("preamble"),
        FieldPanel("body"),
        InlinePanel("attachments", label="Tệp đính kèm", heading="Tệp đính kèm"),
    ]
    template = "cms/plan_document_page.html"

    class Meta:
        verbose_name = "văn bản kế hoạch, đề án, hướng dẫn"
        verbose_name_plural = "văn bản kế hoạch, đề án, hướng dẫn"

    @property
    def listing_label(self) -> str:
        facts = [self.get_kind_display(), self.document_number, self.issuing_body]
        if self.issued_on:
            facts.append(self.issued_on.strftime("%d/%m/%Y"))
        return " · ".join(fact for fact in facts if fact)

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.get_kind_display(), self.document_number, self.issuing_body,
                self.summary, self.signed_by, *self.stream_text("legal_bases"), *self.stream_text("preamble"),
                *self.stream_text("body")]
