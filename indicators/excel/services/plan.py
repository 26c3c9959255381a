"""The dry run of an import: read a file, recognise its round and form version, and check every
unit's data against the web form's rules without writing; return the plan (counts, problems)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from django.utils import timezone

from formbuilder.models import FormDefinition, FormVersion
from formbuilder.rounds.datadiff import diff
from formbuilder.rounds.models import Round, Submission
from formbuilder.rounds.permissions import can_draft
from formbuilder.selectors import compiled_form, definition_by_code, form_validator
from hierarchy.importing import ImportFileError
from hierarchy.models import Unit

from ..layout import form_layout
from ..planning import Collector, Problem, column_letter
from ..reader import ReadFile, read_upload
from ..workbook import FORMAT_NAME
from .bulk_save import EDITABLE, _entry_open_memo, _errors_in_scope, _merged, _scope_memo, _with_rounds_and_versions


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
    definition = definition_by_code(code=code) if code else None
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
    scope_of = _scope_memo()

    def at(values, where):
        si, row, col = where
        sheet = collector.sheets[si]
        header = sheet.headers[col] if col < len(sheet.headers) else ""
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
        scope = scope_of(sub)
        new_data = _merged(scope, sub.data, values.merged_into(sub.data))
        errors = _errors_in_scope(validator.validate(new_data, complete=False), scope)
        if submit and not errors:
            errors = _errors_in_scope(validator.validate(new_data, complete=True), scope)
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

