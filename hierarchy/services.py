"""Writes to the organisation tree. Each function is atomic, checks its input and is audited."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from baocao_site.audit.services import audit_record, diff_fields

from .models import Level, Membership, Unit, UnitGroup, UnitKind

NAME_MAX = Unit._meta.get_field("name").max_length
CODE_MAX = Unit._meta.get_field("code").max_length


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": "Mã đơn vị không được để trống."})
    if len(code) > CODE_MAX:
        raise ValidationError({"code": f"Mã đơn vị dài quá {CODE_MAX} ký tự."})
    return code


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Tên đơn vị không được để trống."})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"Tên đơn vị dài quá {NAME_MAX} ký tự ({len(name)} ký tự)."})
    return name


def _snapshot(unit: Unit) -> dict:
    return {
        "code": unit.code, "name": unit.name, "kind": unit.kind_id, "level": unit.level_id,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "parent_path": unit.path[: -Unit.steplen] if unit.depth > 1 else None,
    }


@transaction.atomic
def unit_create(*, code: str, name: str, kind: UnitKind, level: Level, parent: Unit | None = None,
                valid_from: dt.date | None = None, acting_user=None) -> Unit:
    """Create a unit under ``parent`` (a root when None) and return it."""
    code, name = _clean_code(code), _clean_name(name)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã đơn vị “{code}” đã tồn tại."})
    fields = dict(code=code, name=name, kind=kind, level=level, valid_from=valid_from)
    if parent is None:
        unit = Unit.add_root(**fields)
    else:
        parent = Unit.objects.get(pk=parent.pk)  # fresh numchild/path
        unit = parent.add_child(**fields)
    audit_record(actor=acting_user, action="unit.create", obj=unit, changes=_snapshot(unit))
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, acting_user=None, **fields) -> Unit:
    """Change a unit's code, name, kind, level or dates; return the unit."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _snapshot(unit)
    if "code" in fields:
        code = _clean_code(fields.pop("code"))
        if code != unit.code and Unit.objects.filter(code=code).exists():
            raise ValidationError({"code": f"Mã đơn vị “{code}” đã tồn tại."})
        unit.code = code
    if "name" in fields:
        unit.name = _clean_name(fields.pop("name"))
    for key in ("kind", "level", "valid_from", "valid_to"):
        if key in fields:
            setattr(unit, key, fields.pop(key))
    if fields:
        raise TypeError(f"unknown fields: {sorted(fields)}")
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
    unit.save()
    audit_record(actor=acting_user, action="unit.update", obj=unit, changes=diff_fields(before, _snapshot(unit)))
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, acting_user=None) -> Unit:
    """Move ``unit`` with its subtree under ``new_parent``; return the moved unit."""
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": f"Không thể chuyển “{unit.name}” vào chính nó hoặc vào đơn vị cấp dưới của nó "
                       f"(“{new_parent.name}”)."}
        )
    before = _snapshot(unit)
    unit.move(new_parent, pos="last-child")
    unit = Unit.objects.get(pk=unit.pk)
    audit_record(actor=acting_user, action="unit.move", obj=unit,
                 changes={"parent": [before["parent_path"], new_parent.path], "new_parent_code": new_parent.code})
    return unit


@transaction.atomic
def unit_retire(*, unit: Unit, on: dt.date, acting_user=None) -> Unit:
    """Mark ``unit`` as no longer in force after ``on``; its history stays."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.valid_to and unit.valid_to <= on:
        raise ValidationError({"valid_to": f"Đơn vị “{unit.name}” đã hết hiệu lực từ {unit.valid_to:%d/%m/%Y}."})
    if unit.valid_from and on < unit.valid_from:
        raise ValidationError({"valid_to": "Ngày giải thể phải sau ngày bắt đầu hiệu lực."})
    old = unit.valid_to
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])
    audit_record(actor=acting_user, action="unit.retire", obj=unit,
                 changes={"valid_to": [old.isoformat() if old else None, on.isoformat()]})
    return unit


@transaction.atomic
def unit_merge(*, source: Unit, target: Unit, on: dt.date, acting_user=None) -> Unit:
    """Merge ``source`` into ``target`` (sáp nhập) and return the target.

    Members and the source's active children move to the target; the source is retired on ``on``
    with ``merged_into`` set, so its past data keeps its place and new work goes to the target.
    """
    source = Unit.objects.select_for_update().get(pk=source.pk)
    target = Unit.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError({"target": "Không thể sáp nhập một đơn vị vào chính nó."})
    if target.path.startswith(source.path):
        raise ValidationError({"target": f"Không thể sáp nhập “{source.name}” vào đơn vị cấp dưới của nó."})
    if source.merged_into_id:
        raise ValidationError({"source": f"Đơn vị “{source.name}” đã được sáp nhập trước đó."})
    if not target.is_active(on):
        raise ValidationError({"target": f"Đơn vị nhận sáp nhập “{target.name}” không còn hiệu lực ngày {on:%d/%m/%Y}."})

    moved_members = 0
    for m in list(Membership.objects.filter(unit=source)):
        _, created = Membership.objects.get_or_create(user_id=m.user_id, unit=target, role=m.role)
        moved_members += int(created)
        m.delete()
    moved_children = []
    for child in list(source.get_children().active(on)):
        child.move(Unit.objects.get(pk=target.pk), pos="last-child")
        moved_children.append(child.code)
    source = Unit.objects.get(pk=source.pk)
    source.valid_to = on
    source.merged_into = target
    source.save(update_fields=["valid_to", "merged_into"])
    changes = {"merged_into": target.code, "valid_to": on.isoformat(), "members_moved": moved_members,
               "children_moved": moved_children}
    audit_record(actor=acting_user, action="unit.merge", obj=source, changes=changes)
    audit_record(actor=acting_user, action="unit.merge_received", obj=target, changes={"source": source.code})
    return Unit.objects.get(pk=target.pk)


@transaction.atomic
def membership_add(*, user, unit: Unit, role: str, acting_user=None) -> Membership:
    """Give ``user`` the ``role`` in ``unit`` (idempotent) and return the membership."""
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        audit_record(actor=acting_user, action="membership.add", obj=membership,
                     changes={"user": user.username, "unit": unit.code, "role": role})
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, acting_user=None) -> None:
    """Remove a membership."""
    audit_record(actor=acting_user, action="membership.remove", obj=membership,
                 changes={"user": membership.user.username, "unit": membership.unit.code, "role": membership.role})
    membership.delete()


@transaction.atomic
def group_set_units(*, group: UnitGroup, units, acting_user=None) -> UnitGroup:
    """Replace the units of ``group``; return the group."""
    before = sorted(group.units.values_list("code", flat=True))
    group.units.set(units)
    after = sorted(group.units.values_list("code", flat=True))
    audit_record(actor=acting_user, action="group.set_units", obj=group, changes={"units": [before, after]})
    return group
