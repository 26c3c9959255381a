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


def test_a_target_that_does_not_fit_its_indicator_refuses_the_whole_set():
    document = json.loads((DEFINITIONS_DIR / "BCT-CDS-2026.json").read_text(encoding="utf-8"))
    document["code"] = "BCT-HONG"
    document["items"][2]["children"][2]["target"]["unit"] = "hồ sơ"  # a % indicator aiming at "hồ sơ"
    definition = form_definition_import(document=document, publish=True).definition
    with pytest.raises(ValidationError) as exc:
        kpi_set_load(definition=definition)
    assert "Đơn vị tính của chỉ tiêu phấn đấu (“hồ sơ”) khác đơn vị tính của chỉ tiêu (“%”)" in exc.value.messages[0]
    assert not Indicator.objects.filter(code__startswith="BCT-HONG/").exists()
