"""Will an indicator meet its target by the end of the period? A pure projection (no Django).

Given a period (start, end), today, the value so far and the values of the shorter periods inside
it already reported (trend points), project the value at the period's end and decide:

* **đạt** — the projected value meets the target (or the period is over and the value met it);
* **có nguy cơ không đạt** — the period is still running and the projection misses the target;
* **không đạt** — the period is over and the value missed, or a cumulative value has already
  passed a ceiling it can no longer come back under;
* **không xác định** — no value, or no target.

Two ways to project, chosen by the indicator's period rule:

* *cumulative* (values added up over the period: counts, sums) — linear pace: the value so far
  divided by the days the reports cover, times the days of the period;
* *level* (rates, averages, the latest value) — the trend of the points (least squares over
  their end dates) carried to the period's end; one point is kept as it is.

A report covers a whole period: the days covered are those up to the end of the latest point, not
up to today (April's figures are not in before April ends). A value with no points is the whole
period's value and is its own projection.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..engine.targets import Status, TargetSpec, judge


class Verdict(StrEnum):
    MET = "met"
    AT_RISK = "at_risk"
    MISSED = "missed"
    UNKNOWN = "unknown"

    @property
    def label_vi(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.MET: "Đạt", Verdict.AT_RISK: "Có nguy cơ không đạt", Verdict.MISSED: "Không đạt",
    Verdict.UNKNOWN: "Không xác định",
}


@dataclass(frozen=True)
class Point:
    """The value of one shorter period inside the period, reported up to ``ends_on``."""

    ends_on: dt.date
    value: float | None


@dataclass(frozen=True)
class Projection:
    """The value so far, its projection at the period's end, and what that means for the target."""

    current: float | None
    projected: float | None
    status: Status  # of the value so far
    projected_status: Status
    verdict: Verdict
    covered_until: dt.date | None = None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _trend(points: Sequence[Point], starts_on: dt.date, ends_on: dt.date) -> float | None:
    """Return the least-squares line through the points, read at ``ends_on`` (the last value if flat)."""
    xs = [(p.ends_on - starts_on).days for p in points]
    ys = [p.value for p in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return ys[-1]
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread
    return mean_y + slope * ((ends_on - starts_on).days - mean_x)


def _clamp(value: float | None, lower: float | None, upper: float | None) -> float | None:
    if value is None:
        return None
    if lower is not None:
        value = max(value, lower)
    if upper is not None:
        value = min(value, upper)
    return value


def _passed_ceiling(current: float, target: TargetSpec) -> bool:
    """Return True when a growing (cumulative, non-negative) value can no longer meet ``target``."""
    if target.direction == "<=":
        return current > (target.value if target.green is None else target.green)
    if target.direction == "=":
        return current > target.value + (target.green or 0)
    return False


def project(*, starts_on: dt.date, ends_on: dt.date, today: dt.date, target: TargetSpec | None,
            points: Sequence[Point] = (), current: float | None = None, cumulative: bool = False,
            lower: float | None = None, upper: float | None = None) -> Projection:
    """Return the projection of an indicator at the end of the period ``starts_on``–``ends_on``.

    ``current`` is the value so far over the whole period (when None: the sum of the points for a
    cumulative indicator, the latest point otherwise). ``lower``/``upper`` bound a level's
    projection (0 and 100 for a percentage).
    """
    points = sorted((p for p in points if _finite(p.value) is not None and p.ends_on <= ends_on),
                    key=lambda p: p.ends_on)
    if current is None and points:
        current = sum(p.value for p in points) if cumulative else points[-1].value
    current = _finite(current)
    status = judge(current, target)
    if current is None or target is None:
        return Projection(current, None, status, Status.UNKNOWN, Verdict.UNKNOWN)
    covered_until = min(points[-1].ends_on, today) if points else ends_on
    covered_until = max(covered_until, starts_on)
    if today > ends_on or covered_until >= ends_on:
        projected = current
    elif cumulative:
        elapsed = (covered_until - starts_on).days + 1
        projected = _finite(current * ((ends_on - starts_on).days + 1) / elapsed)
    else:
        projected = _clamp(_finite(_trend(points, starts_on, ends_on)), lower, upper) if points else current
    projected_status = judge(projected, target)
    over = today > ends_on or covered_until >= ends_on
    if over:
        verdict = Verdict.MET if status is Status.GREEN else Verdict.MISSED
    elif cumulative and current >= 0 and _passed_ceiling(current, target):
        verdict = Verdict.MISSED
    elif projected_status is Status.GREEN:
        verdict = Verdict.MET
    elif projected_status is Status.UNKNOWN:
        verdict = Verdict.UNKNOWN
    else:
        verdict = Verdict.AT_RISK
    return Projection(current, projected, status, projected_status, verdict, covered_until)
