"""The projection of an indicator to the end of its period: plain pytest and hypothesis, no database."""
import datetime as dt
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from indicators.early_warning.projection import Point, Verdict, project
from indicators.engine.targets import Status, TargetSpec, judge

YEAR = dict(starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
AT_LEAST_1200 = TargetSpec(">=", 1200)
AT_LEAST_80 = TargetSpec(">=", 80, amber=60)


def months(*values, year=2026):
    """Points at the end of January, February, … of ``year``."""
    ends = [dt.date(year, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 12)] + [dt.date(year, 12, 31)]
    return [Point(ends[i], v) for i, v in enumerate(values)]


def test_a_cumulative_indicator_on_pace_is_met():
    # 300 in the first quarter (90 days of 365) paces to about 1217 ≥ 1200.
    p = project(**YEAR, today=dt.date(2026, 4, 20), target=AT_LEAST_1200, points=months(100, 100, 100),
                cumulative=True)
    assert p.current == 300 and p.covered_until == dt.date(2026, 3, 31)
    assert round(p.projected) == 1217 and p.verdict is Verdict.MET and p.status is Status.RED


def test_a_cumulative_indicator_behind_pace_is_at_risk():
    p = project(**YEAR, today=dt.date(2026, 4, 20), target=AT_LEAST_1200, points=months(90, 90, 90),
                cumulative=True)
    assert round(p.projected) == 1095 and p.verdict is Verdict.AT_RISK
    assert p.verdict.label_vi == "Có nguy cơ không đạt"


def test_the_days_covered_are_those_reported_not_the_days_passed():
    """Today is late April but only January is in: the pace is January's, not January spread over April."""
    p = project(**YEAR, today=dt.date(2026, 4, 28), target=AT_LEAST_1200, points=months(100), cumulative=True)
    assert p.covered_until == dt.date(2026, 1, 31) and round(p.projected) == round(100 * 365 / 31)


def test_a_cumulative_value_past_its_ceiling_has_already_missed():
    at_most_10 = TargetSpec("<=", 10)
    p = project(**YEAR, today=dt.date(2026, 3, 5), target=at_most_10, points=months(6, 6), cumulative=True)
    assert p.verdict is Verdict.MISSED and p.verdict.label_vi == "Không đạt"


def test_a_rate_follows_its_trend():
    falling = project(**YEAR, today=dt.date(2026, 4, 10), target=AT_LEAST_80, points=months(90, 87, 84),
                      lower=0, upper=100)
    assert falling.status is Status.GREEN and falling.verdict is Verdict.AT_RISK  # green now, not in December
    assert 50 < falling.projected < 60
    rising = project(**YEAR, today=dt.date(2026, 4, 10), target=AT_LEAST_80, points=months(70, 74, 78),
                     upper=100)
    assert rising.status is Status.AMBER and rising.verdict is Verdict.MET and rising.projected == 100


def test_one_point_of_a_rate_is_kept_as_it_is():
    p = project(**YEAR, today=dt.date(2026, 2, 10), target=AT_LEAST_80, points=months(75))
    assert p.projected == 75 and p.verdict is Verdict.AT_RISK


def test_after_the_end_the_value_is_final():
    met = project(**YEAR, today=dt.date(2027, 1, 5), target=AT_LEAST_1200, current=1250, cumulative=True)
    missed = project(**YEAR, today=dt.date(2027, 1, 5), target=AT_LEAST_80, current=70)
    assert (met.projected, met.verdict) == (1250, Verdict.MET)
    assert (missed.projected, missed.verdict) == (70, Verdict.MISSED)


def test_a_value_of_the_whole_period_is_its_own_projection():
    """A month's report covers the month: nothing to extrapolate even while the month runs."""
    p = project(starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 4, 30), today=dt.date(2026, 4, 20),
                target=AT_LEAST_80, current=70, cumulative=True)
    assert (p.projected, p.verdict) == (70, Verdict.MISSED)


def test_nothing_reported_or_no_target_is_unknown():
    assert project(**YEAR, today=dt.date(2026, 5, 1), target=AT_LEAST_80).verdict is Verdict.UNKNOWN
    assert project(**YEAR, today=dt.date(2026, 5, 1), target=None, points=months(1)).verdict is Verdict.UNKNOWN
    undefined = project(**YEAR, today=dt.date(2026, 5, 1), target=AT_LEAST_80, points=[Point(dt.date(2026, 1, 31),
                                                                                              None)])
    assert undefined.verdict is Verdict.UNKNOWN and undefined.verdict.label_vi == "Không xác định"


def test_a_period_of_one_day_or_backwards_does_not_crash():
    day = dt.date(2026, 5, 1)
    assert project(starts_on=day, ends_on=day, today=day, target=AT_LEAST_80, current=90,
                   cumulative=True).verdict is Verdict.MET
    assert project(starts_on=day, ends_on=day - dt.timedelta(days=3), today=day, target=AT_LEAST_80,
                   points=[Point(day - dt.timedelta(days=5), 10)], cumulative=True).verdict is Verdict.MISSED


# --- properties ------------------------------------------------------------------------------------------

values = st.floats(min_value=0, max_value=1e6, allow_nan=False)
days = st.integers(min_value=0, max_value=364)
targets = st.builds(TargetSpec, direction=st.sampled_from([">=", "<=", "="]),
                    value=st.floats(min_value=0, max_value=1e6, allow_nan=False))


@st.composite
def series(draw):
    ends = sorted(set(draw(st.lists(days, min_size=1, max_size=12))))
    return [Point(YEAR["starts_on"] + dt.timedelta(days=d), draw(values)) for d in ends]


@given(points=series(), target=targets, today=days)
def test_a_cumulative_projection_never_falls_below_the_value_so_far(points, target, today):
    p = project(**YEAR, today=YEAR["starts_on"] + dt.timedelta(days=today), target=target, points=points,
                cumulative=True)
    assert p.projected >= p.current - 1e-6 * max(1, abs(p.current))


@given(points=series(), target=targets, cumulative=st.booleans())
def test_after_the_end_the_verdict_is_the_targets_judgement_of_the_value(points, target, cumulative):
    p = project(**YEAR, today=dt.date(2027, 2, 1), target=target, points=points, cumulative=cumulative)
    assert p.projected == p.current
    assert p.verdict is (Verdict.MET if judge(p.current, target) is Status.GREEN else Verdict.MISSED)


@given(value=values, n=st.integers(min_value=1, max_value=11), target=targets)
def test_a_flat_rate_projects_to_itself(value, n, target):
    p = project(**YEAR, today=dt.date(2026, 12, 1), target=target, points=months(*[value] * n))
    assert abs(p.projected - value) <= 1e-6 * max(1, value)


@given(points=series(), target=targets, today=days, cumulative=st.booleans())
def test_while_running_the_verdict_follows_the_projection(points, target, today, cumulative):
    p = project(**YEAR, today=YEAR["starts_on"] + dt.timedelta(days=today), target=target, points=points,
                cumulative=cumulative)
    if p.verdict is Verdict.MET:
        assert p.projected_status is Status.GREEN
    if p.verdict is Verdict.AT_RISK:
        assert p.projected_status in (Status.AMBER, Status.RED)


@given(points=series(), today=days)
def test_bounds_hold(points, today):
    p = project(**YEAR, today=YEAR["starts_on"] + dt.timedelta(days=today), target=AT_LEAST_80, points=points,
                lower=0, upper=100)
    assert 0 <= p.projected <= 100 or p.projected == p.current


def test_the_projection_and_its_package_import_no_django():
    code = ("import sys; import indicators.early_warning.projection, indicators.early_warning.planning; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail', 'huey')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
