"""Writes of Excel imports: check a file (dry run), commit it, and save many submissions at once.

An import goes through the web form's rules: the same permission (drafters of each unit), the
same engine validation (draft, or complete when submitting), the same optimistic lock (the
revisions the dry run saw), history (SubmissionEvent) and audit rows, and roll-ups follow
approvals as usual. A commit is one transaction: every unit's submission or none.

Modules by concern, dependencies pointing one way: ``bulk_save`` (many submissions at once) ←
``plan`` (the dry run) ← ``jobs`` (uploads, tasks, commit, clean-up).
"""
from .bulk_save import EDITABLE, BulkSaveRefused, BulkSaveResult, submissions_bulk_save
from .jobs import (background_threshold, import_job_check, import_job_commit, import_job_commit_queue,
                   import_job_create, import_jobs_clean_up, job_file)
from .plan import ImportPlan, PlanItem, import_plan

__all__ = ["EDITABLE", "BulkSaveRefused", "BulkSaveResult", "ImportPlan", "PlanItem", "background_threshold",
           "import_job_check", "import_job_commit", "import_job_commit_queue", "import_job_create",
           "import_jobs_clean_up", "import_plan", "job_file", "submissions_bulk_save"]
