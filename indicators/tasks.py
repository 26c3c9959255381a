"""Background tasks (huey): a failed recompute is retried; each attempt is one transaction. Early
warnings go out each morning and after a period is recomputed."""
from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, db_task

from formbuilder.rounds.tasks import vn_crontab

from . import services
from .models import IndicatorPeriod


@db_task(retries=3, retry_delay=10)
def submission_indicators_task(submission_id: int) -> int:
    """Update a submission's values and recompute its unit's ancestors; return the result rows written."""
    return services.indicator_submission_update(submission_id=submission_id)


@db_task(retries=2, retry_delay=30)
def period_recompute_task(period_id: int) -> int:
    """Recompute a whole period in the database (its early warning queued on commit); return the result
    rows written."""
    return services.indicator_period_recompute(period=IndicatorPeriod.objects.get(pk=period_id)).rows


@db_task()
def early_warning_task(period_id: int) -> int:
    """Warn reviewers about one period's indicators (right after its recompute); return notifications sent."""
    from .early_warning.services import early_warning_notify

    return len(early_warning_notify(period=IndicatorPeriod.objects.get(pk=period_id)))


@db_periodic_task(vn_crontab(hour=7, minute=15))
def early_warning_daily() -> int:
    """Cảnh báo sớm: each morning, warn reviewers about the periods running or just ended."""
    from .early_warning.services import early_warning_notify

    return len(early_warning_notify())
