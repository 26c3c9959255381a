"""Import jobs (lượt nhập): keep the upload, run its dry run and its commit (inline or as huey
tasks), and always end a job: done, invalid or failed, never left in a running state.

An unexpected error (a bug, the database going away) fails the job with a Vietnamese message and
logs the traceback; the commit's writes are one transaction, so a failure leaves nothing written.
The upload is kept only while it may still be committed: it is removed when a job is done,
invalid or failed, and :func:`import_jobs_clean_up` (a periodic task) fails jobs left running
by a killed worker, expires checked jobs never confirmed, and removes their files.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baocao_site.audit.services import audit_record
from formbuilder.rounds.errors import EditConflict, NotAllowed, WorkflowError
from hierarchy.importing import ImportFileError

from ..models import ImportJob, ImportStatus
from .bulk_save import submissions_bulk_save
from .plan import import_plan

logger = logging.getLogger(__name__)

RUNNING = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.COMMITTING)
UNEXPECTED = ("Lỗi hệ thống khi {what} tệp; không ghi gì. Vui lòng tải tệp lên lại, hoặc báo quản trị viên "
              "nếu lỗi lặp lại (mã lượt nhập {job}).")
STALE = ("Lượt nhập bị gián đoạn (quá {minutes} phút không tiến triển); không ghi gì. Vui lòng tải tệp lên lại.")
EXPIRED = "Lượt nhập đã hết hạn xác nhận sau {hours} giờ; không ghi gì. Vui lòng tải tệp lên lại."


def _store() -> Path:
    directory = Path(settings.VAR_DIR) / "imports" / "excel"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def job_file(job: ImportJob) -> Path:
    return _store() / f"{job.pk}.upload"


def background_threshold() -> int:
    """Return the size (bytes) from which a file is checked and committed by a background task."""
    return int(getattr(settings, "EXCEL_IMPORT_BACKGROUND_BYTES", 512 * 1024))


def import_job_create(*, user, content: bytes, filename: str, submit: bool = False) -> ImportJob:
    """Keep an uploaded file and create its job; return it (the caller runs or queues the check)."""
    limit = settings.IMPORT_MAX_FILE_BYTES
    if len(content) > limit:
        raise ImportFileError(f"Tệp quá lớn ({len(content) // 1024 // 1024} MB); giới hạn {limit // 1024 // 1024} MB.")
    job = ImportJob.objects.create(user=user, filename=(filename or "tep")[:255], file_size=len(content),
                                   submit=submit, background=len(content) >= background_threshold())
    job_file(job).write_bytes(content)
    audit_record(actor=user, action="excel.upload", obj=job, changes={"file": job.filename, "size": len(content)})
    return job


def _progress_writer(job: ImportJob) -> Callable[[int, int], None]:
    last = {"n": -1}

    def write(done: int, total: int) -> None:
        if total and (done - last["n"]) * 50 >= total or done >= total:
            last["n"] = done
            ImportJob.objects.filter(pk=job.pk).update(processed=done, total=total, updated_at=timezone.now())

    return write


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status, job.message = ImportStatus.FAILED, message
    job.save(update_fields=["status", "message", "updated_at"])
    job_file(job).unlink(missing_ok=True)
    return job


def import_job_fail_unexpected(*, job_id, what: str) -> ImportJob | None:
    """Fail a job still running after an unexpected error (the traceback is logged by the caller); return it."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in RUNNING:
        return job
    return _fail(job, UNEXPECTED.format(what=what, job=str(job.pk)[:8]))


def import_job_check(*, job: ImportJob) -> ImportJob:
    """Run the dry run of a job: counts, every problem, and the revisions it saw; return the job.

    Any unexpected error fails the job (message in Vietnamese, traceback logged) rather than
    leaving it "checking".
    """
    job.status = ImportStatus.CHECKING
    job.save(update_fields=["status", "updated_at"])
    path = job_file(job)
    if not path.exists():
        return _fail(job, "Tệp tải lên không còn trên máy chủ; vui lòng tải lên lại.")
    try:
        # No transaction around the check: its progress must be seen by the page while it runs.
        plan = import_plan(content=path.read_bytes(), filename=job.filename, user=job.user, submit=job.submit,
                           progress=_progress_writer(job))
    except ImportFileError as exc:
        return _fail(job, str(exc))
    except Exception:
        logger.exception("Excel import job %s: unexpected error while checking", job.pk)
        return _fail(job, UNEXPECTED.format(what="kiểm tra", job=str(job.pk)[:8]))
    job.refresh_from_db(fields=["processed", "total"])
    job.round, job.version = plan.round, plan.version
    job.counts = plan.counts()
    job.errors = [p.as_dict() for p in plan.problems]
    job.rows = plan.rows
    job.revisions = {str(i.submission.pk): i.submission.revision for i in plan.items}
    job.status = ImportStatus.CHECKED if plan.ok else ImportStatus.INVALID
    job.processed = job.total
    job.message = ""
    job.save()
    if not plan.ok:
        path.unlink(missing_ok=True)  # an invalid job can never be committed
    return job


def import_job_commit_queue(*, job: ImportJob, acting_user) -> ImportJob:
    """Mark a checked job for commit and queue the commit task (after this transaction); return the job."""
    from ..tasks import import_commit_task

    if job.user_id != acting_user.pk:
        raise NotAllowed("Chỉ người tải tệp lên mới xác nhận được lượt nhập này.")
    if job.status != ImportStatus.CHECKED:
        raise WorkflowError("Lượt nhập chưa kiểm tra xong hoặc còn lỗi; không thể ghi.")
    job.status = ImportStatus.COMMITTING
    job.message = "Đang ghi số liệu…"
    job.save(update_fields=["status", "message", "updated_at"])
    transaction.on_commit(lambda: import_commit_task(str(job.pk)))
    return job


def import_job_commit(*, job: ImportJob, acting_user, queued: bool = False) -> ImportJob:
    """Commit a checked job in one transaction, refusing data changed since the dry run; return the job.

    ``queued``: called by the task after :func:`import_job_commit_queue` marked the job. Any
    failure, expected or not, rolls the writes back and fails the job with a Vietnamese message.
    """
    if job.user_id != acting_user.pk:
        raise NotAllowed("Chỉ người tải tệp lên mới xác nhận được lượt nhập này.")
    expected = ImportStatus.COMMITTING if queued else ImportStatus.CHECKED
    # One transition per job, even when the confirmation is sent twice.
    if not ImportJob.objects.filter(pk=job.pk, status=expected).update(status=ImportStatus.COMMITTING):
        raise WorkflowError("Lượt nhập chưa kiểm tra xong, còn lỗi hoặc đã được ghi; không thể ghi lại.")
    job.status = ImportStatus.COMMITTING
    path = job_file(job)
    try:
        with transaction.atomic():
            plan = import_plan(content=path.read_bytes(), filename=job.filename, user=acting_user,
                               submit=job.submit)
            if not plan.ok:
                raise WorkflowError("Dữ liệu đã thay đổi từ lúc xem trước; tệp nay có lỗi.")
            result = submissions_bulk_save(items=[(i.submission, i.data) for i in plan.items],
                                           acting_user=acting_user, expected_revisions=job.revisions,
                                           submit=job.submit)
            audit_record(actor=acting_user, action="excel.import", obj=job,
                         changes={"file": job.filename, "round": plan.round.pk, "version": plan.version.pk,
                                  "saved": len(result.saved), "submitted": len(result.submitted)})
    except EditConflict:
        return _fail(job, "Có báo cáo đã được sửa từ lúc xem trước; không ghi gì. Vui lòng tải tệp lên lại "
                          "để kiểm tra với số liệu mới nhất.")
    except (ImportFileError, ValidationError) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        return _fail(job, "Không ghi gì: " + "; ".join(messages[:20]))
    except FileNotFoundError:
        return _fail(job, "Tệp tải lên không còn trên máy chủ (lượt nhập đã hết hạn); không ghi gì. "
                          "Vui lòng tải lên lại.")
    except Exception:
        logger.exception("Excel import job %s: unexpected error while committing", job.pk)
        return _fail(job, UNEXPECTED.format(what="ghi số liệu từ", job=str(job.pk)[:8]))
    job.status = ImportStatus.DONE
    job.counts = {**job.counts, "saved": len(result.saved), "submitted": len(result.submitted)}
    job.message = (f"Đã ghi {len(result.saved)} báo cáo"
                   + (f", đã nộp {len(result.submitted)}" if job.submit else "") + ".")
    job.save(update_fields=["status", "counts", "message", "updated_at"])
    path.unlink(missing_ok=True)
    return job


def import_jobs_clean_up(*, now: dt.datetime | None = None) -> dict[str, int]:
    """End abandoned jobs and remove uploads no longer needed; return counts {stale, expired, files}.

    A running job not updated for EXCEL_IMPORT_STALE_MINUTES (default 120; its worker died) and a
    checked job not confirmed within EXCEL_IMPORT_KEEP_HOURS (default 24) fail with a Vietnamese
    message; then every kept file whose job is over (or gone) is removed.
    """
    now = now or timezone.now()
    stale_minutes = int(getattr(settings, "EXCEL_IMPORT_STALE_MINUTES", 120))
    keep_hours = int(getattr(settings, "EXCEL_IMPORT_KEEP_HOURS", 24))
    stale = ImportJob.objects.filter(status__in=RUNNING, updated_at__lt=now - dt.timedelta(minutes=stale_minutes))
    stale_count = stale.update(status=ImportStatus.FAILED, message=STALE.format(minutes=stale_minutes),
                               updated_at=now)
    expired = ImportJob.objects.filter(status=ImportStatus.CHECKED,
                                       updated_at__lt=now - dt.timedelta(hours=keep_hours))
    expired_count = expired.update(status=ImportStatus.FAILED, message=EXPIRED.format(hours=keep_hours),
                                   updated_at=now)
    kept = {path.name.removesuffix(".upload"): path for path in _store().glob("*.upload")}
    alive = {str(pk) for pk in ImportJob.objects.filter(pk__in=_uuids(kept), status__in=(*RUNNING,
                                                                                    ImportStatus.CHECKED))
             .values_list("pk", flat=True)}
    removed = 0
    for name, path in kept.items():
        if name not in alive:
            path.unlink(missing_ok=True)
            removed += 1
    if stale_count or expired_count or removed:
        logger.info("Excel import clean-up: %s stale, %s expired, %s files removed", stale_count, expired_count,
                    removed)
    return {"stale": stale_count, "expired": expired_count, "files": removed}


def _uuids(names) -> list:
    import uuid

    out = []
    for name in names:
        try:
            out.append(uuid.UUID(name))
        except ValueError:
            continue
    return out
