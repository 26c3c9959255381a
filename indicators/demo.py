"""Demo indicators: the KPI sets of seed 001 (BCT-CDS-2026) and seed 004 (BCT-GSTX-2025-2030)."""
from __future__ import annotations

from formbuilder.models import FormDefinition

from .kpi_sets import kpi_set_load
from .models import Indicator, Target

KPI_SETS = ("BCT-CDS-2026", "BCT-GSTX-2025-2030")


def load_indicators_demo() -> dict[str, int]:
    """Load the indicators and targets of the seed KPI sets (idempotent); return the counts.

    Needs the fixture definitions loaded and published first (``load_formbuilder_demo``).
    """
    for definition in FormDefinition.objects.filter(code__in=KPI_SETS):
        if definition.published_version() is not None:
            kpi_set_load(definition=definition)
    return {"indicators": Indicator.objects.count(), "indicator_targets": Target.objects.count()}
