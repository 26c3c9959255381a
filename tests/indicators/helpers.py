"""Small explicit builders for indicator tests: a KPI form, indicators of every rule, a random tree."""
from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from formbuilder.engine.calendar import DueRule, Period, PeriodType, ReportingRule
from formbuilder.rounds.models import Assignment, Round
from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft
from hierarchy.models import Level, Unit, UnitKind
from indicators.models import Indicator
from indicators.periods import period_for_round

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = dt.datetime(2026, 4, 18, 23, 59, tzinfo=VN)

KPI_ITEMS = [
    {"type": "section", "key": "phan_a", "title": "Số liệu", "children": [
        {"type": "number", "key": "so_dat", "label": "Số đã đạt", "unit": "hồ sơ", "integer": True, "minimum": 0},
        {"type": "number", "key": "tong_so", "label": "Tổng số", "unit": "hồ sơ", "integer": True, "minimum": 0},
        {"type": "computed", "key": "ty_le", "label": "Tỷ lệ", "unit": "%", "formula": "so_dat / tong_so * 100",
         "target": {"direction": ">=", "value": 80, "unit": "%"}},
        {"type": "number", "key": "so_nguoi", "label": "Số người", "unit": "người", "integer": True},
        {"type": "boolean", "key": "da_ban_hanh", "label": "Đã ban hành quyết định"},
        {"type": "choice", "key": "muc_do", "label": "Mức độ", "options": [
            {"value": "tot", "label": "Tốt"}, {"value": "kha", "label": "Khá"}]},
        {"type": "table", "key": "bang", "label": "Nhiệm vụ", "columns": [
            {"key": "ten", "label": "Tên", "type": "text"},
            {"key": "dung_han", "label": "Đúng hạn", "type": "integer", "minimum": 0, "maximum": 1}]},
    ]},
]


def published_kpi_form(code="BCT-THU"):
    definition = form_definition_create(code=code, kind="kpi_set", title="Bộ chỉ tiêu thử")
    version = form_version_save_draft(version=definition.versions.get(), items=KPI_ITEMS)
    return form_version_publish(version=version)


def indicator(code, definition=None, **fields) -> Indicator:
    """Create one indicator; a source field defaults to a number field of the KPI form."""
    if definition is not None:
        fields = {"definition": definition, "source_kind": "number", **fields}
    ind = Indicator(code=code, name=fields.pop("name", code), **fields)
    ind.full_clean()
    ind.save()
    return ind


def every_rule(definition) -> dict[str, Indicator]:
    """Return indicators covering every aggregation rule over the KPI form ``definition``."""
    done = indicator("dat", definition, field_key="so_dat", unit_of_measure="hồ sơ", value_type="integer")
    total = indicator("tong", definition, field_key="tong_so", unit_of_measure="hồ sơ", value_type="integer")
    return {
        "dat": done, "tong": total,
        "ty_le": indicator("ty_le", aggregation="ratio", numerator=done, denominator=total, factor=100,
                           unit_of_measure="%", value_type="percent"),
        "tb": indicator("tb", definition, field_key="so_nguoi", aggregation="avg", unit_of_measure="người"),
        "nho": indicator("nho", definition, field_key="so_nguoi", aggregation="min", unit_of_measure="người"),
        "lon": indicator("lon", definition, field_key="so_nguoi", aggregation="max", unit_of_measure="người"),
        "dem": indicator("dem", definition, field_key="so_nguoi", aggregation="count"),
        "dat_100": indicator("dat_100", definition, field_key="so_nguoi", aggregation="share", condition_op=">=",
                             condition_value=50, unit_of_measure="%", value_type="percent"),
        "sau_cung": indicator("sau_cung", definition, field_key="so_nguoi", aggregation="last",
                              unit_of_measure="người"),
        "qd": indicator("qd", definition, field_key="da_ban_hanh", source_kind="yes_no", aggregation="sum",
                        value_type="integer"),
        "tot": indicator("tot", definition, field_key="muc_do", source_kind="choice", choice_value="tot",
                         aggregation="sum", value_type="integer"),
        "dung_han": indicator("dung_han", definition, field_key="bang", source_kind="column_sum",
                              column_key="dung_han", value_type="integer"),
        "nhiem_vu": indicator("nhiem_vu", definition, field_key="bang", source_kind="row_count",
                              value_type="integer"),
    }


def levels_and_kinds():
    lv = {r: Level.objects.get_or_create(rank=r, defaults={"code": f"cap{r}", "name": f"Cấp {r}"})[0]
          for r in range(4)}
    kind = UnitKind.objects.get_or_create(code="thu", defaults={"name": "Đơn vị thử"})[0]
    return lv, kind


def random_tree(seed: int, size: int = 25) -> list[Unit]:
    """Create a random tree of ``size`` units under one root; return them, root first."""
    rng = random.Random(seed)
    lv, kind = levels_and_kinds()
    root = Unit.add_root(code=f"R{seed}", name="Gốc", kind=kind, level=lv[0])
    units = [root]
    for n in range(1, size):
        parent = Unit.objects.get(pk=rng.choice([u for u in units if u.depth < 4]).pk)
        units.append(parent.add_child(code=f"R{seed}-{n}", name=f"Đơn vị {n}", kind=kind, level=lv[parent.depth]))
    return list(Unit.objects.filter(path__startswith=root.path))


def monthly_round(*, code, issuing_unit, version, month=3):
    """A monthly round for 2026 with the given version, not opened (assignments are added by hand)."""
    rule = ReportingRule(period_type=PeriodType.MONTHLY, due=DueRule.day_of_month(18))
    return Round.objects.create(code=code, title=f"Báo cáo tháng {month}", issuing_unit=issuing_unit,
                                rule=rule.to_dict(), period=Period(PeriodType.MONTHLY, 2026, month).to_dict(),
                                period_label=f"Tháng {month}/2026", status="open")


def assign(round_, units, version):
    Assignment.objects.bulk_create([Assignment(round=round_, unit=u, version=version, due_at=DUE) for u in units])
    return period_for_round(round_)
