"""An import job (lượt nhập tệp Excel): the uploaded file, its dry run and its commit, with progress.

Lives in the indicators app (``app_label``); indicators/models.py re-exports it so that Django
loads it at start-up.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ kiểm tra"
    CHECKING = "checking", "Đang kiểm tra"
    CHECKED = "checked", "Đã kiểm tra, chờ xác nhận"
    INVALID = "invalid", "Có lỗi, không thể ghi"
    COMMITTING = "committing", "Đang ghi"
    DONE = "done", "Đã ghi"
    FAILED = "failed", "Thất bại"


class ImportJob(models.Model):
    """One uploaded file: checked (dry run), then committed on the user's confirmation.

    ``counts`` holds {new, updated, unchanged, errors} by submission; ``errors`` every problem as
    {sheet, row, column, unit, message}; ``revisions`` the submissions' revisions seen by the dry
    run, so that a commit refuses data changed since the preview (the web form's optimistic lock).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    filename = models.CharField(max_length=255, verbose_name="tên tệp")
    file_size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    submit = models.BooleanField(default=False, verbose_name="nộp luôn sau khi ghi")
    background = models.BooleanField(default=False)
    round = models.ForeignKey("rounds.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey("formbuilder.FormVersion", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    total = models.PositiveIntegerField(default=0, verbose_name="số đơn vị cần xử lý")
    processed = models.PositiveIntegerField(default=0, verbose_name="số đơn vị đã xử lý")
    rows = models.PositiveIntegerField(default=0, verbose_name="số dòng dữ liệu")
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    revisions = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        app_label = "indicators"
        ordering = ["-created_at"]
        verbose_name = "lượt nhập Excel"
        verbose_name_plural = "lượt nhập Excel"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.COMMITTING)


from . import tasks  # noqa: E402,F401  (registers the import tasks wherever the model is loaded)
