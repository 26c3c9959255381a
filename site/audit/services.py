"""Audit writes. Every service function records what it changed through here.

What is stored does not depend on the language the acting user chose: the object's text and the
changes are rendered in Vietnamese (``LANGUAGE_CODE``), so that history reads the same whoever wrote
it. Status and role names are translatable (``gettext_lazy``); a model's ``__str__`` that shows one
(``Membership``: role, ``Submission``: status) would otherwise store the English name when the
action was done in English.
"""
from __future__ import annotations

from typing import Any, Iterable

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from .models import AuditEntry


def _plain(value: Any) -> Any:
    """Return ``value`` with translatable strings and model instances made plain text (JSON-ready).

    Called inside ``translation.override(LANGUAGE_CODE)``: lazy strings become their Vietnamese text,
    and a model instance passed as a value becomes its ``str()`` in Vietnamese.
    """
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {_plain(k) if isinstance(k, Promise) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _entry(*, actor, action: str, obj, changes: dict[str, Any] | None) -> AuditEntry:
    """Build (not save) the entry for ``obj``; the caller holds the Vietnamese override."""
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=_plain(changes or {}),
    )


def audit_record(*, actor, action: str, obj, changes: dict[str, Any] | None = None) -> AuditEntry:
    """Record one action on ``obj`` and return the entry (its text in Vietnamese, whatever the user's language).

    Pass labels as they are (lazy strings, model instances) rather than ``str()`` of them: they are
    rendered here, in Vietnamese.
    """
    with translation.override(settings.LANGUAGE_CODE):
        entry = _entry(actor=actor, action=action, obj=obj, changes=changes)
    entry.save(force_insert=True)
    return entry


def audit_record_many(*, actor, action: str, objs: Iterable, changes_for=None) -> int:
    """Record the same action on many objects in one INSERT; return the count (texts in Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        entries = [_entry(actor=actor, action=action, obj=o, changes=changes_for(o) if changes_for else None)
                   for o in objs]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
