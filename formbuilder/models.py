"""Form definitions (đề cương, phụ lục, bộ chỉ tiêu) and their immutable published versions."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from .blocks import form_body_block
from .engine.tree import CODE_MAX_LENGTH, CODE_PATTERN


class FormKind(models.TextChoices):
    OUTLINE = "outline", "Đề cương báo cáo"
    APPENDIX = "appendix", "Phụ lục thống kê"
    KPI_SET = "kpi_set", "Bộ chỉ tiêu"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã ban hành"
    SUPERSEDED = "superseded", "Đã thay thế"


# The one rule for codes lives in the engine (formbuilder.engine.tree); services store codes upper-cased.
CODE_VALIDATOR = RegexValidator(
    CODE_PATTERN,
    "Mã biểu mẫu chỉ gồm chữ in hoa không dấu, số, dấu chấm, gạch ngang (vd: DC-TKT-DOT2-2026, PL-II-1).",
)


class FormDefinition(models.Model):
    """A form definition (định nghĩa biểu mẫu): what stays the same across its versions."""

    code = models.CharField(max_length=CODE_MAX_LENGTH, unique=True, validators=[CODE_VALIDATOR],
                            verbose_name="mã biểu mẫu")
    kind = models.CharField(max_length=20, choices=FormKind.choices, verbose_name="loại")
    title = models.CharField(max_length=500, verbose_name="tên biểu mẫu")
    description = models.TextField(blank=True, verbose_name="mô tả")
    owner_unit = models.ForeignKey("hierarchy.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="form_definitions", verbose_name="đơn vị chủ trì")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "biểu mẫu"
        verbose_name_plural = "biểu mẫu"

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def published_version(self) -> "FormVersion | None":
        return self.versions.filter(status=VersionStatus.PUBLISHED).first()

    def latest_version(self) -> "FormVersion | None":
        return self.versions.order_by("-number").first()


class FormVersion(PreviewableMixin, models.Model):
    """One version of a definition. Published versions are immutable; submissions point at them.

    ``body`` is the designer's StreamField; saving it through the admin rewrites ``document``
    (formbuilder.designer_services), which stays the source of truth.
    """

    definition = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="versions",
                                   verbose_name="biểu mẫu")
    number = models.PositiveIntegerField(verbose_name="phiên bản số")
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT,
                              verbose_name="trạng thái")
    document = models.JSONField(verbose_name="định nghĩa (baocao.form/1)")
    schema = models.JSONField(null=True, blank=True, editable=False, verbose_name="JSON Schema (đầy đủ)")
    draft_schema = models.JSONField(null=True, blank=True, editable=False, verbose_name="JSON Schema (bản nháp)")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="tạo từ phiên bản")
    body = StreamField(form_body_block(), blank=True, use_json_field=True, verbose_name="nội dung biểu mẫu")
    note = models.TextField(blank=True, verbose_name="ghi chú thay đổi")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(null=True, blank=True, verbose_name="ngày ban hành")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    IMMUTABLE_FIELDS = ("document", "body", "schema", "draft_schema", "number", "definition_id")

    class Meta:
        ordering = ["definition__code", "-number"]
        verbose_name = "phiên bản biểu mẫu"
        verbose_name_plural = "phiên bản biểu mẫu"
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="formversion_unique_number"),
            models.UniqueConstraint(fields=["definition"], condition=Q(status="published"),
                                    name="formversion_one_published"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.code} v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def save(self, *args, **kwargs):
        """Refuse any change to the content of a version that has been published."""
        if self.pk:
            stored = FormVersion.objects.filter(pk=self.pk).values("status", *[
                f for f in self.IMMUTABLE_FIELDS]).first()
            if stored and stored["status"] != VersionStatus.DRAFT:
                changed = [f for f in self.IMMUTABLE_FIELDS
                           if self._comparable(f, stored[f]) != self._comparable(f, getattr(self, f))]
                if changed:
                    raise ValidationError(
                        f"Phiên bản {self.number} của “{self.definition.code}” đã ban hành, không thể sửa; "
                        "hãy tạo phiên bản mới từ phiên bản này.")
        super().save(*args, **kwargs)

    def _comparable(self, name: str, value):
        # A StreamField value is compared as the JSON it is stored as.
        if name == "body":
            return self._meta.get_field("body").get_prep_value(value)
        return value

    # Preview (xem trước) in the admin: the form as units will see it, from the unsaved body.
    def get_preview_template(self, request, mode_name):
        return "formbuilder/admin/version_preview.html"

    def get_preview_context(self, request, mode_name):
        from .admin_preview import preview_context

        return {**super().get_preview_context(request, mode_name), **preview_context(version=self)}
