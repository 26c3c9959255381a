"""Demo indicators: the KPI sets of seed 001 (BCT-CDS-2026) and seed 004 (BCT-GSTX-2025-2030)."""
from __future__ import annotations

from django.db.models import Q

from baocao_site.audit.services import audit_record
from formbuilder.models import FormDefinition

from .kpi_sets import kpi_set_load
from .models import Indicator, IndicatorPeriod, IndicatorResult, Target
from .services import indicator_period_recompute

KPI_SETS = ("BCT-CDS-2026", "BCT-GSTX-2025-2030")
# Seed 004's targets are "100% of committees / bodies do X", each commune reporting its own: the issue
# names the "share of units meeting a condition" rule for them. Seed 001's count documents, platforms
# and people inside one body, where the ratio of sums is the figure the target speaks of.
SHARE_OF_UNITS = frozenset({"BCT-GSTX-2025-2030"})

# The seeds give only the target; the "gần đạt" (amber) band is the administrator's choice. The demo
# sets one so the dashboards show all three statuses: within 10 points of a 100% target, within
# 10 points of a 30% reduction, and half a point of error around a 0% error rate.
AMBER_BANDS = {(">=", 100.0): 90.0, (">=", 30.0): 20.0, ("=", 0.0): 0.5}


def _amber_bands_set() -> int:
    """Give an amber band to the seed targets without one (an administrator's band is kept); return how many."""
    changed = 0
    seeds = Q()
    for code in KPI_SETS:
        seeds |= Q(indicator__code__startswith=f"{code}/")
    for target in Target.objects.filter(seeds, amber_threshold__isnull=True):
        band = AMBER_BANDS.get((target.direction, float(target.value)))
        if band is None:
            continue
        target.amber_threshold = band
        target.full_clean()
        target.save(update_fields=["amber_threshold"])
        audit_record(actor=None, action="indicators.target_band", obj=target, changes={"amber_threshold": band})
        changed += 1
    return changed


def load_indicators_demo() -> dict[str, int]:
    """Load the indicators and targets of the seed KPI sets (idempotent); return the counts.

    Needs the fixture definitions loaded and published first (``load_formbuilder_demo``).
    """
    for definition in FormDefinition.objects.filter(code__in=KPI_SETS):
        if definition.published_version() is not None:
            kpi_set_load(definition=definition, share_of_units=definition.code in SHARE_OF_UNITS)
    _amber_bands_set()
    return {"indicators": Indicator.objects.count(), "indicator_targets": Target.objects.count()}


def recompute_indicators_demo(*, done=frozenset()) -> dict[str, int]:
    """Recompute every period, so the roll-up results exist; return the counts. Periods whose ids are in
    ``done`` were just recomputed (on leaving :func:`indicator_refresh_deferred`) and are left alone."""
    periods = list(IndicatorPeriod.objects.all())
    for period in periods:
        if period.pk not in done:
            indicator_period_recompute(period=period)
    return {"indicator_periods": len(periods), "indicator_results": IndicatorResult.objects.count()}
