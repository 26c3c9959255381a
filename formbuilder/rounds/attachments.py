"""Files attached to a submission (tệp đính kèm): stored under one folder per submission.

A file field's value in the data is ``{"name": shown name, "ref": stored name, "size": bytes}``.
The stored name is generated (random hex and a cleaned extension), never the uploaded name,
so no upload can choose where it lands or overwrite another.
"""
from __future__ import annotations

import os
import re
import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext

from formbuilder.engine.compute import read_path

from .models import Submission

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FOLDER = "bao-cao"
REF_RE = re.compile(r"^[0-9a-f]{32}(\.[a-z0-9]{1,10})?$")
_EXTENSION_RE = re.compile(r"^\.[a-z0-9]{1,10}$")
MAX_NAME = 255


def max_bytes() -> int:
    """Return the largest accepted upload, from the ATTACHMENT_MAX_BYTES setting (20 MB by default)."""
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def format_size(size: int) -> str:
    """Return a size for people: ``20 MB``, ``512 KB``, ``1,5 MB``."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return f"{size} byte"
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}"


def size_error(upload, *, label: str) -> str | None:
    """Return the refusal of an upload over the limit (in the user's language), or None when it fits."""
    limit = max_bytes()
    if upload.size > limit:
        return gettext("%(label)s: tệp “%(name)s” (%(size)s) vượt quá dung lượng cho phép (%(limit)s).") % {
            "label": label, "name": display_name(upload.name), "size": format_size(upload.size),
            "limit": format_size(limit)}
    return None


def display_name(name: str) -> str:
    """Return the uploaded file's own name, without any folder part, cut to 255 characters."""
    base = os.path.basename(str(name).replace("\\", "/")).strip() or "tep-dinh-kem"
    return base[-MAX_NAME:]


def storage_path(submission_id: int, ref: str) -> str:
    """Return where the file ``ref`` of a submission is kept in the default storage."""
    if not REF_RE.match(ref):
        raise ValueError("tên tệp lưu trữ không hợp lệ")
    return f"{FOLDER}/{submission_id}/{ref}"


def attachment_store(*, submission: Submission, upload) -> dict:
    """Store ``upload`` in the submission's folder under a generated name; return its reference.

    The caller checks the size first (:func:`size_error`) and the right to draft.
    """
    extension = os.path.splitext(display_name(upload.name))[1].lower()
    ref = uuid.uuid4().hex + (extension if _EXTENSION_RE.match(extension) else "")
    saved = default_storage.save(storage_path(submission.pk, ref), upload)
    # The storage may only rename when the name is taken, which a fresh uuid never is.
    ref = saved.rsplit("/", 1)[-1]
    return {"name": display_name(upload.name), "ref": ref, "size": int(upload.size)}


def attachment_find(*, submission: Submission, ref: str, compiled) -> dict | None:
    """Return the reference ``{"name","ref","size"}`` of ``ref`` if the submission's data holds it."""
    for info in compiled.fields.values():
        if info.type == "file":
            value = read_path(submission.data, info.path)
            if isinstance(value, dict) and value.get("ref") == ref:
                return value
    return None


def attachment_in_history(*, submission: Submission, ref: str) -> bool:
    """Return True when an earlier saved value of the submission pointed at ``ref`` (history links)."""
    for event in submission.events.filter(action="save").only("changes"):
        for _path, old, new in event.changes:
            if ref in (old, new):
                return True
    return False

