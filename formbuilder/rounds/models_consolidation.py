"""The consolidated report (báo cáo tổng hợp) a unit builds from the contributions of a round."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentStyle(models.TextChoices):
    PARTY = "party", "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)"
    STATE = "state", "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)"


class ConsolidatedReport(models.Model):
    """One unit's merged, edited text of an outline in a round, exported as .docx.

    ``data`` is ``{"parts": [{"key", "number", "title", "text"}, …], "meta": {…}}``: the parts in the
    outline's order with the text the consolidator edited, and the header block of the document
    (issuing body, number, place, date, signer). ``revision`` detects concurrent edits.
    """

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="consolidated_reports")
    version = models.ForeignKey("formbuilder.FormVersion", on_delete=models.PROTECT, related_name="+",
                                verbose_name="đề cương")
    unit = models.ForeignKey("hierarchy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name="đơn vị tổng hợp")
    style = models.CharField(max_length=10, choices=DocumentStyle.choices, default=DocumentStyle.PARTY,
                             verbose_name="thể thức")
    data = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "báo cáo tổng hợp"
        verbose_name_plural = "báo cáo tổng hợp"
        constraints = [models.UniqueConstraint(fields=["round", "version", "unit"],
                                               name="consolidatedreport_unique")]

    def __str__(self) -> str:
        return f"Tổng hợp {self.round} — {self.unit}"
