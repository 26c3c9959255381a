"""Aggregation rules over plain states: every rule, and undefined values (không xác định)."""
import pytest

from indicators.engine.rules import (
    Aggregation, Condition, Rule, State, divide, finalize, format_value, merge_all, ratio_value,
)


def states(*values, condition=None):
    return merge_all(State.of_value(v, condition=condition) for v in values)


@pytest.mark.parametrize("aggregation, expected", [
    (Aggregation.SUM, 12.0), (Aggregation.AVERAGE, 4.0), (Aggregation.MIN, 1.0), (Aggregation.MAX, 8.0),
    (Aggregation.COUNT, 3.0),
])
def test_each_rule_over_three_units(aggregation, expected):
    assert finalize(Rule(aggregation), states(3, 1, 8)) == expected


def test_share_counts_units_meeting_the_condition():
    rule = Rule(Aggregation.SHARE, condition=Condition(">=", 1))
    assert finalize(rule, states(0, 1, 2, 5, condition=rule.condition)) == 75.0


def test_last_value_is_the_latest_report_then_the_larger_value():
    rule = Rule(Aggregation.LAST)
    state = merge_all([State.of_value(5, at=2), State.of_value(9, at=1), State.of_value(7, at=2)])
    assert finalize(rule, state) == 7
    assert finalize(rule, merge_all([State.of_value(3), State.of_value(2, at=0)])) == 2  # a time beats none


def test_nothing_reported_is_undefined_except_the_count():
    empty = State.expecting(4)
    for aggregation in (Aggregation.SUM, Aggregation.AVERAGE, Aggregation.MIN, Aggregation.SHARE, Aggregation.LAST):
        assert finalize(Rule(aggregation), empty) is None
    assert finalize(Rule(Aggregation.COUNT), empty) == 0.0
    assert empty.expected == 4


def test_ratio_of_sums_and_division_by_zero():
    assert ratio_value(states(3, 2), states(10, 10), 100) == 25.0
    assert ratio_value(states(3), states(0, 0), 100) is None
    assert ratio_value(states(3), State.expecting(), 100) is None
    assert divide(1, 0) is None and divide(None, 2) is None and divide(1, 4, 100) == 25.0


def test_merge_counts_reporting_and_expected():
    merged = State.of_value(2, expected=1).merge(State.expecting()).merge(State.of_value(4))
    assert (merged.reporting, merged.expected, merged.total, merged.minimum, merged.maximum) == (2, 2, 6, 2, 4)


def test_format_value_vietnamese():
    assert format_value(1234567.5) == "1.234.567,5"
    assert format_value(100.0) == "100"
    assert format_value(None) == "không xác định"
