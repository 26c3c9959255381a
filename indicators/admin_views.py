"""Wagtail admin for indicators and their targets: the aggregation rule is chosen here, as data.

The model's ``clean`` refuses a broken configuration with Vietnamese messages on the form.
"""
from __future__ import annotations

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Indicator, Target

INDICATOR_FIELDS = [
    "code", "name", "description", "unit_of_measure", "value_type",
    "definition", "source_kind", "field_key", "column_key", "choice_value",
    "aggregation", "numerator", "denominator", "factor", "condition_op", "condition_value", "period_combine",
    "is_active", "order",
]


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "list-ol"
    menu_label = "Chỉ tiêu"
    name = "indicators"
    url_prefix = "chi-tieu"
    form_fields = INDICATOR_FIELDS
    list_display = ["code", "name", "aggregation", "unit_of_measure", "is_active"]
    list_filter = ["aggregation", "is_active", "definition"]
    search_fields = ["code", "name"]
    copy_view_enabled = False
    inspect_view_enabled = False


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "success"
    menu_label = "Chỉ tiêu phấn đấu"
    name = "indicator_targets"
    url_prefix = "chi-tieu-phan-dau"
    form_fields = ["indicator", "direction", "value", "baseline", "green_threshold", "amber_threshold", "unit",
                   "source"]
    list_display = ["indicator", "direction", "value", "unit"]
    copy_view_enabled = False
    inspect_view_enabled = False


class IndicatorViewSetGroup(ViewSetGroup):
    menu_label = "Chỉ tiêu"
    menu_icon = "list-ol"
    menu_order = 230
    items = (IndicatorViewSet, TargetViewSet)
