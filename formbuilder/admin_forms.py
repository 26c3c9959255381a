"""Forms of the form-designer admin. They only parse input; the services decide."""
from __future__ import annotations

from django import forms
from django.conf import settings

from hierarchy.models import Unit

from .models import FormDefinition


def _owner_unit(code: str) -> Unit | None:
    code = (code or "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise forms.ValidationError(f"Không tìm thấy đơn vị có mã “{code}”.")
    return unit


OWNER_HELP = "Mã đơn vị chủ trì biểu mẫu (vd: TU-AG); để trống nếu dùng chung."


class FormDefinitionCreateForm(forms.ModelForm):
    owner_unit_code = forms.CharField(label="Mã đơn vị chủ trì", required=False, max_length=40, help_text=OWNER_HELP)

    class Meta:
        model = FormDefinition
        fields = ["code", "kind", "title", "description"]
        help_texts = {"code": "Chữ in hoa không dấu, số, dấu chấm, gạch ngang; vd: DC-TKT-DOT2-2026, PL-II-1. "
                              "Không đổi được sau khi tạo."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].validators = []  # checked once upper-cased, as the service stores it

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean_owner_unit_code(self):
        return _owner_unit(self.cleaned_data.get("owner_unit_code"))

    def validate_unique(self):
        """Uniqueness is checked by the service, with a Vietnamese message."""


class JsonImportForm(forms.Form):
    file = forms.FileField(label="Tệp JSON định nghĩa biểu mẫu (baocao.form/1)",
                           help_text="Tệp xuất từ “Xuất JSON” hoặc soạn theo docs/definition-format.md. "
                                     "Mã mới tạo biểu mẫu mới; mã đã có thêm bản nháp mới.")
    owner_unit_code = forms.CharField(label="Mã đơn vị chủ trì (biểu mẫu mới)", required=False, max_length=40,
                                      help_text=OWNER_HELP)
    publish = forms.BooleanField(label="Ban hành ngay sau khi nhập", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_FILE_BYTES:
            raise forms.ValidationError(f"Tệp quá lớn; giới hạn {settings.IMPORT_MAX_FILE_BYTES // 1024 // 1024} MB.")
        return upload

    def clean_owner_unit_code(self):
        return _owner_unit(self.cleaned_data.get("owner_unit_code"))


class VersionCompareForm(forms.Form):
    old = forms.TypedChoiceField(label="Phiên bản cũ", coerce=int)
    new = forms.TypedChoiceField(label="Phiên bản mới", coerce=int)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"v{v.number} — {v.get_status_display()}") for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class NewVersionForm(forms.Form):
    note = forms.CharField(label="Ghi chú thay đổi", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Vd: Điều chỉnh cho đợt 3/2026.")
