"""Writes of Excel imports: check a file (dry run), commit it, and save many submissions at once.

An import goes through the web form's rules: the same permission (drafters of each unit), the
same engine validation (draft, or complete when submitting), the same optimistic lock (the
revisions the dry run saw), history (SubmissionEvent) and audit rows, and roll-ups follow
approvals as usual. A commit is one transaction: every unit's submission or none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from baocao_site.audit.models import AuditEntry
from baocao_site.audit.services import audit_record
from formbuilder.engine.calendar import is_late
from formbuilder.models import FormDefinition, FormVersion
from formbuilder.rounds import signals
from formbuilder.rounds.datadiff import diff, merge_sections
from formbuilder.rounds.errors import EditConflict, NotAllowed, SubmissionInvalid, WorkflowError
from formbuilder.rounds.models import Round, Submission, SubmissionEvent, SubmissionStatus
from formbuilder.rounds.permissions import can_draft
from formbuilder.rounds.services import _actor, _entry_open
from formbuilder.selectors import compiled_form, form_validator
from hierarchy.importing import ImportFileError
from hierarchy.models import Unit

from .models import ImportJob, ImportStatus
from .layout import form_layout
from .planning import Collector, Problem
from .reader import ReadFile, read_upload
from .workbook import FORMAT_NAME

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


# --- Bulk save ---------------------------------------------------------------------------------

class BulkSaveRefused(ValidationError):
    """Some submissions could not be saved; nothing was. ``problems`` is [(submission id, message)]."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__([message for _, message in problems])


@dataclass(frozen=True)
class BulkSaveResult:
    saved: list[int]
    submitted: list[int]
    unchanged: list[int]


def _with_rounds_and_versions(queryset) -> list[Submission]:
    """Return the submissions with their rounds and versions attached, each loaded once.

    An import touches thousands of submissions of one round and one version; joining them per
    row would decode the version's whole definition document thousands of times.
    """
    subs = list(queryset)
    rounds = Round.objects.in_bulk({s.assignment.round_id for s in subs})
    versions = FormVersion.objects.select_related("definition").in_bulk({s.version_id for s in subs})
    for sub in subs:
        sub.assignment.round = rounds[sub.assignment.round_id]
        sub.version = versions[sub.version_id]
    return subs


def _write(subs: list[Submission], field_names: list[str]) -> None:
    """UPDATE the given fields of each submission: one statement run for every row (executemany).

    Django's bulk_update builds a CASE expression per field and batch, which costs more to build
    than the rows cost to write.
    """
    if not subs:
        return
    fields = [Submission._meta.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(Submission._meta.db_table)} SET " + ", ".join(f"{qn(f.column)} = %s" for f in fields)
           + f" WHERE {qn('id')} = %s")
    params = [[f.get_db_prep_save(getattr(sub, f.attname), connection) for f in fields] + [sub.pk] for sub in subs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _audit_entries(actor, action: str, subs: list[Submission], changes_for) -> None:
    # Written directly: audit_record_many would call str() on each submission, which reads its
    # assignment's round, unit and form one query at a time.
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=actor, action=action, object_type=Submission._meta.label_lower, object_id=str(s.pk),
                   object_repr=f"{s.assignment.round.title} — {s.assignment.unit.name} — "
                               f"{s.version.definition.code}"[:255], changes=changes_for(s))
        for s in subs], batch_size=2000)


def _entry_open_memo(now):
    """Return _entry_open for ``now``, computed once per round, due time and reopening (not per unit)."""
    seen: dict[tuple, bool] = {}

    def entry_open(assignment) -> bool:
        key = (assignment.round_id, assignment.due_at, assignment.reopened_until)
        if key not in seen:
            seen[key] = _entry_open(assignment, now)
        return seen[key]

    return entry_open


def _errors_in_sections(errors, section_keys):
    return [e for e in errors if not section_keys or (e.path and e.path[0] in section_keys)]


@transaction.atomic
def submissions_bulk_save(*, items: list[tuple[Submission, dict]], acting_user, expected_revisions=None,
                          submit: bool = False, now: dt.datetime | None = None) -> BulkSaveResult:
    """Save the draft data of many submissions (and submit them when ``submit``), all or none; return ids.

    Applies submission_save_draft's checks to each (drafter of the unit, editable status, entry
    open, revision unchanged since ``expected_revisions`` {id: revision}, engine validation —
    complete when submitting) and raises BulkSaveRefused listing every refusal, EditConflict on a
    changed revision. A handful of queries whatever the count: one lock, batched updates,
    one insert of history events and one of audit entries per action.
    """
    now = now or timezone.now()
    wanted = {sub.pk: data for sub, data in items}
    locked = _with_rounds_and_versions(
        Submission.objects.select_for_update(of=("self",)).select_related("assignment__unit")
        .filter(pk__in=list(wanted)).order_by("pk"))
    entry_open = _entry_open_memo(now)
    problems: list[tuple[int, str]] = []
    field_errors = []
    planned = []
    for sub in locked:
        assignment, unit = sub.assignment, sub.assignment.unit
        if not can_draft(user=acting_user, unit=unit):
            problems.append((sub.pk, f"Bạn không có quyền soạn báo cáo của đơn vị “{unit.name}”."))
            continue
        if sub.status not in EDITABLE:
            problems.append((sub.pk, f"Báo cáo của “{unit.name}” đang ở trạng thái “{sub.get_status_display()}”, "
                                     "không thể sửa."))
            continue
        if not entry_open(assignment):
            problems.append((sub.pk, f"Đã hết hạn nhập liệu cho báo cáo của “{unit.name}”."))
            continue
        if expected_revisions is not None and int(expected_revisions.get(str(sub.pk), -1)) != sub.revision:
            raise EditConflict(theirs=sub.data, yours=wanted[sub.pk], revision=sub.revision, by=sub.updated_by)
        new_data = merge_sections(sub.data, wanted[sub.pk], assignment.section_keys)
        validator = form_validator(version=sub.version)
        errors = _errors_in_sections(validator.validate(new_data, complete=False), assignment.section_keys)
        if submit and not errors:
            errors = _errors_in_sections(validator.validate(new_data, complete=True), assignment.section_keys)
        if errors:
            field_errors.extend(errors)
            problems.extend((sub.pk, f"{unit.name}: {e.message}") for e in errors)
            continue
        planned.append((sub, new_data, diff(sub.data, new_data)))
    if len(locked) != len(wanted):
        missing = set(wanted) - {s.pk for s in locked}
        problems.extend((pk, "Không tìm thấy báo cáo.") for pk in sorted(missing))
    if problems:
        if field_errors and len(field_errors) == len(problems):
            raise SubmissionInvalid(field_errors)
        raise BulkSaveRefused(problems)

    actor = _actor(acting_user)
    saved, submitted, unchanged, events = [], [], [], []
    for sub, new_data, changes in planned:
        if changes:
            sub.data = new_data
            sub.revision += 1
            sub.updated_by = actor
            sub.updated_at = now
            saved.append(sub)
            events.append(SubmissionEvent(submission=sub, actor=actor, action="save", from_status=sub.status,
                                          to_status=sub.status, revision=sub.revision, changes=changes))
        elif not submit:
            unchanged.append(sub.pk)
        if submit:
            action = "resubmit" if sub.status == SubmissionStatus.RETURNED else "submit"
            events.append(SubmissionEvent(submission=sub, actor=actor, action=action, from_status=sub.status,
                                          to_status=SubmissionStatus.SUBMITTED, revision=sub.revision))
            if sub.submitted_at is None:
                sub.is_late = is_late(now, sub.assignment.due_at)
            sub.submitted_at = now
            sub.return_comments = {}
            sub.status = SubmissionStatus.SUBMITTED
            sub._bulk_action = action
            submitted.append(sub)
    fields = ["data", "revision", "updated_by", "updated_at"]
    _write([s for s in saved if s.status != SubmissionStatus.SUBMITTED], fields)
    _write(submitted, fields + ["status", "submitted_at", "is_late", "return_comments"])
    SubmissionEvent.objects.bulk_create(events, batch_size=2000)
    _audit_entries(actor, "submission.import_save", saved, lambda s: {"revision": s.revision, "source": "excel"})
    for action in ("submit", "resubmit"):
        _audit_entries(actor, f"submission.{action}", [s for s in submitted if s._bulk_action == action],
                       lambda s: {"status": [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED], "source": "excel"})
    notices = [(s.pk, s._bulk_action) for s in submitted]
    if notices:
        transaction.on_commit(lambda: [signals.submission_changed.send(sender=Submission, submission_id=pk,
                                                                       action=action) for pk, action in notices])
    return BulkSaveResult([s.pk for s in saved], [s.pk for s in submitted], unchanged)


# --- Import: plan (dry run) and commit -----------------------------------------------------------

@dataclass
class PlanItem:
    submission: Submission
    data: dict
    changes: list
    state: str  # "new", "updated" or "unchanged"


@dataclass
class ImportPlan:
    round: Round | None = None
    version: FormVersion | None = None
    items: list[PlanItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        states = [i.state for i in self.items]
        units_with_errors = {p.unit for p in self.problems if p.unit}
        return {"new": states.count("new"), "updated": states.count("updated"),
                "unchanged": states.count("unchanged"), "errors": len(self.problems),
                "error_units": len(units_with_errors), "rows": self.rows}


def _target(read_file: ReadFile) -> tuple[Round, FormVersion]:
    """Return the round and form version a file was made for; explain a foreign or outdated file."""
    meta = read_file.meta
    if read_file.kind == "xlsx" and meta.get("format") != FORMAT_NAME:
        raise ImportFileError("Tệp không phải mẫu nhập liệu của hệ thống (thông tin mẫu không đúng).")
    code, number, round_id = meta.get("definition", ""), meta.get("version", ""), meta.get("round", "")
    definition = FormDefinition.objects.filter(code=code).first() if code else None
    if definition is None:
        raise ImportFileError(f"Tệp được lập cho biểu mẫu “{code}”, không có trong hệ thống: sai mẫu.")
    round_ = Round.objects.filter(pk=int(round_id)).first() if str(round_id).isdigit() else None
    if round_ is None:
        raise ImportFileError("Tệp không ghi đợt báo cáo (hoặc đợt đã bị xóa). Hãy tải lại mẫu của đợt.")
    used = (FormVersion.objects.filter(round_uses__round=round_, definition=definition)
            .select_related("definition").first())
    if used is None:
        raise ImportFileError(f"Đợt “{round_.title}” không dùng biểu mẫu “{code}”: sai mẫu.")
    if str(used.number) != str(number):
        older = str(number).isdigit() and int(number) < used.number
        raise ImportFileError(
            f"Tệp được lập theo phiên bản {number} của biểu mẫu “{code}”, nhưng đợt “{round_.title}” dùng "
            f"phiên bản {used.number}" + (" (mới hơn)" if older else "") +
            ". Vui lòng tải mẫu mới của đợt và chép số liệu sang.")
    return round_, used


def import_plan(*, content: bytes, filename: str, user, submit: bool = False, progress: Callable | None = None,
                now: dt.datetime | None = None) -> ImportPlan:
    """Read and check a file against the web form's rules without writing; return the plan.

    Raises ImportFileError (Vietnamese) for a file that cannot be used at all (malformed, too
    large, foreign or outdated template).
    """
    now = now or timezone.now()
    read_file = read_upload(content=content, filename=filename)
    round_, version = _target(read_file)
    compiled = compiled_form(version=version)
    collector = Collector(compiled)
    collector.use_resources(form_layout(compiled))
    total_rows = max(read_file.rows, 1)
    collector.read(read_file, progress=(lambda n: progress(n, total_rows * 2)) if progress else None)
    plan = ImportPlan(round=round_, version=version, problems=list(collector.problems), rows=collector.rows)

    codes = list(collector.units)
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    subs = {s.assignment.unit.code: s for s in _with_rounds_and_versions(
        Submission.objects.filter(assignment__round=round_, assignment__version=version,
                                  assignment__unit__code__in=codes).select_related("assignment__unit"))}
    validator = form_validator(version=version)
    entry_open = _entry_open_memo(now)

    def at(values, where):
        si, row, col = where
        sheet = collector.sheets[si]
        header = sheet.headers[col] if col < len(sheet.headers) else ""
        from .planning import column_letter
        return {"sheet": sheet.name, "row": row, "column": column_letter(col), "header": header}

    for i, (code, values) in enumerate(collector.units.items(), start=1):
        if progress and i % 200 == 0:
            progress(total_rows + i * total_rows // max(len(codes), 1), total_rows * 2)
        unit, sub = units.get(code), subs.get(code)
        message = None
        if unit is None:
            message = f"Mã đơn vị “{code}” không có trong hệ thống."
        elif sub is None:
            message = f"Đơn vị “{code} – {unit.name}” không được giao biểu mẫu này trong đợt “{round_.title}”."
        elif not can_draft(user=user, unit=unit):
            message = (f"Bạn không có quyền nhập số liệu cho đơn vị “{code} – {unit.name}” "
                       "(ngoài phạm vi đơn vị bạn soạn báo cáo).")
        elif sub.status not in EDITABLE:
            message = (f"Báo cáo của “{unit.name}” đang ở trạng thái “{sub.get_status_display()}”, không thể sửa "
                       "bằng tệp.")
        elif not entry_open(sub.assignment):
            message = f"Đã hết hạn nhập liệu cho báo cáo của “{unit.name}”."
        if message:
            plan.problems.append(Problem(message=message, unit=code, **at(values, values.first)))
            continue
        section_keys = sub.assignment.section_keys
        new_data = merge_sections(sub.data, values.merged_into(sub.data), section_keys)
        errors = _errors_in_sections(validator.validate(new_data, complete=False), section_keys)
        if submit and not errors:
            errors = _errors_in_sections(validator.validate(new_data, complete=True), section_keys)
        for error in errors:
            where = collector.locate(values, error.path)
            plan.problems.append(Problem(message=f"{unit.name}: {error.message}", unit=code, **at(values, where)))
        if errors:
            continue
        changes = diff(sub.data, new_data)
        state = "unchanged" if not changes else ("new" if not sub.data and sub.revision == 0 else "updated")
        plan.items.append(PlanItem(sub, new_data, changes, state))
    if not collector.units and not plan.problems:
        plan.problems.append(Problem(message="Tệp không có dòng số liệu nào của đơn vị."))
    plan.problems.sort(key=lambda p: (p.sheet, p.row or 0, p.column))
    if progress:
        progress(total_rows * 2, total_rows * 2)
    return plan


# --- Jobs ----------------------------------------------------------------------------------------

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
    return job


def import_job_check(*, job: ImportJob) -> ImportJob:
    """Run the dry run of a job: counts, every problem, and the revisions it saw; return the job."""
    job.status = ImportStatus.CHECKING
    job.save(update_fields=["status", "updated_at"])
    path = job_file(job)
    if not path.exists():
        return _fail(job, "Tệp tải lên không còn trên máy chủ; vui lòng tải lên lại.")
    try:
        plan = import_plan(content=path.read_bytes(), filename=job.filename, user=job.user, submit=job.submit,
                           progress=_progress_writer(job))
    except ImportFileError as exc:
        return _fail(job, str(exc))
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
    return job


def import_job_commit_queue(*, job: ImportJob, acting_user) -> ImportJob:
    """Mark a checked job for commit and queue the commit task (after this transaction); return the job."""
    from .tasks import import_commit_task

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

    ``queued``: called by the task after :func:`import_job_commit_queue` marked the job.
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
        plan = import_plan(content=path.read_bytes(), filename=job.filename, user=acting_user, submit=job.submit)
        if not plan.ok:
            raise WorkflowError("Dữ liệu đã thay đổi từ lúc xem trước; tệp nay có lỗi.")
        with transaction.atomic():
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
    job.status = ImportStatus.DONE
    job.counts = {**job.counts, "saved": len(result.saved), "submitted": len(result.submitted)}
    job.message = (f"Đã ghi {len(result.saved)} báo cáo"
                   + (f", đã nộp {len(result.submitted)}" if job.submit else "") + ".")
    job.save(update_fields=["status", "counts", "message", "updated_at"])
    path.unlink(missing_ok=True)
    return job
