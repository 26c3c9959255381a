"""Writes of the indicators app: values from approved submissions, full and incremental roll-ups.

Each recompute is one transaction that first locks its period row, so two recomputes of the same
period never interleave and a failed one leaves the previous results untouched.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction

from baocao_site.audit.services import audit_record
from formbuilder.rounds.models import Submission, SubmissionStatus
from formbuilder.selectors import compiled_form

from .configuration import indicator_source
from .engine.rules import Aggregation
from .engine.sources import extract_values
from .incremental import SharedValues, recompute_unit_and_ancestors
from .models import Indicator, IndicatorPeriod, IndicatorResult, IndicatorValue
from .periods import contained_period_ids, enclosing_periods, period_for_round, round_ids_for, shortest_first
from .rollup_sql import Plan, rollup_period_sql
from .tree_links import unit_links_refresh

# Submission actions after which the values a submission contributes may have changed.
VALUE_ACTIONS = frozenset({"approve", "unapprove"})

# Inside :func:`indicator_refresh_deferred`: the ids of the periods whose values changed, rolled up once
# on leaving; outside it, None (every approval refreshes its unit's ancestors at once).
_deferred: ContextVar[set[int] | None] = ContextVar("indicator_refresh_deferred", default=None)


@dataclass(frozen=True)
class Recompute:
    """What a recompute did: the period, the result rows written and the time it took."""

    period: str
    rows: int
    seconds: float


def _active_indicators(definition_ids=None) -> tuple[list[Indicator], list[Indicator]]:
    """Return (base indicators, ratio indicators) that are active; limited to some definitions if given.

    With definitions, the ratios touching them come along with their other side.
    """
    active = Indicator.objects.filter(is_active=True)
    base = list(active.exclude(aggregation=Aggregation.RATIO).filter(definition__isnull=False)
                .exclude(field_key=""))
    ratios = [r for r in active.filter(aggregation=Aggregation.RATIO)
              if r.numerator_id and r.denominator_id]
    known = {i.pk for i in base}
    ratios = [r for r in ratios if r.numerator_id in known and r.denominator_id in known]
    if definition_ids is None:
        return base, ratios
    touched = {i.pk for i in base if i.definition_id in definition_ids}
    ratios = [r for r in ratios if r.numerator_id in touched or r.denominator_id in touched]
    wanted = touched | {r.numerator_id for r in ratios} | {r.denominator_id for r in ratios}
    return [i for i in base if i.pk in wanted], ratios


def _lock(period: IndicatorPeriod) -> IndicatorPeriod:
    return IndicatorPeriod.objects.select_for_update().get(pk=period.pk)


def _early_warning_on_commit(period_id: int) -> None:
    """Queue the period's early warning once the recompute commits, as approvals queue their update."""
    from . import tasks  # tasks imports this module

    transaction.on_commit(lambda: tasks.early_warning_task(period_id))


@transaction.atomic
def indicator_period_recompute(*, period: IndicatorPeriod, acting_user=None, warn: bool = True) -> Recompute:
    """Recompute every result of ``period`` in the database, in one transaction; return what was done.

    A longer period (a quarter, a year) combines each unit's values of the periods inside it by
    each indicator's period rule before rolling up. The period's early warning is queued on commit,
    so every whole-period recompute (the command, the task, an approval's first roll-up) warns;
    ``warn=False`` leaves it out (the benchmark times it apart).
    """
    start = time.perf_counter()
    period = _lock(period)
    unit_links_refresh()
    base, ratios = _active_indicators()
    period_ids = contained_period_ids(period)
    others = Indicator.objects.exclude(pk__in=[i.pk for i in base]).exists()
    plan = Plan(period_id=period.pk, period_ids=period_ids, indicators=base, ratios=ratios,
                round_ids=round_ids_for(period_ids), filter_indicators=others)
    rows = rollup_period_sql(plan)
    audit_record(actor=acting_user, action="indicators.recompute", obj=period, changes={"rows": rows})
    if warn:
        _early_warning_on_commit(period.pk)
    return Recompute(period=period.key, rows=rows, seconds=time.perf_counter() - start)


def _values_sync(submission: Submission, period: IndicatorPeriod, indicators: list[Indicator]) -> int:
    """Write the submission's values if it is approved, or remove them; return the rows written."""
    IndicatorValue.objects.filter(submission=submission).delete()
    if submission.status != SubmissionStatus.APPROVED or not indicators:
        return 0
    unit_id = submission.assignment.unit_id
    IndicatorValue.objects.filter(period=period, unit_id=unit_id, indicator__in=indicators).delete()
    values = extract_values(compiled_form(version=submission.version), submission.data,
                            [indicator_source(i) for i in indicators])
    IndicatorValue.objects.bulk_create([
        IndicatorValue(period=period, unit_id=unit_id, indicator_id=pk, value=value, submission=submission,
                       reported_at=submission.approved_at) for pk, value in values.items()])
    return len(values)


def _refresh(*, period: IndicatorPeriod, unit, base: list[Indicator], ratios: list[Indicator],
             shared: SharedValues) -> int:
    """Bring ``period``'s results up to date after a change of ``unit``'s values; return rows written.

    A period without results for these indicators yet (its first approval, or a quarter whose first
    month was just approved) is rolled up whole, so that every unit's result exists and equals a full recompute;
    afterwards only the unit and its ancestors are recomputed.
    """
    period = _lock(period)
    if not IndicatorResult.objects.filter(period=period, indicator_id__in=[i.pk for i in base]).exists():
        return indicator_period_recompute(period=period).rows
    period_ids = contained_period_ids(period)
    return recompute_unit_and_ancestors(unit=unit, period=period, period_ids=period_ids,
                                        round_ids=round_ids_for(period_ids), indicators=base, ratios=ratios,
                                        shared=shared)


@transaction.atomic
def indicator_submission_update(*, submission_id: int) -> int:
    """Bring a submission's indicator values in line with its status, then recompute its unit and
    ancestors for its period and for the quarter, half-year and year around it (created when
    missing, see :func:`periods.enclosing_periods`); return the result rows written.

    Idempotent: it reads the submission's current status, so a retried or late task is harmless.
    Periods are locked shortest first, as every recompute does, so two approvals never deadlock.
    """
    submission = (Submission.objects.select_related("assignment__round", "assignment__unit", "version")
                  .filter(pk=submission_id).first())
    if submission is None:
        return 0
    definition_id = submission.version.definition_id
    base, ratios = _active_indicators({definition_id})
    if not base:
        return 0
    period = _lock(period_for_round(submission.assignment.round))
    own = [i for i in base if i.definition_id == definition_id and i.source_kind]
    _values_sync(submission, period, own)
    unit = submission.assignment.unit
    periods = [period, *enclosing_periods(period)]
    deferred = _deferred.get()
    if deferred is not None:
        deferred.update(p.pk for p in periods)
        return 0
    # The widest period holds the others: the chain's values are read once for all of them.
    shared = SharedValues(pk for p in periods for pk in contained_period_ids(p))
    return sum(_refresh(period=target, unit=unit, base=base, ratios=ratios, shared=shared) for target in periods)


@contextmanager
def indicator_refresh_deferred(*, acting_user=None):
    """Let approvals inside the block write their values only; on leaving it, recompute each period they
    touched (with its quarter, half-year and year) once, whole, shortest first; yield the set of
    touched period ids (filled as the block runs).

    For bulk work run in one process with its tasks inline (``load_demo``): hundreds of approvals then
    cost a few whole-period roll-ups instead of hundreds of ancestor refreshes of four periods each.
    The results equal those of the refreshes (both equal a full recompute). If the block raises,
    nothing is recomputed; the values written stay, and a full recompute brings results in line.
    """
    touched: set[int] = set()
    token = _deferred.set(touched)
    try:
        yield touched
    finally:
        _deferred.reset(token)
    for period in shortest_first(IndicatorPeriod.objects.filter(pk__in=touched)):
        indicator_period_recompute(period=period, acting_user=acting_user)
