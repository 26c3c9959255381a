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


def _run(kind: str, request, *, content: bytes, filename: str, dry_run: bool):
    """Return (plan, applied) for a units or memberships file."""
    if kind == "memberships":
        from .membership_import import membership_import
        from .models import Role
        from .selectors import units_acting_for, user_sees_all

        allowed = None if user_sees_all(request.user) else units_acting_for(user=request.user, role=Role.UNIT_ADMIN)
        return membership_import(content=content, filename=filename, dry_run=dry_run, acting_user=request.user,
                                 allowed_units=allowed)
    result = unit_import(content=content, filename=filename, dry_run=dry_run, acting_user=request.user)
    return result.plan, result.applied


def import_preview(view, request, form, kind: str = "units"):
    upload = form.cleaned_data["file"]
    if upload.size > settings.IMPORT_MAX_FILE_BYTES:
        form.add_error("file", f"Tệp quá lớn; giới hạn {settings.IMPORT_MAX_FILE_BYTES // 1024 // 1024} MB.")
        return view.form_invalid(form)
    content = upload.read()
    try:
        plan, _ = _run(kind, request, content=content, filename=upload.name, dry_run=True)
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return view.form_invalid(form)
    token = ""
    if plan.ok:
        token = secrets.token_hex(16)
        (_store_dir() / token).write_bytes(content)
        request.session[f"{SESSION_KEY}:{kind}"] = {"token": token, "filename": upload.name}
    return view.render_to_response(view.get_context_data(form=form, plan=plan, token=token, filename=upload.name))


def import_confirm(view, request, kind: str = "units", done_url: str = "hierarchy_unit:index"):
    stored = request.session.get(f"{SESSION_KEY}:{kind}") or {}
    token = request.POST.get("token", "")
    path = _store_dir() / token
    if not token or stored.get("token") != token or not path.exists():
        messages.error(request, "Phiên nhập đã hết hạn; vui lòng tải tệp lên lại.")
        return redirect(request.path)
    try:
        plan, applied = _run(kind, request, content=path.read_bytes(), filename=stored["filename"], dry_run=False)
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(f"{SESSION_KEY}:{kind}", None)
    if not applied:
        messages.error(request, "Dữ liệu đã thay đổi từ lúc xem trước; không ghi gì. Vui lòng kiểm tra lại tệp.")
        return redirect(request.path)
    c = plan.counts()
    if kind == "memberships":
        messages.success(request, f"Đã nhập: {c['new']} phân quyền mới ({c['new_users']} tài khoản mới), "
                                  f"{c['unchanged']} không đổi.")
    else:
        messages.success(request, f"Đã nhập: {c['new']} đơn vị mới, {c['updated']} cập nhật, "
                                  f"{c['moved']} chuyển cấp trên, {c['unchanged']} không đổi.")
    return redirect(reverse(done_url))
