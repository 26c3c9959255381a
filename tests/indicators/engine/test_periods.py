"""Period keys and how a unit's months combine into a quarter or a year."""
import pytest

from formbuilder.engine.calendar import Period, PeriodType
from indicators.engine.periods import combine_periods, parse_period_key, period_key, round_period_key
from indicators.engine.rules import PeriodCombine


@pytest.mark.parametrize("period, key", [
    (Period(PeriodType.MONTHLY, 2026, 3), "2026-M03"), (Period(PeriodType.QUARTERLY, 2026, 1), "2026-Q1"),
    (Period(PeriodType.HALF_YEAR, 2026, 2), "2026-H2"), (Period(PeriodType.NINE_MONTHS, 2026, 1), "2026-N9"),
    (Period(PeriodType.YEARLY, 2026, 1), "2026-Y"),
])
def test_keys_round_trip(period, key):
    assert period_key(period) == key
    assert parse_period_key(key) == period


def test_round_keys_and_unknown_keys_have_no_calendar_period():
    assert round_period_key("dot-2") == "dot:dot-2"
    assert parse_period_key("dot:dot-2") is None and parse_period_key("2026-M13") is None


def test_months_combine_by_sum_average_or_last():
    months = [(1, 10.0, "a"), (3, 30.0, "c"), (2, 20.0, None)]
    assert combine_periods(months, PeriodCombine.SUM) == (60.0, "c")
    assert combine_periods(months, PeriodCombine.AVERAGE) == (20.0, "c")
    assert combine_periods(months, PeriodCombine.LAST) == (30.0, "c")
    assert combine_periods([], PeriodCombine.SUM) is None
