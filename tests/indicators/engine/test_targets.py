"""Green / amber / red against a target, and targets that do not fit their indicator."""
import pytest

from indicators.engine.targets import Status, TargetSpec, judge, progress, target_problems


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


@pytest.mark.parametrize("target, value, status", [
    (TargetSpec(">=", 100, baseline=60), 80, Status.AMBER),  # improved on the baseline, short of the target
    (TargetSpec(">=", 100, baseline=60), 60, Status.RED),  # no better than the baseline
    (TargetSpec(">=", 100, baseline=60), 100, Status.GREEN),
    (TargetSpec(">=", 100, baseline=60, amber=90), 80, Status.RED),  # the administrator's band wins
    (TargetSpec(">=", 100, baseline=100), 99, Status.RED),  # a target to keep: no band
    (TargetSpec("<=", 2, baseline=5), 3, Status.AMBER),
    (TargetSpec("<=", 2, baseline=5), 5.5, Status.RED),
    (TargetSpec("=", 0, baseline=4), 1, Status.RED),  # "=" keeps its tolerances only
])
def test_the_baseline_gives_the_amber_band_when_none_is_set(target, value, status):
    assert judge(value, target) == status


def test_progress_from_the_baseline_toward_the_target():
    assert progress(80, TargetSpec(">=", 100, baseline=60)) == 50.0
    assert progress(50, TargetSpec(">=", 100, baseline=60)) == -25.0
    assert progress(3.5, TargetSpec("<=", 2, baseline=5)) == 50.0
    assert progress(120, TargetSpec(">=", 100, baseline=60)) == 150.0
    for value, target in ((80, TargetSpec(">=", 100)), (None, TargetSpec(">=", 100, baseline=60)),
                          (1, TargetSpec("=", 0, baseline=4)), (100, TargetSpec(">=", 100, baseline=100)),
                          (80, None)):
        assert progress(value, target) is None


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
