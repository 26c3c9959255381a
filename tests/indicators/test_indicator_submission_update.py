"""indicator_submission_update (the huey task run on an approval's commit): the month and the quarter,
half-year and year around it are current at once, and equal a full recompute (the SQL path)."""
import datetime as dt
import math
import random

import pytest

from formbuilder.rounds.models import Assignment, Submission, SubmissionStatus
from indicators.models import IndicatorPeriod, IndicatorResult
from indicators.services import indicator_period_recompute, indicator_submission_update

from .helpers import VN, assign, every_rule, monthly_round, published_kpi_form, random_tree

pytestmark = pytest.mark.django_db


def snapshot(period):
    return sorted((r.unit_id, r.indicator_id, r.value, r.reporting, r.expected, r.total, r.minimum, r.maximum,
                   r.meeting, r.last_at) for r in IndicatorResult.objects.filter(period=period))


def assert_same(incremental, full):
    assert len(incremental) == len(full) > 0
    for a, b in zip(incremental, full):
        assert a[:2] == b[:2] and a[3:5] == b[3:5] and a[8:] == b[8:], (a, b)
        for x, y in zip(a[2:3] + a[5:8], b[2:3] + b[5:8]):
            assert x == y or (x is not None and y is not None and math.isclose(x, y, abs_tol=1e-9)), (a, b)


def report(rng):
    return {"phan_a": {"so_dat": rng.randint(0, 8), "tong_so": rng.randint(0, 10), "so_nguoi": rng.randint(0, 90),
                       "da_ban_hanh": rng.random() < 0.5, "muc_do": rng.choice(["tot", "kha"]),
                       "bang": [{"ten": "Việc", "dung_han": rng.randint(0, 1)} for _ in range(rng.randint(0, 3))]}}


@pytest.mark.parametrize("seed", [8, 9])
def test_each_approval_refreshes_the_quarter_half_year_and_year_like_a_full_recompute(seed):
    rng = random.Random(seed)
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    for code, how in (("tb", "avg"), ("sau_cung", "last")):
        indicators[code].period_combine = how
        indicators[code].save()
    units = random_tree(seed, size=18)
    asked = rng.sample(units, k=10)
    assert not IndicatorPeriod.objects.filter(key__in=["2026-Q1", "2026-H1", "2026-Y"]).exists()
    approved = []
    for month in (1, 2, 3):
        round_ = monthly_round(code=f"t{month}-{seed}", issuing_unit=units[0], version=version, month=month)
        assign(round_, asked, version)
        for n, unit in enumerate(rng.sample(asked, k=4)):
            sub = Submission.objects.create(
                assignment=Assignment.objects.get(round=round_, unit=unit), version=version, data=report(rng),
                status=SubmissionStatus.APPROVED, approved_at=dt.datetime(2026, month + 1, 2 + n, tzinfo=VN))
            approved.append(sub)
            if month > 1 and n == 0:  # an earlier month's report taken back changes the quarter too
                sub = approved.pop(0)
                sub.status = SubmissionStatus.RETURNED
                sub.save()
            assert indicator_submission_update(submission_id=sub.pk) > 0
            # Quarter first: the full recompute below then starts the next approval from a known state.
            for key in ("2026-Q1", "2026-H1", "2026-Y"):
                period = IndicatorPeriod.objects.get(key=key)
                incremental = snapshot(period)
                indicator_period_recompute(period=period)
                assert_same(incremental, snapshot(period))
    quarter = IndicatorPeriod.objects.get(key="2026-Q1")
    assert (quarter.label, quarter.starts_on, quarter.ends_on) == ("Quý I/2026", dt.date(2026, 1, 1),
                                                                  dt.date(2026, 3, 31))


def test_the_first_approval_of_a_month_computes_every_unit_not_only_its_chain(tree):
    """A quarter made by an approval holds the units asked elsewhere too (reporting 0 of their expected)."""
    version = published_kpi_form()
    indicators = every_rule(version.definition)
    round_ = monthly_round(code="t1", issuing_unit=tree.TW, version=version, month=1)
    assign(round_, [tree.A, tree.B, tree.C], version)
    sub = Submission.objects.create(assignment=Assignment.objects.get(round=round_, unit=tree.A), version=version,
                                    data=report(random.Random(1)), status=SubmissionStatus.APPROVED,
                                    approved_at=dt.datetime(2026, 2, 3, tzinfo=VN))
    indicator_submission_update(submission_id=sub.pk)
    for key in ("2026-M01", "2026-Q1", "2026-H1", "2026-Y"):
        row = IndicatorResult.objects.get(period__key=key, unit=tree.Q, indicator=indicators["dat"])
        assert (row.value, row.reporting, row.expected) == (None, 0, 1), key  # C asked, not reported
        assert IndicatorResult.objects.get(period__key=key, unit=tree.TW, indicator=indicators["dat"]).expected == 3


def _deferred_scenario(seed):
    rng = random.Random(seed)
    version = published_kpi_form()
    every_rule(version.definition)
    units = random_tree(seed, size=14)
    asked = rng.sample(units, k=8)
    subs = []
    for month in (1, 2):
        round_ = monthly_round(code=f"d{month}-{seed}", issuing_unit=units[0], version=version, month=month)
        assign(round_, asked, version)
        for n, unit in enumerate(rng.sample(asked, k=3)):
            subs.append(Submission.objects.create(
                assignment=Assignment.objects.get(round=round_, unit=unit), version=version, data=report(rng),
                status=SubmissionStatus.APPROVED, approved_at=dt.datetime(2026, month + 1, 2 + n, tzinfo=VN)))
    return subs


def test_deferred_approvals_write_values_then_roll_each_touched_period_up_once():
    """load_demo's bulk mode: inside the block an approval writes values only; on leaving it, each month,
    quarter, half-year and year touched is recomputed once and equals a full recompute."""
    from indicators.models import IndicatorValue
    from indicators.services import indicator_refresh_deferred

    subs = _deferred_scenario(5)
    with indicator_refresh_deferred() as touched:
        for sub in subs:
            assert indicator_submission_update(submission_id=sub.pk) == 0
        assert IndicatorValue.objects.filter(submission__in=subs).exists()
        assert not IndicatorResult.objects.exists()
    keys = set(IndicatorPeriod.objects.filter(pk__in=touched).values_list("key", flat=True))
    assert keys == {"2026-M01", "2026-M02", "2026-Q1", "2026-H1", "2026-Y"}
    for period in IndicatorPeriod.objects.filter(pk__in=touched):
        rolled = snapshot(period)
        indicator_period_recompute(period=period)
        assert_same(rolled, snapshot(period))


def test_a_failing_deferred_block_rolls_nothing_up():
    from indicators.services import indicator_refresh_deferred

    subs = _deferred_scenario(6)
    with pytest.raises(RuntimeError), indicator_refresh_deferred():
        indicator_submission_update(submission_id=subs[0].pk)
        raise RuntimeError("interrupted")
    assert not IndicatorResult.objects.exists()
    # Outside the block, approvals refresh at once again.
    assert indicator_submission_update(submission_id=subs[1].pk) > 0
