"""Forms of the hierarchy admin. They only parse input; the services decide."""
from __future__ import annotations

import datetime as dt

from django import forms

from .models import Role, Unit

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")


def _unit_by_code(code: str, *, label: str) -> Unit:
    code = (code or "").strip()
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise forms.ValidationError(f"Không tìm thấy {label} có mã “{code}”.")
    return unit


class UnitForm(forms.ModelForm):
    parent_code = forms.CharField(label="Mã đơn vị cấp trên", required=False, max_length=40,
                                  help_text="Để trống nếu là đơn vị gốc (cấp Trung ương).")

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "level", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent_code"]  # moving has its own screen

    def clean_parent_code(self):
        code = self.cleaned_data.get("parent_code", "").strip()
        return _unit_by_code(code, label="đơn vị cấp trên") if code else None

    def validate_unique(self):
        """Uniqueness is checked by the services, with a Vietnamese message."""


class UnitMoveForm(forms.Form):
    parent_code = forms.CharField(label="Mã đơn vị cấp trên mới", max_length=40)

    def clean_parent_code(self):
        return _unit_by_code(self.cleaned_data["parent_code"], label="đơn vị cấp trên")


class UnitRetireForm(forms.Form):
    on = forms.DateField(label="Ngày hết hiệu lực", initial=dt.date.today, widget=DATE_WIDGET)


class UnitMergeForm(forms.Form):
    target_code = forms.CharField(label="Mã đơn vị nhận sáp nhập", max_length=40)
    on = forms.DateField(label="Ngày sáp nhập", initial=dt.date.today, widget=DATE_WIDGET)

    def clean_target_code(self):
        return _unit_by_code(self.cleaned_data["target_code"], label="đơn vị nhận sáp nhập")


class UnitImportForm(forms.Form):
    file = forms.FileField(label="Tệp CSV hoặc Excel (.xlsx)",
                           help_text="Các cột: code, name, kind, level, parent_code, valid_from, valid_to "
                                     "(hoặc tiêu đề tiếng Việt: Mã đơn vị, Tên đơn vị, Loại, Cấp, Mã đơn vị cấp trên …).")


class MembershipForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    unit_code = forms.CharField(label="Mã đơn vị", max_length=40)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def clean_username(self):
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(f"Không có người dùng “{username}”.")
        return user

    def clean_unit_code(self):
        return _unit_by_code(self.cleaned_data["unit_code"], label="đơn vị")


class GroupForm(forms.Form):
    code = forms.SlugField(label="Mã nhóm", max_length=60)
    name = forms.CharField(label="Tên nhóm", max_length=255)
    description = forms.CharField(label="Mô tả", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    unit_codes = forms.CharField(label="Mã các đơn vị", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                                 help_text="Mỗi dòng một mã đơn vị (hoặc cách nhau bởi dấu phẩy).")

    def clean_unit_codes(self):
        raw = self.cleaned_data.get("unit_codes", "")
        codes = [c.strip() for part in raw.splitlines() for c in part.split(",") if c.strip()]
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError("Không tìm thấy đơn vị có mã: " + ", ".join(f"“{c}”" for c in missing))
        return [found[c] for c in dict.fromkeys(codes)]


class MembershipImportForm(forms.Form):
    file = forms.FileField(label="Tệp CSV hoặc Excel (.xlsx)",
                           help_text="Các cột: username, unit_code, role (drafter, reviewer, viewer, unit_admin); "
                                     "tùy chọn full_name, email. Tài khoản chưa có sẽ được tạo (chưa có mật khẩu).")
