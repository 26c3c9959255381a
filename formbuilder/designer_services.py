"""Writes and reads of the form designer: a version's StreamField ``body`` and its ``document``.

The document stays the source of truth: saving the body rewrites the document through
``form_version_save_draft``, and a body that no longer matches its document (imported,
seeded, or a new version copied from a published one) is rebuilt from the document.
"""
from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from baocao_site.audit.services import audit_record

from .designer import (
    body_stream, described_problems, document_with_items, items_to_stream, stream_to_items, stream_with_keys,
    without_extensions,
)
from .engine.compiler import compile_definition
from .engine.meta import definition_problems
from .engine.model import DefinitionError
from .limits import definition_limits
from .models import FormVersion, VersionStatus
from .services import form_definition_import, form_version_publish, form_version_save_draft, importable_document


def version_body_stream(*, version: FormVersion) -> list:
    """Return the raw stream the designer shows for ``version``: its body, or one rebuilt from the document.

    Nothing is written: a published version is never touched, a draft is saved on the next "Lưu".
    """
    stream = body_stream(version.body)
    items = (version.document or {}).get("items") or []
    if stream and stream_to_items(stream) == without_extensions(items):
        return stream
    return items_to_stream(items)


def _design_document(version: FormVersion, stream: list) -> tuple[list, dict]:
    stream = stream_with_keys(stream)
    document = document_with_items(version.document, stream_to_items(stream))
    problems = definition_problems(document, limits=definition_limits())
    if problems:
        raise ValidationError(described_problems(document, problems))
    return stream, document


@transaction.atomic
def form_version_save_design(*, version: FormVersion, stream: list, note: str | None = None,
                             acting_user=None) -> FormVersion:
    """Save the designer's ``stream`` into a draft: blank keys filled, document rewritten; return the version.

    Every structural problem is listed (with the section and field it is about); nothing is
    written when there is any.
    """
    stream, document = _design_document(version, stream)
    version = form_version_save_draft(version=version, document=document, note=note, acting_user=acting_user)
    version.body = stream
    version.save(update_fields=["body"])
    return version


@transaction.atomic
def form_version_publish_design(*, version: FormVersion, stream: list, note: str | None = None,
                                acting_user=None) -> FormVersion:
    """Save ``stream`` and publish the version in one go; on any problem nothing is saved or published."""
    version = form_version_save_design(version=version, stream=stream, note=note, acting_user=acting_user)
    try:
        compile_definition(version.document, limits=definition_limits())
    except DefinitionError as exc:
        raise ValidationError(described_problems(version.document, exc.problems)) from None
    return form_version_publish(version=version, acting_user=acting_user)


def form_definition_import_file(*, content: bytes, acting_user=None, publish: bool = False,
                                owner_unit=None) -> FormVersion:
    """Import a definition from the bytes of a JSON file; return the version it became.

    The one path for files, used by the admin's “Nhập JSON” and ``manage.py import_definition``.
    Unreadable files and every problem of the document are reported (in Vietnamese, with
    where they are); nothing is written on error.
    """
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError("Tệp không phải văn bản UTF-8; hãy lưu tệp JSON với bảng mã UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"Tệp không phải JSON hợp lệ: lỗi ở dòng {exc.lineno}, cột {exc.colno}.") from None
    if not isinstance(document, dict):
        raise ValidationError("Tệp JSON phải chứa một định nghĩa biểu mẫu (một đối tượng {…}), "
                              "không phải danh sách hay giá trị đơn.")
    document = importable_document(document)  # the same path as form_definition_import, checked early
    problems = definition_problems(document, limits=definition_limits())
    if problems:
        raise ValidationError(described_problems(document, problems))
    if publish:
        try:
            compile_definition(document, limits=definition_limits())
        except DefinitionError as exc:
            raise ValidationError(described_problems(document, exc.problems)) from None
    return form_definition_import(document=document, acting_user=acting_user, publish=publish,
                                  owner_unit=owner_unit)


@transaction.atomic
def form_version_delete_draft(*, version: FormVersion, acting_user=None) -> None:
    """Delete a draft made from another version (a new version started by mistake).

    Published and superseded versions are kept forever, and so is a definition's only version.
    """
    version = FormVersion.objects.select_for_update().select_related("definition").get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError("Chỉ xóa được bản nháp; phiên bản đã ban hành được giữ lại.")
    if not version.definition.versions.exclude(pk=version.pk).exists():
        raise ValidationError("Không xóa phiên bản duy nhất của biểu mẫu.")
    audit_record(actor=acting_user, action="form_version.delete_draft", obj=version.definition,
                 changes={"number": version.number})
    try:
        version.delete()
    except ProtectedError:
        raise ValidationError(f"Bản nháp v{version.number} đã được dùng cho một đợt báo cáo; không xóa được.") from None
