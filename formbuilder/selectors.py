"""Reads of form definitions: compiled forms and validators, built once per version and cached."""
from __future__ import annotations

import threading
from collections import OrderedDict

from .engine.compiler import compile_definition
from .engine.model import CompiledForm
from .engine.tree import normalize_code
from .engine.validation import FormValidator
from .limits import definition_limits
from .models import FormDefinition, FormVersion, VersionStatus

_CACHE_SIZE = 256
_lock = threading.Lock()
_compiled: "OrderedDict[tuple, tuple[CompiledForm, FormValidator]]" = OrderedDict()


def _cache_key(version: FormVersion) -> tuple:
    # The publication time is part of the key: ids can be reused (a rolled-back test, a restored
    # database), a published version's content never changes.
    return (version.pk, version.definition_id, version.number, version.published_at)


def _entry(version: FormVersion) -> tuple[CompiledForm, FormValidator]:
    # Only published versions are immutable, so only they are cached by id.
    if version.status == VersionStatus.DRAFT:
        compiled = compile_definition(version.document, limits=definition_limits())
        return compiled, FormValidator(compiled)
    key = _cache_key(version)
    with _lock:
        hit = _compiled.get(key)
        if hit is not None:
            _compiled.move_to_end(key)
            return hit
    compiled = compile_definition(version.document, limits=definition_limits())
    entry = (compiled, FormValidator(compiled))
    with _lock:
        _compiled[key] = entry
        while len(_compiled) > _CACHE_SIZE:
            _compiled.popitem(last=False)
    return entry


def compiled_form(*, version: FormVersion) -> CompiledForm:
    """Return the CompiledForm of ``version`` (cached for published versions)."""
    return _entry(version)[0]


def form_validator(*, version: FormVersion) -> FormValidator:
    """Return the validator of ``version``, built once per published version and reused."""
    return _entry(version)[1]


def definition_by_code(*, code: str) -> FormDefinition | None:
    """Return the definition whose code is ``code`` in any case (“pl-ii-1” finds PL-II-1), or None."""
    return FormDefinition.objects.filter(code__iexact=normalize_code(code or "")).first()


def published_version(*, code: str) -> FormVersion | None:
    """Return the published version of the definition ``code`` (in any case), or None."""
    return (FormVersion.objects.select_related("definition")
            .filter(definition__code__iexact=normalize_code(code or ""), status=VersionStatus.PUBLISHED).first())


def definitions_list():
    """Return definitions with their latest version number, for listings."""
    return FormDefinition.objects.select_related("owner_unit").prefetch_related("versions")
