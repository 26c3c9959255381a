"""Completeness and timeliness counts and rates."""
from indicators.engine.completeness import Completeness, completeness_of


def test_counts_and_rates():
    c = completeness_of([("approved", False), ("submitted", True), ("returned", False), ("draft", None)])
    assert (c.expected, c.submitted, c.on_time, c.approved, c.late, c.missing) == (4, 2, 1, 1, 1, 2)
    assert (c.submitted_rate, c.on_time_rate, c.approved_rate) == (50.0, 25.0, 25.0)
    assert Completeness().submitted_rate is None  # nothing asked: không xác định
