"""Reporting rounds (đợt báo cáo): what is asked of whom, by when, and what came back."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    OPEN = "open", "Đang nhận báo cáo"
    CLOSED = "closed", "Đã kết thúc"


class Round(models.Model):
    """A reporting round: form versions, a period and its rule, and the units it is assigned to."""

    code = models.SlugField(max_length=80, unique=True, verbose_name="mã đợt")
    title = models.CharField(max_length=500, verbose_name="tên đợt báo cáo")
    description = models.TextField(blank=True, verbose_name="mô tả")
    issuing_unit = models.ForeignKey("hierarchy.Unit", on_delete=models.PROTECT, related_name="issued_rounds",
                                     verbose_name="đơn vị giao")
    consolidating_unit = models.ForeignKey("hierarchy.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="consolidated_rounds", verbose_name="đơn vị tổng hợp")
    # The calendar rule (formbuilder.engine.calendar.ReportingRule.to_dict()) and the period it was opened for.
    rule = models.JSONField(verbose_name="lịch báo cáo")
    period = models.JSONField(null=True, blank=True, verbose_name="kỳ báo cáo")
    period_label = models.CharField(max_length=100, blank=True, verbose_name="kỳ")
    cutoff_from = models.DateField(null=True, blank=True, verbose_name="số liệu từ ngày")
    cutoff_to = models.DateField(null=True, blank=True, verbose_name="số liệu đến ngày")
    opened_at = models.DateTimeField(null=True, blank=True, verbose_name="mở lúc")
    due_at = models.DateTimeField(null=True, blank=True, verbose_name="hạn nộp")
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT,
                              verbose_name="trạng thái")
    is_ad_hoc = models.BooleanField(default=False, verbose_name="báo cáo đột xuất")
    recurring = models.BooleanField(default=False, verbose_name="tự tạo kỳ tiếp theo")
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next",
                                    verbose_name="kỳ trước")
    # An ad-hoc round (is_ad_hoc, no adhoc_round) offers its forms and time limit; each report a unit
    # opens under it (báo cáo đột xuất) is a round of its own, issued by that unit's upper level.
    adhoc_round = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="adhoc_reports", verbose_name="đợt báo cáo đột xuất")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        verbose_name = "đợt báo cáo"
        verbose_name_plural = "đợt báo cáo"

    def __str__(self) -> str:
        return f"{self.title}" + (f" — {self.period_label}" if self.period_label else "")

    @property
    def offers_adhoc_reports(self) -> bool:
        """Return True for an ad-hoc round under which units open their own reports."""
        return self.is_ad_hoc and self.adhoc_round_id is None


class RoundForm(models.Model):
    """A published form version used by a round, in order."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="forms")
    version = models.ForeignKey("formbuilder.FormVersion", on_delete=models.PROTECT, related_name="round_uses",
                                verbose_name="phiên bản biểu mẫu")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "version"], name="roundform_unique")]

    def __str__(self) -> str:
        return str(self.version)


class TargetKind(models.TextChoices):
    LEVEL = "level", "Theo cấp"
    KIND = "kind", "Theo loại đơn vị"
    GROUP = "group", "Theo nhóm"
    UNIT = "unit", "Đơn vị cụ thể"


class AssignmentTarget(models.Model):
    """Who a round is assigned to: a level, a kind, a group or a named unit (optionally within a subtree)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=10, choices=TargetKind.choices)
    level = models.ForeignKey("hierarchy.Level", null=True, blank=True, on_delete=models.PROTECT)
    unit_kind = models.ForeignKey("hierarchy.UnitKind", null=True, blank=True, on_delete=models.PROTECT)
    group = models.ForeignKey("hierarchy.UnitGroup", null=True, blank=True, on_delete=models.PROTECT)
    unit = models.ForeignKey("hierarchy.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    within = models.ForeignKey("hierarchy.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="Giới hạn trong cây của đơn vị này (mặc định: đơn vị giao).")

    def __str__(self) -> str:
        target = self.level or self.unit_kind or self.group or self.unit
        return f"{self.get_kind_display()}: {target}"


class Assignment(models.Model):
    """One unit's task in a round for one form (and, for a split outline, some of its sections)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("hierarchy.Unit", on_delete=models.PROTECT, related_name="assignments")
    version = models.ForeignKey("formbuilder.FormVersion", on_delete=models.PROTECT, related_name="+")
    # Empty: the whole form. Otherwise the keys of the sections this unit drafts, at any depth (seed 002,
    # part B.I), less ``excluded_keys``: sub-sections of those given to other units (formbuilder.rounds.sections).
    section_keys = models.JSONField(default=list, blank=True, verbose_name="các phần được giao")
    excluded_keys = models.JSONField(default=list, blank=True, verbose_name="các mục con giao cho đơn vị khác")
    due_at = models.DateTimeField(verbose_name="hạn nộp")
    lock_at = models.DateTimeField(null=True, blank=True, verbose_name="khóa nhập lúc")
    reopened_until = models.DateTimeField(null=True, blank=True, verbose_name="mở lại đến")

    class Meta:
        ordering = ["due_at", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "version"], name="assignment_unique")]
        indexes = [models.Index(fields=["unit", "due_at"])]

    def __str__(self) -> str:
        return f"{self.round} — {self.unit} — {self.version.definition.code}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Submission(models.Model):
    """What a unit reports for an assignment, against the exact form version it was made with."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="submission")
    version = models.ForeignKey("formbuilder.FormVersion", on_delete=models.PROTECT, related_name="submissions")
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    revision = models.PositiveIntegerField(default=0, help_text="Tăng mỗi lần lưu; dùng để phát hiện sửa đồng thời.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(null=True, blank=True, verbose_name="nộp muộn")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    return_comments = models.JSONField(default=dict, blank=True, verbose_name="ý kiến trả lại theo phần")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_status_display()})"


class SubmissionEvent(models.Model):
    """One step of a submission's workflow, or one saved change of its values (lịch sử)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(max_length=20)  # save, submit, return, approve, unapprove, reopen
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    revision = models.PositiveIntegerField(default=0)
    comment = models.TextField(blank=True)
    # [[dotted path, old, new], …] for a save; section comments for a return.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Notification(models.Model):
    """An in-app notification (thông báo); the same text may also go out by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=30, blank=True)
    # Deduplicates reminders: (kind, assignment, day) is sent once per user.
    key = models.CharField(max_length=120, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""),
                                               name="notification_unique_key")]


class SectionAssignment(models.Model):
    """Sections of one outline (at any depth, by key) given to one contributing unit (seed 002, part B.I)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="section_assignments")
    version = models.ForeignKey("formbuilder.FormVersion", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("hierarchy.Unit", on_delete=models.PROTECT, related_name="+")
    section_keys = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "version", "unit"], name="sectionassignment_unique")]


from .models_consolidation import ConsolidatedReport, DocumentStyle  # noqa: E402,F401  (issue 4: consolidation)
