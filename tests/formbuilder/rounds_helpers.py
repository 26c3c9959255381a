"""Small explicit builders for round tests."""
from __future__ import annotations

import datetime as dt

from formbuilder.engine.calendar import DueRule, Period, PeriodType, ReportingRule
from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft

OUTLINE_ITEMS = [
    {"type": "section", "key": "phan_i", "number": "I.", "title": "Đặc điểm tình hình", "children": [
        {"type": "text", "key": "tinh_hinh", "label": "Tình hình chung", "multiline": True, "required": True},
    ]},
    {"type": "section", "key": "phan_ii", "number": "II.", "title": "Kết quả", "children": [
        {"type": "number", "key": "so_van_ban", "label": "Số văn bản", "integer": True, "minimum": 0,
         "required": True, "unit": "văn bản"},
    ]},
    {"type": "section", "key": "phan_iii", "number": "III.", "title": "Tự đánh giá", "children": [
        {"type": "text", "key": "uu_diem", "label": "Ưu điểm", "multiline": True, "required": True},
    ]},
]


def published_outline(code="DC-THU", items=None):
    definition = form_definition_create(code=code, kind="outline", title="Đề cương thử")
    version = form_version_save_draft(version=definition.versions.get(), items=items or OUTLINE_ITEMS)
    return form_version_publish(version=version)


def fixed_rule(day=dt.date(2026, 4, 9), grace_days=None) -> ReportingRule:
    """A one-off round due ``day``; entry locks at the due time, or ``grace_days`` later."""
    return ReportingRule(period_type=PeriodType.ONE_OFF, due=DueRule.fixed(day), grace_days=grace_days)


def monthly_rule() -> ReportingRule:
    return ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(18))


def period(kind=PeriodType.MONTHLY, year=2026, index=3) -> Period:
    return Period(kind, year, index)
