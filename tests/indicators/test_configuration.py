"""Broken configuration is refused with Vietnamese messages (model clean) and reported by system checks."""
import pytest
from django.core.exceptions import ValidationError

from indicators.checks import indicator_configuration
from indicators.models import Indicator, Target

from .helpers import indicator, published_kpi_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def definition():
    return published_kpi_form().definition


def errors_of(ind) -> dict:
    with pytest.raises(ValidationError) as exc:
        ind.full_clean()
    return exc.value.message_dict


def test_a_rule_naming_a_missing_field_is_refused(definition):
    errors = errors_of(Indicator(code="x", name="X", definition=definition, source_kind="number",
                                 field_key="khong_co"))
    assert errors["field_key"] == ["Biểu mẫu “BCT-THU” không có trường “khong_co”."]


def test_mixing_units_is_refused(definition):
    errors = errors_of(Indicator(code="x", name="X", definition=definition, source_kind="number",
                                 field_key="so_nguoi", unit_of_measure="hồ sơ"))
    assert "không được trộn đơn vị tính" in errors["unit_of_measure"][0]
    done = indicator("dat", definition, field_key="so_dat", unit_of_measure="hồ sơ")
    people = indicator("nguoi", definition, field_key="so_nguoi", unit_of_measure="người")
    errors = errors_of(Indicator(code="r", name="R", aggregation="ratio", numerator=done, denominator=people,
                                 factor=100, unit_of_measure="%", value_type="percent"))
    assert errors["denominator"] == ["Tỷ lệ phần trăm cần tử số và mẫu số cùng đơn vị tính (“hồ sơ” và “người”)."]


def test_wrong_source_kind_column_and_option_are_refused(definition):
    assert "không dùng được cho cách lấy" in errors_of(Indicator(
        code="x", name="X", definition=definition, source_kind="yes_no", field_key="so_dat"))["source_kind"][0]
    assert errors_of(Indicator(code="x", name="X", definition=definition, source_kind="column_sum", field_key="bang",
                               column_key="ten"))["column_key"] == ["Cột “ten” có kiểu “text”, không cộng được."]
    assert errors_of(Indicator(code="x", name="X", definition=definition, source_kind="choice", field_key="muc_do",
                               choice_value="xuat_sac"))["choice_value"] == [
        "Trường “muc_do” không có lựa chọn “xuat_sac”."]


def test_share_needs_its_condition_and_ratios_need_both_sides(definition):
    errors = errors_of(Indicator(code="x", name="X", definition=definition, source_kind="number",
                                 field_key="so_nguoi", aggregation="share", unit_of_measure="%"))
    assert errors["condition_op"][0].startswith("Quy tắc tỷ lệ đơn vị đạt cần điều kiện")
    errors = errors_of(Indicator(code="r", name="R", aggregation="ratio", factor=0))
    assert set(errors) >= {"numerator", "denominator", "factor"}


def test_a_target_of_the_wrong_type_is_refused(definition):
    yes = indicator("qd", definition, field_key="da_ban_hanh", source_kind="yes_no", aggregation="min",
                    value_type="boolean")
    with pytest.raises(ValidationError) as exc:
        Target(indicator=yes, direction=">=", value=2).full_clean()
    assert exc.value.message_dict["value"] == ["Chỉ tiêu có/không chỉ nhận giá trị 1 (có) hoặc 0 (không)."]
    rate = indicator("dat", definition, field_key="so_dat", unit_of_measure="hồ sơ")
    with pytest.raises(ValidationError) as exc:
        Target(indicator=rate, direction=">=", value=100, amber_threshold=120, unit="%").full_clean()
    assert set(exc.value.message_dict) == {"amber_threshold", "unit"}


def test_system_checks_report_broken_indicators_with_ids(definition):
    ok = indicator("dat", definition, field_key="so_dat", unit_of_measure="hồ sơ")
    Target.objects.create(indicator=ok, direction=">=", value=10)
    assert indicator_configuration(databases=["default"]) == []
    # Configuration broken behind the admin's back (a field renamed in a new version, bad data import).
    Indicator.objects.filter(pk=ok.pk).update(field_key="da_doi_ten")
    Target.objects.filter(indicator=ok).update(amber_threshold=50)
    errors = indicator_configuration(databases=["default"])
    assert [e.id for e in errors] == ["indicators.E001", "indicators.E005"]
    assert "không có trường “da_doi_ten”" in errors[0].msg
    assert indicator_configuration(databases=None) == []  # only with database checks
