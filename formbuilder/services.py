"""Writes to form definitions and versions. Atomic, checked and audited."""
from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from baocao_site.audit.services import audit_record

from .engine.compiler import compile_definition
from .engine.meta import definition_problems
from .engine.model import DefinitionError
from .engine.tree import normalize_code
from .limits import definition_limits
from .models import CODE_VALIDATOR, FormDefinition, FormKind, FormVersion, VersionStatus
from .selectors import definition_by_code

# Written by form_definition_export for readers of the file; never imported back, so a
# re-imported draft carries no stale version number or status.
EXPORT_NOTE = "x-version"

EMPTY_ITEMS: list = []


def _document_for(definition: FormDefinition, items: list, *, description: str | None = None) -> dict:
    return {"format": "baocao.form/1", "code": definition.code, "kind": definition.kind, "title": definition.title,
            "description": definition.description if description is None else description, "items": items}


def importable_document(document) -> dict:
    """Return a copy of an imported ``document`` as it will be stored: export note dropped, code upper-cased.

    Anything that is not a dict is returned unchanged, for meta-validation to report.
    """
    if not isinstance(document, dict):
        return document
    document = {k: v for k, v in document.items() if k != EXPORT_NOTE}
    if "code" in document:
        document["code"] = normalize_code(document["code"])
    return document


def _definition_error_to_validation(error: DefinitionError) -> ValidationError:
    return ValidationError([f"{p.path or 'định nghĩa'}: {p.message}" for p in error.problems])


@transaction.atomic
def form_definition_create(*, code: str, kind: str, title: str, owner_unit=None, description: str = "",
                           acting_user=None) -> FormDefinition:
    """Create a definition with an empty draft version 1; return the definition."""
    code = normalize_code(code or "")
    CODE_VALIDATOR(code)
    if kind not in FormKind.values:
        raise ValidationError({"kind": f"Loại biểu mẫu “{kind}” không hợp lệ."})
    if definition_by_code(code=code) is not None:
        raise ValidationError({"code": f"Mã biểu mẫu “{code}” đã tồn tại."})
    definition = FormDefinition.objects.create(code=code, kind=kind, title=title.strip(), description=description,
                                               owner_unit=owner_unit)
    FormVersion.objects.create(definition=definition, number=1, document=_document_for(definition, []),
                               created_by=acting_user if getattr(acting_user, "pk", None) else None)
    audit_record(actor=acting_user, action="form_definition.create", obj=definition,
                 changes={"code": code, "kind": kind, "title": title})
    return definition


@transaction.atomic
def form_version_save_draft(*, version: FormVersion, items: list | None = None, document: dict | None = None,
                            note: str | None = None, acting_user=None) -> FormVersion:
    """Replace the content of a draft version; return it. Published versions are refused.

    The document must be structurally valid (meta-validation); publishing checks it fully.
    """
    version = FormVersion.objects.select_for_update().select_related("definition").get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(f"Phiên bản {version.number} của “{version.definition.code}” đã ban hành, "
                              "không thể sửa; hãy tạo phiên bản mới.")
    if document is None:
        document = _document_for(version.definition, items if items is not None else version.document.get("items", []))
    else:
        document = importable_document(document)
    problems = definition_problems(document, limits=definition_limits())
    if problems:
        raise _definition_error_to_validation(DefinitionError(problems))
    old_items = version.document.get("items")
    version.document = document
    if note is not None:
        version.note = note
    version.save()
    audit_record(actor=acting_user, action="form_version.save_draft", obj=version,
                 changes={"items_before": len(old_items or []), "items_after": len(document.get("items", []))})
    return version


@transaction.atomic
def form_version_publish(*, version: FormVersion, acting_user=None) -> FormVersion:
    """Compile and publish a draft; the previously published version becomes superseded.

    Refused, with every problem listed, when the definition does not compile.
    """
    version = FormVersion.objects.select_for_update().select_related("definition").get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(f"Phiên bản {version.number} không phải bản nháp; không thể ban hành lại.")
    if not version.document.get("items"):
        raise ValidationError("Biểu mẫu chưa có nội dung (mục, trường); chưa thể ban hành.")
    try:
        compiled = compile_definition(version.document, limits=definition_limits())
    except DefinitionError as exc:
        raise _definition_error_to_validation(exc) from None
    previous = FormVersion.objects.select_for_update().filter(definition=version.definition,
                                                              status=VersionStatus.PUBLISHED).first()
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    version.schema = compiled.schema
    version.draft_schema = compiled.draft_schema
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = acting_user if getattr(acting_user, "pk", None) else None
    version.save()
    audit_record(actor=acting_user, action="form_version.publish", obj=version,
                 changes={"number": version.number, "superseded": previous.number if previous else None,
                          "fields": len(compiled.fields)})
    return version


@transaction.atomic
def form_version_new_from(*, version: FormVersion, acting_user=None, note: str = "") -> FormVersion:
    """Return a new draft copying ``version`` (for the next round); field keys stay the same."""
    definition = FormDefinition.objects.select_for_update().get(pk=version.definition_id)
    if definition.versions.filter(status=VersionStatus.DRAFT).exists():
        draft = definition.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()
        raise ValidationError(f"Biểu mẫu “{definition.code}” đã có bản nháp v{draft.number}; "
                              "hãy hoàn thành hoặc xóa bản nháp đó trước.")
    number = (definition.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    new = FormVersion.objects.create(definition=definition, number=number, document=copy.deepcopy(version.document),
                                     based_on=version, note=note,
                                     created_by=acting_user if getattr(acting_user, "pk", None) else None)
    audit_record(actor=acting_user, action="form_version.new_from", obj=new, changes={"based_on": version.number})
    return new


@transaction.atomic
def form_definition_import(*, document: dict, acting_user=None, publish: bool = False, owner_unit=None) -> FormVersion:
    """Import a definition document (baocao.form/1); return the version it became.

    The document is meta-validated first (every problem listed, nothing written when any).
    Its code is upper-cased and its export note (``x-version``) dropped (:func:`importable_document`).
    A new code creates the definition; a known code, in any case, adds a new draft (or fills the
    open draft).
    """
    document = importable_document(document)
    problems = definition_problems(document, limits=definition_limits())
    if problems:
        raise _definition_error_to_validation(DefinitionError(problems))
    code = document["code"]
    definition = definition_by_code(code=code)
    if definition is None:
        definition = form_definition_create(code=code, kind=document["kind"], title=document["title"],
                                            description=document.get("description", ""), owner_unit=owner_unit,
                                            acting_user=acting_user)
        version = definition.versions.get(number=1)
    else:
        if definition.kind != document["kind"]:
            raise ValidationError(f"Biểu mẫu “{code}” là {definition.get_kind_display()}, "
                                  f"không thể nhập định nghĩa loại “{document['kind']}”.")
        version = definition.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()
        if version is None:
            version = form_version_new_from(version=definition.latest_version(), acting_user=acting_user,
                                            note="Nhập từ tệp JSON")
        definition.title = document["title"]
        definition.description = document.get("description", "")
        definition.save(update_fields=["title", "description", "updated_at"])
    version = form_version_save_draft(version=version, document=document, acting_user=acting_user)
    if publish:
        version = form_version_publish(version=version, acting_user=acting_user)
    return version


def form_definition_export(*, version: FormVersion) -> dict:
    """Return the document of ``version`` (schema + layout hints in the definition format)."""
    document = copy.deepcopy(version.document)
    document.setdefault("format", "baocao.form/1")
    document["x-version"] = {"number": version.number, "status": version.status,
                             "published_at": version.published_at.isoformat() if version.published_at else None}
    return document
