"""Consolidation pages: the merged outline to edit, and its .docx download."""
from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .models import Round
from .models_consolidation import DocumentStyle
from .selectors_review import consolidation_scope
from .services_consolidation import (
    consolidated_report_reset, consolidated_report_save, consolidation_build, consolidation_docx, docx_filename,
    outline_versions,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ConsolidationForm(forms.Form):
    """The header block of the document and one text box per part of the outline."""

    style = forms.ChoiceField(label="Thể thức văn bản", choices=DocumentStyle.choices)
    superior = forms.CharField(label="Cơ quan cấp trên trực tiếp", required=False, max_length=200)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200)
    number = forms.CharField(label="Số văn bản", required=False, max_length=20,
                             help_text="Để trống nếu chưa cấp số (ghi tay khi đăng ký văn bản).")
    symbol = forms.CharField(label="Ký hiệu", max_length=40, help_text="Vd: BC/TU (văn bản Đảng), BC-UBND (nhà nước).")
    place = forms.CharField(label="Địa danh", max_length=100)
    date = forms.DateField(label="Ngày ban hành", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label="Tên loại văn bản", max_length=100)
    subtitle = forms.CharField(label="Trích yếu nội dung", required=False, max_length=500)
    sign_on_behalf = forms.CharField(label="Thẩm quyền ký", required=False, max_length=100,
                                     help_text="Vd: T/M BAN THƯỜNG VỤ; TM. ỦY BAN NHÂN DÂN.")
    sign_position = forms.CharField(label="Chức vụ người ký", required=False, max_length=100)
    signer_name = forms.CharField(label="Họ tên người ký", required=False, max_length=100)
    recipients = forms.CharField(label="Nơi nhận (mỗi dòng một nơi)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, parts: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.part_names = []
        for part in parts:
            name = f"part_{part['key']}"
            heading = f"{part['number']} {part['title']}" if part["number"] else part["title"]
            self.fields[name] = forms.CharField(label=heading, required=False,
                                                widget=forms.Textarea(attrs={"rows": 12}))
            self.part_names.append((name, part))

    def meta_fields(self):
        parts = {name for name, _ in self.part_names}
        return [self[name] for name in self.fields if name not in parts and name != "revision"]

    def part_fields(self):
        return [(self[name], part) for name, part in self.part_names]

    def texts(self) -> dict[str, str]:
        return {part["key"]: self.cleaned_data.get(name, "") for name, part in self.part_names}


def _consolidation(request, round_id: int):
    round_ = get_object_or_404(Round.objects.select_related("issuing_unit", "consolidating_unit"), pk=round_id)
    scope = consolidation_scope(user=request.user, round=round_, unit_code=request.GET.get("don-vi"))
    outlines = outline_versions(round=round_)
    wanted = request.GET.get("bieu-mau")
    version = next((v for v in outlines if str(v.pk) == wanted), outlines[0] if outlines else None)
    if version is None:
        raise Http404("Đợt báo cáo không có đề cương để tổng hợp.")
    return consolidation_build(round=round_, version=version, scope=scope), outlines


def _initial(c) -> dict:
    initial = {**c.meta, "style": c.report.style, "revision": c.report.revision}
    initial.update({f"part_{p['key']}": p["text"] for p in c.parts})
    return initial


def _query(request) -> str:
    keep = {k: request.GET[k] for k in ("don-vi", "bieu-mau") if request.GET.get(k)}
    return f"?{urlencode(keep)}" if keep else ""


@login_required
def consolidate(request, round_id: int):
    """Show every contribution merged in the outline's order; POST saves the edited text or merges again."""
    c, outlines = _consolidation(request, round_id)
    here = reverse("rounds:consolidate", args=[round_id]) + _query(request)
    form = ConsolidationForm(request.POST or None, parts=c.parts, initial=_initial(c))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reset":
                consolidated_report_reset(consolidation=c, acting_user=request.user)
                messages.success(request, "Đã tổng hợp lại từ báo cáo mới nhất của các đơn vị.")
                return redirect(here)
            if form.is_valid():
                data = form.cleaned_data
                consolidated_report_save(consolidation=c, texts=form.texts(),
                                         meta={**data, "date": data["date"].isoformat()}, style=data["style"],
                                         expected_revision=data["revision"], acting_user=request.user)
                messages.success(request, "Đã lưu báo cáo tổng hợp.")
                return redirect(here)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(request, "rounds/consolidate/consolidate.html", {
        "c": c, "round": c.round, "form": form, "outlines": outlines, "query": _query(request),
        "docx_url": reverse("rounds:consolidate_docx", args=[round_id]) + _query(request),
    })


@login_required
def consolidate_docx(request, round_id: int):
    """Download the consolidated report as .docx in the legal layout."""
    c, _ = _consolidation(request, round_id)
    response = HttpResponse(consolidation_docx(consolidation=c), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{docx_filename(c)}"'
    return response
