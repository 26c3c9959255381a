"""Configuration problems of an indicator, collected all at once with their check ids."""
from formbuilder.engine import compile_definition
from indicators.engine.validation import IndicatorSpec, RatioPart, indicator_problems

from .test_sources import DOCUMENT

FIELDS = compile_definition(DOCUMENT).fields


def spec(**fields):
    base = {"code": "x", "unit": "", "value_type": "decimal", "aggregation": "sum", "source_kind": "number",
            "definition": "BCT-THU", "definition_published": True, "field_key": "dat"}
    return IndicatorSpec(**{**base, **fields})


def codes(problems):
    return [(p.code, p.field) for p in problems]


def test_a_good_source_has_no_problem():
    assert indicator_problems(spec(), FIELDS) == []


def test_unpublished_definition_and_missing_field():
    assert codes(indicator_problems(spec(definition_published=False), None)) == [("E001", "definition")]
    assert codes(indicator_problems(spec(field_key="khong_co"), FIELDS)) == [("E001", "field_key")]


def test_ratio_parts_must_be_plain_sources_with_matching_units_for_a_percentage():
    part = RatioPart("dat", "hồ sơ", "sum", True)
    other = RatioPart("nguoi", "người", "sum", True)
    ratio = RatioPart("tl", "%", "ratio", False)
    problems = indicator_problems(spec(aggregation="ratio", definition=None, field_key="", unit="%",
                                       numerator=part, denominator=other, factor=100), FIELDS)
    assert codes(problems) == [("E004", "denominator")]
    problems = indicator_problems(spec(aggregation="ratio", definition=None, field_key="", numerator=ratio,
                                       denominator=None, factor=None), FIELDS)
    assert codes(problems) == [("E003", "numerator"), ("E003", "denominator"), ("E003", "factor")]


def test_share_condition_and_boolean_value_type():
    assert codes(indicator_problems(spec(aggregation="share", unit="người"), FIELDS)) == [
        ("E006", "condition_op"), ("E004", "unit_of_measure")]
    assert codes(indicator_problems(spec(condition_op=">=", condition_value=1), FIELDS)) == [("E006", "condition_op")]
    assert codes(indicator_problems(spec(value_type="boolean", source_kind="yes_no", field_key="co"), FIELDS)) == [
        ("E002", "value_type")]
