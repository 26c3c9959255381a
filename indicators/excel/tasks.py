"""Background tasks (huey) for large files: the dry run and the commit of an import job.

Imported by models.py so that the huey consumer, which loads every app's models, knows them.
"""
from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def import_check_task(job_id: str) -> str:
    """Run the dry run of a job; return its status."""
    from .models import ImportJob
    from .services import import_job_check

    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    return import_job_check(job=job).status if job else "missing"


@db_task()
def import_commit_task(job_id: str) -> str:
    """Commit a checked job as the user who uploaded it; return its status."""
    from .models import ImportJob
    from .services import import_job_commit

    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    return import_job_commit(job=job, acting_user=job.user, queued=True).status if job else "missing"
