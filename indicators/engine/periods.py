"""Period keys and how a unit's values of several periods combine into a longer one."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from formbuilder.engine.calendar import CalendarError, Period, PeriodType

from .rules import PeriodCombine

_KEY_PARTS = {
    PeriodType.MONTHLY: "M{index:02d}", PeriodType.QUARTERLY: "Q{index}", PeriodType.HALF_YEAR: "H{index}",
    PeriodType.NINE_MONTHS: "N9", PeriodType.YEARLY: "Y",
}
ROUND_PREFIX = "dot:"
_KEY_RE = re.compile(r"^(?P<year>\d{4})-(?:(?P<m>M)(?P<mi>\d{2})|(?P<q>Q)(?P<qi>[1-4])|(?P<h>H)(?P<hi>[12])"
                     r"|(?P<n>N9)|(?P<y>Y))$")


def period_key(period: Period) -> str:
    """Return the stable key of a calendar period: 2026-M03, 2026-Q1, 2026-H2, 2026-N9, 2026-Y."""
    return f"{period.year}-" + _KEY_PARTS[period.kind].format(index=period.index)


def round_period_key(round_code: str) -> str:
    """Return the key of a round that has no calendar period (một lần, đột xuất)."""
    return f"{ROUND_PREFIX}{round_code}"


def parse_period_key(key: str) -> Period | None:
    """Return the calendar period of ``key``, or None for a round key or an unknown key."""
    match = _KEY_RE.match(key or "")
    if not match:
        return None
    try:
        return _calendar_period(match)
    except CalendarError:  # e.g. 2026-M13
        return None


def _calendar_period(match) -> Period:
    year = int(match["year"])
    if match["m"]:
        return Period(PeriodType.MONTHLY, year, int(match["mi"]))
    if match["q"]:
        return Period(PeriodType.QUARTERLY, year, int(match["qi"]))
    if match["h"]:
        return Period(PeriodType.HALF_YEAR, year, int(match["hi"]))
    if match["n"]:
        return Period(PeriodType.NINE_MONTHS, year, 1)
    return Period(PeriodType.YEARLY, year, 1)


def combine_periods(values: Iterable[tuple[Any, float, Any]], how: PeriodCombine) -> tuple[float, Any] | None:
    """Return (value, reported at) of one unit over several periods, or None when there is none.

    ``values`` holds (period end, value, reported at). Sum and average use every period;
    "last" keeps the value of the latest period (the larger value on a tie).
    """
    rows = list(values)
    if not rows:
        return None
    at = max((r[2] for r in rows if r[2] is not None), default=None)
    if how is PeriodCombine.SUM:
        return float(sum(r[1] for r in rows)), at
    if how is PeriodCombine.AVERAGE:
        return sum(r[1] for r in rows) / len(rows), at
    end, value, last_at = max(rows, key=lambda r: (r[0], r[1]))
    return value, last_at
