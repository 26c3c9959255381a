"""Background tasks (huey) for large files: the dry run and the commit of an import job, and the
hourly clean-up of abandoned jobs and their uploads.

Imported by models.py so that the huey consumer, which loads every app's models, knows them. A
task never leaves its job running: whatever escapes the service fails the job (traceback logged).
"""
from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger(__name__)


def _fail_on_error(job_id: str, what: str) -> str:
    from .services.jobs import import_job_fail_unexpected

    logger.exception("Excel import job %s: task failed while %s", job_id, what)
    job = import_job_fail_unexpected(job_id=job_id, what=what)
    return job.status if job else "missing"


@db_task()
def import_check_task(job_id: str) -> str:
    """Run the dry run of a job; return its status."""
    from .models import ImportJob
    from .services import import_job_check

    try:
        job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
        return import_job_check(job=job).status if job else "missing"
    except Exception:
        return _fail_on_error(job_id, "kiểm tra")


@db_task()
def import_commit_task(job_id: str) -> str:
    """Commit a checked job as the user who uploaded it; return its status."""
    from .models import ImportJob
    from .services import import_job_commit

    try:
        job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
        return import_job_commit(job=job, acting_user=job.user, queued=True).status if job else "missing"
    except Exception:
        return _fail_on_error(job_id, "ghi số liệu từ")


@db_periodic_task(crontab(minute="17"))
def import_jobs_clean_up_task() -> dict:
    """Every hour: fail abandoned jobs, expire unconfirmed ones and remove uploads no longer needed."""
    from .services import import_jobs_clean_up

    return import_jobs_clean_up()
