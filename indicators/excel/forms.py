"""Forms of the Excel pages: upload a file, choose what to export."""
from __future__ import annotations

from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV (.csv)")
    submit = forms.BooleanField(required=False, label="Nộp báo cáo luôn sau khi ghi (số liệu phải đầy đủ)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
        return upload


FORMATS = [("xlsx", "Excel (.xlsx)"), ("csv", "CSV (dấu ; — UTF-8)")]


class ExportForm(forms.Form):
    form = forms.ChoiceField(label="Biểu mẫu trong đợt")
    unit = forms.CharField(required=False, label="Trong cây của đơn vị (mã, để trống: tất cả)")
    format = forms.ChoiceField(choices=FORMATS, label="Định dạng")

    def __init__(self, *args, forms_in_rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [
            (f"{f.round.pk}:{f.version.pk}", f"{f.round} — {f.version.definition.code} (v{f.version.number})")
            for f in forms_in_rounds]


class IndicatorExportForm(forms.Form):
    period = forms.ChoiceField(label="Kỳ")
    unit = forms.CharField(required=False, label="Trong cây của đơn vị (mã, để trống: tất cả)")
    format = forms.ChoiceField(choices=FORMATS, label="Định dạng")

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label or p.key) for p in periods]
