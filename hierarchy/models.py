"""The organisation tree (cây tổ chức): levels, kinds, units, groups and memberships."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from baocao_site.text import fold


class Level(models.Model):
    """A named level of the hierarchy (cấp): Trung ương, Tỉnh, Xã, Cơ sở …"""

    code = models.SlugField(max_length=32, unique=True, verbose_name="mã cấp")
    name = models.CharField(max_length=100, verbose_name="tên cấp")
    rank = models.PositiveSmallIntegerField(unique=True, verbose_name="thứ bậc",
                                            help_text="0 là cấp cao nhất (Trung ương).")

    class Meta:
        ordering = ["rank"]
        verbose_name = "cấp"
        verbose_name_plural = "các cấp"

    def __str__(self) -> str:
        return self.name


class UnitKind(models.Model):
    """A kind of unit (loại đơn vị): tỉnh ủy, đảng ủy xã, ủy ban kiểm tra, HĐND …"""

    code = models.SlugField(max_length=40, unique=True, verbose_name="mã loại")
    name = models.CharField(max_length=150, verbose_name="tên loại")

    class Meta:
        ordering = ["name"]
        verbose_name = "loại đơn vị"
        verbose_name_plural = "loại đơn vị"

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(MP_NodeQuerySet):
    def active(self, on: dt.date | None = None):
        """Return the units in force on ``on`` (today by default)."""
        on = on or dt.date.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def search(self, text: str):
        """Return units whose name or code contains ``text``, diacritics ignored."""
        folded = fold(text)
        return self.filter(search_name__contains=folded) if folded else self


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def active(self, on: dt.date | None = None):
        return self.get_queryset().active(on)

    def search(self, text: str):
        return self.get_queryset().search(text)


class Unit(MP_Node):
    """An organisation unit (đơn vị) in a materialised-path tree.

    Retired or merged units stay in the tree with ``valid_to`` set, so that
    their past submissions and history keep their place.
    """

    code = models.CharField(max_length=40, unique=True, verbose_name="mã đơn vị")
    name = models.CharField(max_length=255, verbose_name="tên đơn vị")
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name="loại")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="units", verbose_name="cấp")
    valid_from = models.DateField(null=True, blank=True, verbose_name="hiệu lực từ")
    valid_to = models.DateField(null=True, blank=True, verbose_name="hiệu lực đến")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        verbose_name="sáp nhập vào",
    )
    search_name = models.CharField(max_length=300, editable=False, db_index=True, default="")

    objects = UnitManager()

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        indexes = [
            # LIKE 'prefix%' on PostgreSQL with a non-C collation needs pattern ops.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            # A unit's children (depth + 1 under its path): without it, the children of a province or of
            # the root scan its whole subtree (48 ms on the 200k-unit tree, at every approval's roll-up).
            models.Index(fields=["depth", "path"], name="unit_depth_path_idx",
                         opclasses=["int4_ops", "varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)

    @property
    def status_label(self) -> str:
        if self.merged_into_id:
            return gettext("Đã sáp nhập")
        if self.valid_to and self.valid_to < dt.date.today():
            return gettext("Đã giải thể")
        return gettext("Đang hoạt động")

    def successor(self) -> "Unit":
        """Return the unit that carries this one's work today (follows merges)."""
        unit, seen = self, set()
        while unit.merged_into_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.merged_into
        return unit


class UnitGroup(models.Model):
    """A named group of units, e.g. "22 đơn vị được chọn tự kiểm tra đợt 2"."""

    code = models.SlugField(max_length=60, unique=True, verbose_name="mã nhóm")
    name = models.CharField(max_length=255, verbose_name="tên nhóm")
    description = models.TextField(blank=True, verbose_name="mô tả")
    units = models.ManyToManyField(Unit, related_name="groups", blank=True, verbose_name="các đơn vị")

    class Meta:
        ordering = ["name"]
        verbose_name = "nhóm đơn vị"
        verbose_name_plural = "nhóm đơn vị"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DRAFTER = "drafter", _("Người soạn báo cáo")
    REVIEWER = "reviewer", _("Người duyệt")
    VIEWER = "viewer", _("Người xem")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


class Membership(models.Model):
    """A user's role in a unit (thành viên). A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="người dùng")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name="đơn vị")
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name="vai trò")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")]
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
