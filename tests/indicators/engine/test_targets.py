"""Green / amber / red against a target, and targets that do not fit their indicator."""
import pytest

from indicators.engine.targets import Status, TargetSpec, judge, target_problems


@pytest.mark.parametrize("value, status", [(100, Status.GREEN), (85, Status.AMBER), (79.9, Status.RED),
                                           (None, Status.UNKNOWN)])
def test_at_least(value, status):
    assert judge(value, TargetSpec(">=", 100, amber=80)) == status


def test_at_most_and_exactly():
    assert judge(0.5, TargetSpec("<=", 1)) == Status.GREEN
    assert judge(3, TargetSpec("<=", 1, amber=5)) == Status.AMBER
    assert judge(0.0, TargetSpec("=", 0)) == Status.GREEN
    assert judge(0.4, TargetSpec("=", 0, green=0.5)) == Status.GREEN
    assert judge(2, TargetSpec("=", 0, green=0.5, amber=3)) == Status.AMBER
    assert judge(4, TargetSpec("=", 0, amber=3)) == Status.RED
    assert judge(5, None) == Status.UNKNOWN


def test_problems_collect_every_error_in_vietnamese():
    assert target_problems({"direction": ">", "value": "100%"}, value_type="percent") == [
        ("direction", "Hướng so sánh “>” không hợp lệ; chỉ dùng ≥ (>=), ≤ (<=) hoặc =."),
        ("value", "Giá trị chỉ tiêu phải là một số (nhận được: '100%')."),
    ]
    assert target_problems({"direction": "=", "value": 2}, value_type="boolean")[0][0] == "value"
    assert target_problems({"direction": ">=", "value": 100, "unit": "người"}, value_type="percent",
                           unit="%")[0][0] == "unit"
    assert target_problems({"direction": "<=", "value": 10, "amber": 5}, value_type="decimal")[0][0] == "amber"
    assert target_problems({"direction": ">=", "value": True}, value_type="decimal")[0][0] == "value"
    assert target_problems({"direction": ">=", "value": 100, "amber": 90, "baseline": 50},
                           value_type="percent") == []
