"""Periods of results: one per calendar period (2026-M03 …) or per round without a calendar period."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from formbuilder.engine.calendar import Period, PeriodType, period_containing
from formbuilder.rounds.models import Round

from .engine.periods import ROUND_PREFIX, parse_period_key, period_key, round_period_key
from .models import IndicatorPeriod


def round_key(round: Round) -> str:
    """Return the period key of a round's values."""
    return period_key(Period.from_dict(round.period)) if round.period else round_period_key(round.code)


def period_for_round(round: Round) -> IndicatorPeriod:
    """Return (creating it once) the IndicatorPeriod a round's values belong to."""
    if round.period:
        return period_get(key=round_key(round))
    period, _ = IndicatorPeriod.objects.get_or_create(
        key=round_key(round), defaults={"label": round.title[:200], "starts_on": round.cutoff_from,
                                        "ends_on": round.cutoff_to})
    return period


def period_get(*, key: str) -> IndicatorPeriod:
    """Return (creating it once) the IndicatorPeriod of a calendar period key such as 2026-Q1."""
    calendar = parse_period_key(key)
    if calendar is None:
        return IndicatorPeriod.objects.get(key=key)
    period, _ = IndicatorPeriod.objects.get_or_create(
        key=key, defaults={"label": calendar.label_vi, "starts_on": calendar.start, "ends_on": calendar.end})
    return period


def contained_period_ids(period: IndicatorPeriod) -> list[int]:
    """Return the ids of the periods whose values make up ``period``: itself and the periods inside it."""
    if period.starts_on is None or period.ends_on is None or parse_period_key(period.key) is None:
        return [period.pk]
    inside = IndicatorPeriod.objects.filter(starts_on__gte=period.starts_on, ends_on__lte=period.ends_on)
    return sorted(set(inside.values_list("pk", flat=True)) | {period.pk})


# The longer periods an approval keeps current (issue 5: "results are always current"): every
# indicator's period rule (sum, average, last) combines the months into them.
ENCLOSING_KINDS = (PeriodType.QUARTERLY, PeriodType.HALF_YEAR, PeriodType.YEARLY)


def enclosing_periods(period: IndicatorPeriod) -> list[IndicatorPeriod]:
    """Return the longer calendar periods containing ``period``, shortest first.

    Its quarter, half-year and year are created when missing; any other longer calendar period
    already kept (a nine-month period, say) comes along. A round without a calendar period has none.
    """
    calendar = parse_period_key(period.key)
    if calendar is None:
        return []
    for kind in ENCLOSING_KINDS:
        longer = period_containing(kind, calendar.start)
        if longer != calendar and longer.start <= calendar.start and longer.end >= calendar.end:
            period_get(key=period_key(longer))
    found = [p for p in IndicatorPeriod.objects.filter(starts_on__lte=calendar.start, ends_on__gte=calendar.end)
             .exclude(pk=period.pk) if parse_period_key(p.key) is not None]
    return shortest_first(found)


def shortest_first(periods) -> list[IndicatorPeriod]:
    """Return ``periods`` shortest first (a round without dates first), the order every recompute locks in."""
    return sorted(periods, key=lambda p: ((p.ends_on - p.starts_on).days if p.starts_on and p.ends_on else -1,
                                          p.key))


def rounds_in(keys) -> QuerySet[Round]:
    """Return the rounds whose values fall in one of the period ``keys`` (lazy: usable as a subquery)."""
    q = Q()
    for key in keys:
        calendar = parse_period_key(key)
        if calendar is not None:
            q |= Q(period__kind=calendar.kind.value, period__year=calendar.year, period__index=calendar.index)
        elif key.startswith(ROUND_PREFIX):
            q |= Q(code=key[len(ROUND_PREFIX):], period__isnull=True)
    return Round.objects.filter(q) if q else Round.objects.none()


def round_ids_for(period_ids: list[int]) -> list[int]:
    """Return the ids of the rounds whose values fall in one of ``period_ids``."""
    keys = IndicatorPeriod.objects.filter(pk__in=period_ids).values_list("key", flat=True)
    return list(rounds_in(keys).values_list("pk", flat=True))
