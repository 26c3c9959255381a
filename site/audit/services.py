"""Audit writes. Every service function records what it changed through here."""
from __future__ import annotations

from typing import Any, Iterable

from .models import AuditEntry


def audit_record(*, actor, action: str, obj, changes: dict[str, Any] | None = None) -> AuditEntry:
    """Record one action on ``obj`` and return the entry."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes or {},
    )


def audit_record_many(*, actor, action: str, objs: Iterable, changes_for=None) -> int:
    """Record the same action on many objects in one INSERT; return the count."""
    entries = [
        AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=o._meta.label_lower,
            object_id=str(o.pk),
            object_repr=str(o)[:255],
            changes=(changes_for(o) if changes_for else {}),
        )
        for o in objs
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
