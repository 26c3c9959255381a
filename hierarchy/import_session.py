"""Keep an uploaded file between the dry-run preview and the confirmation."""
from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .importing import ImportFileError, unit_import

SESSION_KEY = "hierarchy_unit_import"


def _store_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def import_preview(view, request, form):
    upload = form.cleaned_data["file"]
    if upload.size > settings.IMPORT_MAX_FILE_BYTES:
        form.add_error("file", f"Tệp quá lớn; giới hạn {settings.IMPORT_MAX_FILE_BYTES // 1024 // 1024} MB.")
        return view.form_invalid(form)
    content = upload.read()
    try:
        result = unit_import(content=content, filename=upload.name, dry_run=True, acting_user=request.user)
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return view.form_invalid(form)
    token = ""
    if result.plan.ok:
        token = secrets.token_hex(16)
        (_store_dir() / token).write_bytes(content)
        request.session[SESSION_KEY] = {"token": token, "filename": upload.name}
    return view.render_to_response(view.get_context_data(form=form, plan=result.plan, token=token,
                                                         filename=upload.name))


def import_confirm(view, request):
    stored = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = _store_dir() / token
    if not token or stored.get("token") != token or not path.exists():
        messages.error(request, "Phiên nhập đã hết hạn; vui lòng tải tệp lên lại.")
        return redirect("hierarchy_unit:import")
    try:
        result = unit_import(content=path.read_bytes(), filename=stored["filename"], dry_run=False,
                             acting_user=request.user)
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
    if not result.applied:
        messages.error(request, "Dữ liệu đã thay đổi từ lúc xem trước; không ghi gì. Vui lòng kiểm tra lại tệp.")
        return redirect("hierarchy_unit:import")
    c = result.plan.counts()
    messages.success(request, f"Đã nhập: {c['new']} đơn vị mới, {c['updated']} cập nhật, "
                              f"{c['moved']} chuyển cấp trên, {c['unchanged']} không đổi.")
    return redirect(reverse("hierarchy_unit:index"))
