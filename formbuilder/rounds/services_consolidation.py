"""Consolidation (tổng hợp): build the merged outline from the submissions, save the edited text,
export it as .docx. The merging itself is the pure ``consolidation`` module; this adapter reads the
rows, and writes one ``ConsolidatedReport`` per (round, outline, unit) with an audit entry.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from baocao_site.audit.services import audit_record
from formbuilder.models import FormKind, FormVersion
from formbuilder.selectors import compiled_form
from hierarchy.selectors import unit_ancestors

from .consolidation import (
    Contribution, MergedPart, TableBlock, default_meta, form_tables, guess_style, merge_outline, province_place,
)
from .docx_export import ReportDocument, build_docx
from .errors import WorkflowError
from .models import Round, Submission
from .models_consolidation import ConsolidatedReport
from .selectors_review import DONE, ConsolidationScope, consolidation_submissions

META_FIELDS = ("superior", "issuer", "number", "symbol", "place", "date", "title", "subtitle", "sign_on_behalf",
               "sign_position", "signer_name", "recipients")


@dataclass
class Consolidation:
    """What the consolidation page shows: the parts (saved text, or freshly merged), the appendices,
    and the units whose report is not in yet."""

    round: Round
    version: FormVersion
    scope: ConsolidationScope
    report: ConsolidatedReport
    merged: list[MergedPart]
    tables: list[TableBlock] = field(default_factory=list)
    waiting: list[Submission] = field(default_factory=list)

    @property
    def parts(self) -> list[dict]:
        """Return the parts to edit: the saved text where there is one, the merged text otherwise."""
        saved = {p["key"]: p for p in (self.report.data or {}).get("parts", [])}
        return [{**m.to_dict(), "text": saved[m.key]["text"] if m.key in saved else m.text, "merged": m.text}
                for m in self.merged]

    @property
    def meta(self) -> dict:
        return (self.report.data or {}).get("meta") or {}


def outline_versions(*, round: Round) -> list[FormVersion]:
    """Return the round's outlines (the forms that are consolidated into a text), in order."""
    return [rf.version for rf in round.forms.select_related("version__definition")
            if rf.version.definition.kind == FormKind.OUTLINE]


def _contribution(sub: Submission) -> Contribution:
    a = sub.assignment
    return Contribution(a.unit.name, sub.data or {}, tuple(a.section_keys or ()), sub.status,
                        tuple(a.excluded_keys or ()))


def _appendix_tables(round: Round, scope: ConsolidationScope) -> list[TableBlock]:
    tables = []
    for rf in round.forms.select_related("version__definition"):
        if rf.version.definition.kind != FormKind.APPENDIX:
            continue
        compiled = compiled_form(version=rf.version)
        for sub in consolidation_submissions(round=round, version_id=rf.version_id, scope=scope):
            if sub.status in DONE:
                tables.extend(form_tables(compiled, _contribution(sub)))
    return tables


def _new_report(round: Round, version: FormVersion, scope: ConsolidationScope, today: dt.date) -> ConsolidatedReport:
    unit = scope.unit
    ancestors = unit_ancestors(unit=unit)
    parent = ancestors[-1] if ancestors else None
    style = guess_style(unit.kind.code, unit.name)
    superior = "" if parent is None else (f"Đảng bộ {parent.name}" if style == "party" else parent.name)
    meta = default_meta(style=style, unit_name=unit.name, superior_name=superior,
                        place=province_place([u.name for u in ancestors] + [unit.name]), subtitle=round.title,
                        today=today)
    return ConsolidatedReport(round=round, version=version, unit=unit, style=style, data={"parts": [], "meta": meta})


def consolidation_build(*, round: Round, version: FormVersion, scope: ConsolidationScope,
                        today: dt.date | None = None) -> Consolidation:
    """Return the consolidation of ``version`` for ``scope``: the saved report (or a new, unsaved one)
    with every submitted or approved contribution merged in the outline's order."""
    subs = consolidation_submissions(round=round, version_id=version.pk, scope=scope)
    done = [s for s in subs if s.status in DONE]
    merged = merge_outline(compiled_form(version=version), [_contribution(s) for s in done])
    report = (ConsolidatedReport.objects.filter(round=round, version=version, unit=scope.unit).first()
              or _new_report(round, version, scope, today or dt.date.today()))
    return Consolidation(round=round, version=version, scope=scope, report=report, merged=merged.parts,
                         tables=merged.tables + _appendix_tables(round, scope),
                         waiting=[s for s in subs if s.status not in DONE])


@transaction.atomic
def consolidated_report_save(*, consolidation: Consolidation, texts: dict[str, str], meta: dict, style: str,
                             expected_revision: int, acting_user) -> ConsolidatedReport:
    """Save the edited parts and header block; return the report.

    Refused when someone saved since ``expected_revision`` (nothing is overwritten).
    """
    c = consolidation
    report, _ = ConsolidatedReport.objects.select_for_update().get_or_create(
        round=c.round, version=c.version, unit=c.scope.unit, defaults={"style": style, "data": c.report.data})
    if report.revision != expected_revision:
        raise WorkflowError("Báo cáo tổng hợp vừa được người khác lưu; hãy tải lại trang để xem bản mới nhất.")
    parts = [{"key": m.key, "number": m.number, "title": m.title,
              "text": "\n".join(line.rstrip() for line in texts.get(m.key, m.text).replace("\r\n", "\n").split("\n"))}
             for m in c.merged]
    report.data = {"parts": parts, "meta": {k: str(meta.get(k, "")).strip() for k in META_FIELDS}}
    report.style = style
    report.revision += 1
    report.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    report.save()
    audit_record(actor=acting_user, action="consolidation.save", obj=report,
                 changes={"revision": report.revision, "parts": [p["key"] for p in parts]})
    return report


@transaction.atomic
def consolidated_report_reset(*, consolidation: Consolidation, acting_user) -> ConsolidatedReport | None:
    """Drop the edited text so the parts are merged again from the latest contributions (the header
    block is kept); return the report."""
    c = consolidation
    report = ConsolidatedReport.objects.select_for_update().filter(round=c.round, version=c.version,
                                                                    unit=c.scope.unit).first()
    if report is None:
        return None
    report.data = {"parts": [], "meta": report.data.get("meta", {})}
    report.revision += 1
    report.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    report.save()
    audit_record(actor=acting_user, action="consolidation.reset", obj=report, changes={"revision": report.revision})
    return report


def consolidation_docx(*, consolidation: Consolidation) -> bytes:
    """Return the .docx of the consolidation as it stands (saved text, or the merged one)."""
    c = consolidation
    parts = [(p["number"], p["title"], p["text"]) for p in c.parts]
    return build_docx(ReportDocument(style=c.report.style, meta=c.meta, parts=parts, tables=c.tables))


def docx_filename(consolidation: Consolidation) -> str:
    c = consolidation
    return f"bao-cao-tong-hop-{c.round.code}-{c.scope.unit.code}.docx".lower()

