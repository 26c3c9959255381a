"""Background tasks (huey): a failed recompute is retried; each attempt is one transaction."""
from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import services
from .models import IndicatorPeriod


@db_task(retries=3, retry_delay=10)
def submission_indicators_task(submission_id: int) -> int:
    """Update a submission's values and recompute its unit's ancestors; return the result rows written."""
    return services.indicator_submission_update(submission_id=submission_id)


@db_task(retries=2, retry_delay=30)
def period_recompute_task(period_id: int) -> int:
    """Recompute a whole period in the database; return the result rows written."""
    return services.indicator_period_recompute(period=IndicatorPeriod.objects.get(pk=period_id)).rows
