"""Bulk import and export of memberships (username, unit code, role), CSV or XLSX."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from baocao_site.audit.models import AuditEntry
from baocao_site.audit.services import audit_record

from .import_plan import RowError
from .importing import read_table
from .models import Membership, Role, Unit

HEADERS = {"username": "username", "tên đăng nhập": "username", "unit_code": "unit_code", "mã đơn vị": "unit_code",
           "role": "role", "vai trò": "role", "full_name": "full_name", "họ và tên": "full_name",
           "email": "email"}
# Role names are translatable: the file's names are the Vietnamese ones, whichever language is active
# when this module is first imported.
with translation.override("vi"):
    ROLE_ALIASES = {**{r.value: r.value for r in Role}, **{str(r.label).lower(): r.value for r in Role}}
LABELS = {"username": "Tên đăng nhập", "unit_code": "Mã đơn vị", "role": "Vai trò", "email": "Email"}


class _Err(RowError):
    def __str__(self) -> str:
        label = LABELS.get(self.column, "")
        return f"Dòng {self.row}" + (f", cột “{label}”" if label else "") + f": {self.message}"


@dataclass
class MembershipPlan:
    new: list[tuple[str, str, str]] = field(default_factory=list)   # (username, unit code, role)
    new_users: list[tuple[str, str, str]] = field(default_factory=list)  # (username, full name, email)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "new_users": len(self.new_users), "unchanged": self.unchanged,
                "errors": len(self.errors)}


def membership_import(*, content: bytes, filename: str, dry_run: bool, acting_user=None,
                      allowed_units=None) -> tuple[MembershipPlan, bool]:
    """Check and (unless ``dry_run`` or any error) apply a memberships file atomically.

    Users that do not exist yet are created without a usable password (they set one through
    the administrator). ``allowed_units`` (a queryset) limits the units a unit administrator
    may grant roles in. Return (plan, applied).
    """
    headers, rows = read_table(content=content, filename=filename)
    mapped = [HEADERS.get(str(h or "").strip().lower()) for h in headers]
    plan = MembershipPlan()
    for col in ("username", "unit_code", "role"):
        if col not in mapped:
            plan.errors.append(_Err(1, col, f"thiếu cột “{LABELS[col]}” ({col}) trong dòng tiêu đề"))
    if plan.errors:
        return plan, False
    records = [{k: str(row[i]).strip() if i < len(row) and row[i] is not None else ""
                for i, k in enumerate(mapped) if k} for row in rows]
    codes = {r["unit_code"] for r in records}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    allowed = set(allowed_units.filter(code__in=codes).values_list("code", flat=True)) if allowed_units is not None else None
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in={r["username"] for r in records})}
    existing = set(Membership.objects.filter(user__username__in=list(users), unit__code__in=codes)
                   .values_list("user__username", "unit__code", "role"))
    seen: set[tuple[str, str, str]] = set()
    planned_users: set[str] = set()
    for index, r in enumerate(records, start=2):
        if not any(r.values()):
            continue
        errors = []
        if not r["username"]:
            errors.append(_Err(index, "username", "tên đăng nhập không được để trống"))
        elif len(r["username"]) > 150:
            errors.append(_Err(index, "username", "tên đăng nhập dài quá 150 ký tự"))
        if r["unit_code"] not in units:
            errors.append(_Err(index, "unit_code", f"không tìm thấy đơn vị có mã “{r['unit_code']}”"))
        elif allowed is not None and r["unit_code"] not in allowed:
            errors.append(_Err(index, "unit_code", f"đơn vị “{r['unit_code']}” nằm ngoài phạm vi bạn quản trị"))
        role = ROLE_ALIASES.get(r["role"].lower())
        if role is None:
            errors.append(_Err(index, "role", f"vai trò “{r['role']}” không hợp lệ (drafter, reviewer, viewer, unit_admin)"))
        if errors:
            plan.errors.extend(errors)
            continue
        key = (r["username"], r["unit_code"], role)
        if key in seen:
            plan.errors.append(_Err(index, "", "dòng trùng với một dòng phía trên"))
            continue
        seen.add(key)
        if r["username"] not in users and r["username"] not in planned_users:
            planned_users.add(r["username"])
            plan.new_users.append((r["username"], r.get("full_name", ""), r.get("email", "")))
        if key in existing:
            plan.unchanged += 1
        else:
            plan.new.append(key)
    if dry_run or not plan.ok:
        return plan, False
    _apply(plan, units=units, acting_user=acting_user)
    return plan, True


@transaction.atomic
def _apply(plan: MembershipPlan, *, units: dict[str, Unit], acting_user) -> None:
    User = get_user_model()
    created = []
    for username, full_name, email in plan.new_users:
        last, _, first = full_name.rpartition(" ")
        user = User(username=username, first_name=first or full_name, last_name=last, email=email)
        user.set_unusable_password()
        created.append(user)
    User.objects.bulk_create(created)
    user_ids = dict(User.objects.filter(username__in={u for u, _, _ in plan.new}).values_list("username", "id"))
    memberships = [Membership(user_id=user_ids[u], unit=units[c], role=r) for u, c, r in plan.new]
    Membership.objects.bulk_create(memberships)
    actor = acting_user if getattr(acting_user, "pk", None) else None
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=actor, action="membership.import_add", object_type="hierarchy.membership",
                   object_id=f"{u}@{c}", object_repr=f"{u} — {r} — {c}", changes={"user": u, "unit": c, "role": r})
        for u, c, r in plan.new])
    if plan.new:
        audit_record(actor=acting_user, action="membership.import", obj=units[plan.new[0][1]], changes=plan.counts())


def memberships_export_rows(queryset):
    """Yield [username, full name, email, unit code, role] rows, re-importable as they are."""
    for username, first, last, email, code, role in queryset.order_by("unit__path", "user__username").values_list(
            "user__username", "user__first_name", "user__last_name", "user__email", "unit__code", "role"):
        yield [username, f"{last} {first}".strip(), email, code, role]


EXPORT_HEADERS = ["username", "full_name", "email", "unit_code", "role"]
