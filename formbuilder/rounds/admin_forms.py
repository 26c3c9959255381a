"""Forms of the round admin. They parse input and build the calendar rule; the services decide."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from formbuilder.engine.calendar import (
    CalendarError, CutoffRule, DueKind, DueRule, LevelOverride, Period, PeriodType, ReportingRule, describe_rule,
)
from formbuilder.models import FormVersion, VersionStatus
from hierarchy.models import Level, Unit, UnitGroup, UnitKind

from .models import TargetKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def unit_by_code(code: str, *, label: str) -> Unit:
    code = (code or "").strip()
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise forms.ValidationError(f"Không tìm thấy {label} có mã “{code}”.")
    return unit


class VersionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FormVersion) -> str:
        return f"{obj.definition.code} — {obj.definition.title} (phiên bản {obj.number})"


class RoundCreateForm(forms.Form):
    """A new round: what, from whom, which period, and the due-rule builder (→ ReportingRule)."""

    title = forms.CharField(label="Tên đợt báo cáo", max_length=500)
    code = forms.SlugField(label="Mã đợt", max_length=80, help_text="Chữ thường không dấu, số, gạch ngang; vd: "
                                                                    "tu-kiem-tra-dot-2-2026.")
    description = forms.CharField(label="Mô tả", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    issuing_unit = forms.CharField(label="Mã đơn vị giao", max_length=40)
    consolidating_unit = forms.CharField(label="Mã đơn vị tổng hợp", max_length=40, required=False,
                                         help_text="Đơn vị ghép các phần thành báo cáo chung (vd: AG-VPTU).")
    versions = VersionChoiceField(label="Biểu mẫu (phiên bản đã ban hành)", widget=forms.CheckboxSelectMultiple,
                                  queryset=FormVersion.objects.none())
    recurring = forms.BooleanField(label="Tự tạo và mở kỳ tiếp theo khi kỳ này kết thúc", required=False)

    period_type = forms.ChoiceField(label="Loại kỳ báo cáo", choices=[(t.value, t.label_vi) for t in PeriodType],
                                    help_text="Đột xuất: các đơn vị trong phạm vi tự mở báo cáo theo các biểu mẫu "
                                              "của đợt, hạn nộp trong số giờ hoặc số ngày kể từ khi mở báo cáo.")
    period_year = forms.IntegerField(label="Năm", required=False, min_value=1900, max_value=2999)
    period_index = forms.IntegerField(label="Kỳ số", required=False, min_value=1,
                                      help_text="Tháng 1–12, quý 1–4, nửa năm 1–2; kỳ 9 tháng và năm: 1.")

    due_kind = forms.ChoiceField(label="Cách tính hạn nộp", choices=[(k.value, k.label_vi.capitalize())
                                                                     for k in DueKind])
    due_day = forms.IntegerField(label="Ngày trong tháng", required=False)
    due_months_after = forms.IntegerField(label="Số tháng sau tháng cuối kỳ", required=False, initial=0)
    due_date = forms.DateField(label="Ngày hạn cố định", required=False, input_formats=DATE_FORMATS,
                               widget=DATE_INPUT)
    due_hours = forms.IntegerField(label="Số giờ kể từ khi mở đợt", required=False)
    due_days = forms.IntegerField(label="Số ngày kể từ ngày mở đợt", required=False)
    cutoff_start_day = forms.IntegerField(label="Kỳ số liệu bắt đầu từ ngày", required=False, initial=1,
                                          help_text="1: theo lịch; vd 15: từ ngày 15 tháng trước đến ngày 14.")
    grace_days = forms.IntegerField(label="Khóa nhập liệu sau hạn (ngày)", required=False,
                                    help_text="Để trống hoặc 0: khóa ngay khi hết hạn; cấp trên vẫn "
                                              "mở lại được cho từng đơn vị.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versions"].queryset = (FormVersion.objects.filter(status=VersionStatus.PUBLISHED)
                                            .select_related("definition").order_by("definition__kind",
                                                                                   "definition__code"))
        self.levels = list(Level.objects.order_by("rank"))
        for level in self.levels:
            self.fields[f"level_{level.rank}_day"] = forms.IntegerField(
                label=f"Cấp {level.name}: ngày trong tháng", required=False)
            self.fields[f"level_{level.rank}_extra"] = forms.IntegerField(
                label=f"Cấp {level.name}: thêm số ngày", required=False)
        self.rule: ReportingRule | None = None
        self.period: Period | None = None

    # Field groups for the template.
    GENERAL = ("title", "code", "description", "issuing_unit", "consolidating_unit", "versions", "recurring")
    PERIOD = ("period_type", "period_year", "period_index")
    DUE = ("due_kind", "due_day", "due_months_after", "due_date", "due_hours", "due_days")
    WINDOW = ("cutoff_start_day", "grace_days")

    def group(self, names):
        return [self[n] for n in names]

    def general_fields(self):
        return self.group(self.GENERAL)

    def period_fields(self):
        return self.group(self.PERIOD)

    def due_fields(self):
        return self.group(self.DUE)

    def window_fields(self):
        return self.group(self.WINDOW)

    def level_fields(self):
        return [(level, self[f"level_{level.rank}_day"], self[f"level_{level.rank}_extra"]) for level in self.levels]

    def clean_issuing_unit(self):
        return unit_by_code(self.cleaned_data["issuing_unit"], label="đơn vị giao")

    def clean_consolidating_unit(self):
        code = self.cleaned_data.get("consolidating_unit", "").strip()
        return unit_by_code(code, label="đơn vị tổng hợp") if code else None

    def _overrides(self, data) -> dict[int, LevelOverride]:
        overrides = {}
        for level in self.levels:
            day, extra = data.get(f"level_{level.rank}_day"), data.get(f"level_{level.rank}_extra")
            if day is not None or extra is not None:
                overrides[level.rank] = LevelOverride(day=day, extra_days=extra)
        return overrides

    def _build(self, data) -> tuple[ReportingRule, Period | None]:
        kind = PeriodType(data["period_type"])
        due_kind = DueKind(data["due_kind"])
        values = {DueKind.DAY_OF_MONTH: {"day": data.get("due_day"), "months_after": data.get("due_months_after") or 0},
                  DueKind.FIXED_DATE: {"date": data.get("due_date")},
                  DueKind.WITHIN_HOURS: {"hours": data.get("due_hours")},
                  DueKind.WITHIN_DAYS: {"days": data.get("due_days")}}[due_kind]
        due = DueRule(due_kind, level_overrides=self._overrides(data), **values)
        rule = ReportingRule(period_type=kind, due=due, cutoff=CutoffRule(data.get("cutoff_start_day") or 1),
                             grace_days=data.get("grace_days"))
        period = None
        if kind.is_recurring:
            period = Period(kind, data.get("period_year"), data.get("period_index") or 1)
        return rule, period

    def clean(self):
        data = super().clean()
        if not {"period_type", "due_kind"} <= set(data):
            return data
        try:
            self.rule, self.period = self._build(data)
        except CalendarError as exc:
            for message in exc.messages:
                self.add_error(None, message)
        return data

    def calendar_preview(self) -> dict | None:
        """Return the rule in words and each level's due time if the round were opened now."""
        if self.rule is None:
            return None
        now = timezone.now()
        dues, problems = [], []
        for level in self.levels:
            try:
                dues.append((level, self.rule.due_at(self.period, level_rank=level.rank, opened_at=now)))
            except CalendarError as exc:
                problems.extend(m for m in exc.messages if m not in problems)
        window = self.rule.cutoff_window(self.period) if self.period else None
        return {"description": describe_rule(self.rule), "period": self.period.label_vi if self.period else "",
                "window": window, "dues": dues, "problems": problems}


class TargetForm(forms.Form):
    """Assign the round to a level, a kind of unit, a group or a named unit (optionally within a subtree)."""

    kind = forms.ChoiceField(label="Giao theo", choices=TargetKind.choices)
    level = forms.ModelChoiceField(label="Cấp", queryset=Level.objects.order_by("rank"), required=False)
    unit_kind = forms.ModelChoiceField(label="Loại đơn vị", queryset=UnitKind.objects.all(), required=False)
    group = forms.ModelChoiceField(label="Nhóm đơn vị", queryset=UnitGroup.objects.all(), required=False)
    unit = forms.CharField(label="Mã đơn vị", max_length=40, required=False)
    within = forms.CharField(label="Trong cây của đơn vị (mã)", max_length=40, required=False,
                             help_text="Để trống: trong cây của đơn vị giao.")

    def clean_unit(self):
        code = self.cleaned_data.get("unit", "").strip()
        return unit_by_code(code, label="đơn vị") if code else None

    def clean_within(self):
        code = self.cleaned_data.get("within", "").strip()
        return unit_by_code(code, label="đơn vị") if code else None


class SectionSplitForm(forms.Form):
    """Give some sections of an outline, at any depth, to one contributing unit (seed 002, part B.I).

    A sub-section chosen for one unit inside a part chosen for another is carved out of that part.
    """

    unit = forms.CharField(label="Mã đơn vị soạn", max_length=40)
    sections = forms.MultipleChoiceField(
        label="Các phần, mục được giao", widget=forms.CheckboxSelectMultiple,
        help_text="Có thể chọn một mục con (vd III.4) trong phần đã giao cho đơn vị khác: đơn vị kia soạn phần "
                  "đó trừ mục con này.")

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = sections

    def clean_unit(self):
        return unit_by_code(self.cleaned_data["unit"], label="đơn vị soạn")


def default_due_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=14)
