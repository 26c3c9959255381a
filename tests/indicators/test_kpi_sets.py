"""The KPI sets of seeds 001 and 004 load as indicators with their targets (demo loader)."""
import json

import pytest
from django.core.exceptions import ValidationError

from formbuilder.demo import DEFINITIONS_DIR
from formbuilder.services import form_definition_import
from indicators.demo import KPI_SETS, load_indicators_demo
from indicators.kpi_sets import kpi_set_load
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


def import_fixture(code):
    document = json.loads((DEFINITIONS_DIR / f"{code}.json").read_text(encoding="utf-8"))
    return form_definition_import(document=document, publish=True).definition


def test_demo_loads_both_kpi_sets_with_targets_once():
    for code in KPI_SETS:
        import_fixture(code)
    counts = load_indicators_demo()
    assert counts == load_indicators_demo()  # idempotent
    assert counts["indicators"] == Indicator.objects.count() > 60
    rate = Indicator.objects.select_related("target", "numerator", "denominator").get(
        code="BCT-CDS-2026/nen_tang_dung_chung_ty_le")
    assert (rate.aggregation, rate.factor, rate.unit_of_measure, rate.value_type) == ("ratio", 100, "%", "percent")
    assert (rate.numerator.field_key, rate.denominator.field_key) == ("nen_tang_dung_chung_so_dat",
                                                                      "nen_tang_dung_chung_tong_so")
    assert (rate.target.direction, rate.target.value) == (">=", 100)
    assert "seed 001" in rate.target.source
    errors = Indicator.objects.get(code="BCT-CDS-2026/du_lieu_loi_nghiem_trong_ty_le").target
    assert (errors.direction, errors.value) == ("=", 0)
    tasks = Indicator.objects.get(code="BCT-CDS-2026/nhiem_vu_co_thoi_han_ty_le")
    assert (tasks.numerator.source_kind, tasks.numerator.column_key, tasks.denominator.source_kind) == (
        "column_sum", "hoan_thanh_dung_han", "row_count")
    assert Indicator.objects.get(code="BCT-CDS-2026/giam_thoi_gian_xu_ly_ty_le").aggregation == "avg"
    yearly = Indicator.objects.get(code="BCT-CDS-2026/dao_tao_ky_nang_so_so_lan_nam")
    assert (yearly.aggregation, yearly.target.value, yearly.target.unit) == ("min", 1, "lần/năm")
    assert Indicator.objects.filter(code__startswith="BCT-GSTX-2025-2030/", target__isnull=False).count() == 12


def test_seed_004_targets_of_all_units_load_as_the_share_of_units_meeting_them():
    """Seed 004: "100% cấp ủy, tổ chức đảng ban hành Quyết định phân công" — the share of units whose own
    rate reaches 100 %, with the counts kept as sums; seed 001 keeps its ratio of sums."""
    for code in KPI_SETS:
        import_fixture(code)
    load_indicators_demo()
    gstx = Indicator.objects.filter(code__startswith="BCT-GSTX-2025-2030/", target__isnull=False)
    assert {i.aggregation for i in gstx} == {"share"}
    decision = Indicator.objects.select_related("target", "definition").get(
        code="BCT-GSTX-2025-2030/cap_uy_qd_phan_cong_ty_le")
    assert (decision.source_kind, decision.field_key, decision.definition.code) == (
        "number", "cap_uy_qd_phan_cong_ty_le", "BCT-GSTX-2025-2030")
    assert (decision.condition_op, decision.condition_value, decision.numerator_id, decision.value_type) == (
        ">=", 100, None, "percent")
    assert (decision.target.direction, decision.target.value, decision.target.unit) == (">=", 100, "%")
    done = Indicator.objects.get(code="BCT-GSTX-2025-2030/cap_uy_qd_phan_cong_so_dat")
    assert (done.aggregation, done.field_key) == ("sum", "cap_uy_qd_phan_cong_so_dat")
    assert Indicator.objects.get(code="BCT-CDS-2026/nen_tang_dung_chung_ty_le").aggregation == "ratio"
    # A unit with 17 of 18 committees does not meet; one with 18 of 18 does: half the units.
    from indicators.configuration import indicator_rule
    from indicators.engine.rules import State, finalize, merge_all

    rule = indicator_rule(decision)
    states = [State.of_value(v, at=None, condition=rule.condition, expected=1) for v in (17 / 18 * 100, 100.0)]
    assert finalize(rule, merge_all(states)) == 50.0


def test_a_target_that_does_not_fit_its_indicator_refuses_the_whole_set():
    document = json.loads((DEFINITIONS_DIR / "BCT-CDS-2026.json").read_text(encoding="utf-8"))
    document["code"] = "BCT-HONG"
    document["items"][2]["children"][2]["target"]["unit"] = "hồ sơ"  # a % indicator aiming at "hồ sơ"
    definition = form_definition_import(document=document, publish=True).definition
    with pytest.raises(ValidationError) as exc:
        kpi_set_load(definition=definition)
    assert "Đơn vị tính của chỉ tiêu phấn đấu (“hồ sơ”) khác đơn vị tính của chỉ tiêu (“%”)" in exc.value.messages[0]
    assert not Indicator.objects.filter(code__startswith="BCT-HONG/").exists()
