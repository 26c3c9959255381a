"""The warnings page's query string: ?ky=<period id>&bo=<KPI set code>, refused in Vietnamese when wrong
(in English once English is chosen)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WarningQuery(forms.Form):
    """Which period (kỳ) and which KPI set (bộ chỉ tiêu) to check; both optional."""

    ky = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Kỳ"),
                                error_messages={"invalid_choice": _("Không có kỳ “%(value)s”. "
                                                                    "Hãy chọn một kỳ trong danh sách.")})
    bo = forms.ChoiceField(required=False, label=_("Bộ chỉ tiêu"),
                           error_messages={"invalid_choice": _("Không có bộ chỉ tiêu “%(value)s”. "
                                                               "Hãy chọn một bộ trong danh sách.")})

    def __init__(self, data, *, periods, kpi_sets):
        super().__init__(data)
        self.fields["ky"].choices = [("", _("Kỳ gần nhất có số liệu"))] + [(str(p.pk), p.label or p.key)
                                                                             for p in periods]
        self.fields["bo"].choices = [("", _("Tất cả các bộ chỉ tiêu"))] + [(d.code, f"{d.code} — {d.title}")
                                                                           for d in kpi_sets]
