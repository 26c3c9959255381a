"""The dashboard's query string: ?ky=<period id>&bo=<KPI set code>, refused in Vietnamese when wrong."""
from __future__ import annotations

from django import forms


class DashboardQuery(forms.Form):
    """Which period (kỳ) and which KPI set (bộ chỉ tiêu) to show; both optional."""

    ky = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Kỳ",
                                error_messages={"invalid_choice": "Không có kỳ “%(value)s”. "
                                                                  "Hãy chọn một kỳ trong danh sách."})
    bo = forms.ChoiceField(required=False, label="Bộ chỉ tiêu",
                           error_messages={"invalid_choice": "Không có bộ chỉ tiêu “%(value)s”. "
                                                             "Hãy chọn một bộ trong danh sách."})

    def __init__(self, data, *, periods, kpi_sets):
        super().__init__(data)
        self.fields["ky"].choices = [("", "Kỳ gần nhất có số liệu")] + [(str(p.pk), p.label or p.key) for p in periods]
        self.fields["bo"].choices = [("", "Tất cả các bộ chỉ tiêu")] + [(s.code, f"{s.code} — {s.title}")
                                                                        for s in kpi_sets]
