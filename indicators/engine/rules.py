"""Aggregation rules as plain data, and the partial state every rule is computed from.

A :class:`State` summarises the values of a set of units; merging two states is associative
and commutative, so a subtree's state is the merge of its units' states in any order. That
is what lets the SQL adapter aggregate leaves to their parents first and then re-aggregate
the small result upward, and the incremental path rebuild one ancestor from its children.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Aggregation(StrEnum):
    """How the values of the units of a subtree combine into one value (quy tắc tổng hợp)."""

    SUM = "sum"
    AVERAGE = "avg"
    MIN = "min"
    MAX = "max"
    COUNT = "count"
    RATIO = "ratio"
    SHARE = "share"
    LAST = "last"

    @property
    def label_vi(self) -> str:
        return AGGREGATION_LABELS[self]


AGGREGATION_LABELS = {
    Aggregation.SUM: "Tổng",
    Aggregation.AVERAGE: "Trung bình",
    Aggregation.MIN: "Nhỏ nhất",
    Aggregation.MAX: "Lớn nhất",
    Aggregation.COUNT: "Số đơn vị có báo cáo",
    Aggregation.RATIO: "Tỷ lệ giữa hai tổng (tử số ÷ mẫu số × hệ số)",
    Aggregation.SHARE: "Tỷ lệ đơn vị đạt điều kiện (%)",
    Aggregation.LAST: "Giá trị báo cáo sau cùng",
}


class PeriodCombine(StrEnum):
    """How a unit's values of several periods combine into a longer period (cộng dồn các kỳ)."""

    SUM = "sum"
    AVERAGE = "avg"
    LAST = "last"

    @property
    def label_vi(self) -> str:
        return {"sum": "Cộng dồn các kỳ", "avg": "Trung bình các kỳ", "last": "Lấy kỳ sau cùng"}[self.value]


COMPARATORS = {">=": operator.ge, "<=": operator.le, "=": operator.eq, ">": operator.gt, "<": operator.lt}
COMPARATOR_LABELS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
UNDEFINED_VI = "không xác định"


@dataclass(frozen=True)
class Condition:
    """What a unit's value must satisfy to count as meeting (đạt), e.g. ``Condition(">=", 1)``."""

    op: str
    threshold: float

    def holds(self, value: float) -> bool:
        return COMPARATORS[self.op](value, self.threshold)

    def __str__(self) -> str:
        return f"{COMPARATOR_LABELS.get(self.op, self.op)} {self.threshold:g}"


@dataclass(frozen=True)
class Rule:
    """One indicator's aggregation rule. Ratio rules name their numerator and denominator indicators."""

    aggregation: Aggregation = Aggregation.SUM
    condition: Condition | None = None
    numerator: Any = None
    denominator: Any = None
    factor: float = 1.0
    period_combine: PeriodCombine = PeriodCombine.SUM


def _last_key(last: tuple[Any, float]):
    # A value with a report time beats one without; then the later time; then the larger value,
    # so that the choice never depends on the order the values were read in.
    at, value = last
    return (at is not None, at if at is not None else 0, value)


def later(a: tuple[Any, float] | None, b: tuple[Any, float] | None) -> tuple[Any, float] | None:
    """Return the later of two (reported at, value) pairs; None counts as absent."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _last_key(a) >= _last_key(b) else b


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _max(a, b):
    return b if a is None else a if b is None else max(a, b)


@dataclass(frozen=True)
class State:
    """What the rules need to know about the values of a set of units.

    ``reporting`` counts units with a value, ``expected`` units asked to report; ``total``,
    ``minimum`` and ``maximum`` are None when no unit reported; ``meeting`` counts values
    meeting the rule's condition; ``last`` is the latest (reported at, value) pair.
    """

    reporting: int = 0
    expected: int = 0
    total: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    meeting: int = 0
    last: tuple[Any, float] | None = None

    @classmethod
    def of_value(cls, value: float, *, at=None, condition: Condition | None = None, expected: int = 0) -> State:
        """Return the state of one unit that reported ``value``."""
        meets = 1 if condition is not None and condition.holds(value) else 0
        return cls(1, expected, value, value, value, meets, (at, value))

    @classmethod
    def expecting(cls, count: int = 1) -> State:
        """Return the state of ``count`` units asked to report that have not reported."""
        return cls(expected=count)

    def merge(self, other: State) -> State:
        """Return the state of the union of two disjoint sets of units."""
        total = (self.total if other.total is None else other.total if self.total is None
                 else self.total + other.total)
        return State(self.reporting + other.reporting, self.expected + other.expected, total,
                     _min(self.minimum, other.minimum), _max(self.maximum, other.maximum),
                     self.meeting + other.meeting, later(self.last, other.last))


EMPTY = State()


def merge_all(states) -> State:
    """Return the merge of ``states`` (the empty state when there are none); one pass per field,
    the same as merging them pair by pair."""
    states = list(states)
    if not states:
        return EMPTY
    totals = [s.total for s in states if s.total is not None]
    minima = [s.minimum for s in states if s.minimum is not None]
    maxima = [s.maximum for s in states if s.maximum is not None]
    lasts = [s.last for s in states if s.last is not None]
    return State(sum(s.reporting for s in states), sum(s.expected for s in states),
                 sum(totals) if totals else None, min(minima) if minima else None,
                 max(maxima) if maxima else None, sum(s.meeting for s in states),
                 max(lasts, key=_last_key) if lasts else None)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def divide(numerator: float | None, denominator: float | None, factor: float = 1.0) -> float | None:
    """Return numerator ÷ denominator × factor, or None (không xác định) when undefined."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    try:
        return _finite(numerator / denominator * factor)
    except (OverflowError, ZeroDivisionError):
        return None


def finalize(rule: Rule, state: State) -> float | None:
    """Return the value ``rule`` gives a subtree whose state is ``state`` (None: không xác định).

    Ratio rules need two states; see :func:`ratio_value`.
    """
    agg = rule.aggregation
    if agg is Aggregation.COUNT:
        return float(state.reporting)
    if state.reporting == 0:
        return None
    if agg is Aggregation.SUM:
        return _finite(state.total)
    if agg is Aggregation.AVERAGE:
        return divide(state.total, state.reporting)
    if agg is Aggregation.MIN:
        return state.minimum
    if agg is Aggregation.MAX:
        return state.maximum
    if agg is Aggregation.SHARE:
        return divide(state.meeting, state.reporting, 100.0)
    if agg is Aggregation.LAST:
        return state.last[1] if state.last else None
    raise ValueError(f"rule {agg} needs the numerator and denominator states")


def ratio_value(numerator: State, denominator: State, factor: float) -> float | None:
    """Return Σ numerator ÷ Σ denominator × factor, or None when a side has no value or the divisor is 0."""
    if numerator.reporting == 0 or denominator.reporting == 0:
        return None
    return divide(numerator.total, denominator.total, factor)


def ratio_counts(numerator: State, denominator: State) -> tuple[int, int]:
    """Return (reporting, expected) of a ratio: units that reported the scarcer side, of the larger ask."""
    return min(numerator.reporting, denominator.reporting), max(numerator.expected, denominator.expected)


def format_value(value: float | None, *, decimals: int = 2) -> str:
    """Return ``value`` the Vietnamese way (1.234,5), or "không xác định" for None."""
    if value is None:
        return UNDEFINED_VI
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
