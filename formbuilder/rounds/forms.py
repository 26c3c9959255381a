"""Forms of the rounds front-end. They parse input; the services decide. Labels and refusals follow the
user's language (Vietnamese unless English was chosen)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from .selectors_adhoc import AdhocChoice

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class AdhocReportForm(forms.Form):
    """Open an ad-hoc report (báo cáo đột xuất): for which unit, on which form, its title and deadline."""

    unit = UnitChoiceField(label=_("Đơn vị lập báo cáo"), queryset=None, empty_label=_("— Chọn đơn vị —"),
                           error_messages={"required": _("Cần chọn đơn vị lập báo cáo."),
                                           "invalid_choice": _("Bạn không lập được báo cáo đột xuất cho đơn vị này.")})
    form = forms.ChoiceField(label=_("Biểu mẫu đột xuất"),
                             error_messages={"required": _("Cần chọn biểu mẫu."),
                                             "invalid_choice": _("Biểu mẫu này không dùng được cho báo cáo đột xuất.")})
    title = forms.CharField(label=_("Tên báo cáo"), max_length=500,
                            help_text=_("Vd: Báo cáo đột xuất tình hình mưa lũ ngày 20/11."),
                            error_messages={"required": _("Cần nhập tên báo cáo đột xuất."),
                                            "max_length": _("Tên báo cáo dài tối đa %(limit_value)d ký tự.")})
    due_at = forms.DateTimeField(label=_("Hạn nộp (không bắt buộc)"), required=False, input_formats=DATETIME_FORMATS,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                 help_text=_("Giờ Việt Nam. Để trống: hạn tối đa của đợt; chỉ được đặt sớm hơn."),
                                 error_messages={
                                     "invalid": _("Hạn nộp không hợp lệ; nhập theo dạng dd/mm/yyyy hh:mm.")})

    def __init__(self, *args, units, choices: list[AdhocChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = {c.key: c for c in choices}
        self.fields["unit"].queryset = units
        self.fields["form"].choices = [("", gettext("— Chọn biểu mẫu —"))] + [(c.key, c.label) for c in choices]

    def clean_form(self) -> AdhocChoice:
        return self.choices[self.cleaned_data["form"]]

    def clean(self):
        data = super().clean()
        unit, choice = data.get("unit"), data.get("form")
        if unit is not None and choice is not None and unit.pk not in choice.unit_ids:
            self.add_error("form", gettext("Biểu mẫu này không dùng cho %(unit)s (ngoài phạm vi của đợt "
                                           "“%(round)s”).") % {"unit": unit.name, "round": choice.round.title})
        return data
