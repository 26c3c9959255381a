from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One recorded write: who did what to which object, with old → new values."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField(max_length=64, db_index=True, verbose_name="thao tác")
    object_type = models.CharField(max_length=64, verbose_name="loại đối tượng")
    object_id = models.CharField(max_length=64, verbose_name="mã đối tượng")
    object_repr = models.CharField(max_length=255, blank=True, verbose_name="đối tượng")
    changes = models.JSONField(default=dict, blank=True, verbose_name="thay đổi")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký thao tác"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing across all web workers (stored in the database)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "đăng nhập thất bại"
        verbose_name_plural = "đăng nhập thất bại"
