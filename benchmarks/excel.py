"""Figures of issue 6: importing 100,000 values from .xlsx through the real import path.

Data: the 3,321 official communes × 30 number fields of a KPI set = 99,630 rows in the LONG
layout (sheet "Dữ liệu dọc": one row per unit and field), one open round assigning the set to
every commune, a superuser importing. "Ours" is the job path a user takes: keep the upload,
dry run (read with python-calamine, parse, validate each unit with the cached engine validator),
then commit (the file is read and checked again, then submissions_bulk_save writes every draft
with its history and audit rows in one transaction).

The comparison is django-import-export's default row-by-row import of the same rows (read from
the same .xlsx by tablib/openpyxl) into a simple flat model, BenchValue(unit_code, field_key,
value) with import_id_fields (unit_code, field_key), measured on the first 10,000 rows to keep
the run short; its rate is rows per second all the same.
"""
from __future__ import annotations

import csv
import gc
import io
import random
import time
import tracemalloc

from . import line

FIELDS = 30
DEFAULT_SAMPLE = 10_000


def _kpi_items():
    return [{"type": "section", "key": "so_lieu", "title": "Số liệu", "children": [
        {"type": "number", "key": f"chi_so_{i:02d}", "label": f"Chỉ số {i}", "integer": True, "minimum": 0,
         "unit": "đơn vị"} for i in range(1, FIELDS + 1)]}]


def _communes():
    from hierarchy.demo import ADMIN_UNITS_CSV, ensure_levels_and_kinds
    from hierarchy.importing import unit_import
    from hierarchy.models import Level, Unit, UnitKind

    ensure_levels_and_kinds()
    with ADMIN_UNITS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    root = Unit.add_root(code="XL-TW", name="Trung ương (thử nhập Excel)",
                         kind=UnitKind.objects.get(code="trung_uong"), level=Level.objects.get(rank=0))

    def as_csv(selected):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in selected:
            writer.writerow({**r, "parent_code": r["parent_code"] or root.code})
        return out.getvalue().encode()

    assert unit_import(content=as_csv([r for r in rows if not r["parent_code"]]), filename="p.csv",
                       dry_run=False).applied
    assert unit_import(content=as_csv([r for r in rows if r["parent_code"]]), filename="x.csv", dry_run=False).applied
    return root, [(r["code"], r["name"]) for r in rows if r["parent_code"]]


def _round(root, version):
    import datetime as dt

    from django.utils import timezone

    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
    from formbuilder.rounds.models import TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open
    from hierarchy.models import Level

    commune_level = Level.objects.get(code="xa")
    round_ = round_create(code="XL-BENCH", title="Thử nhập Excel", issuing_unit=root, versions=[version],
                          rule=ReportingRule(period_type=PeriodType.ONE_OFF,
                                             due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=30))))
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=commune_level)
    round_open(round=round_)
    return round_


def _long_xlsx(path, round_, version, communes) -> int:
    """Write the long-layout workbook; return its data rows."""
    import xlsxwriter

    from indicators.excel import layout as L
    from indicators.excel.workbook import FORMAT_NAME

    rng = random.Random(6)
    spec = L.long_sheet()
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    wb.add_worksheet(L.INSTRUCTIONS_SHEET).write_string(0, 0, "Dữ liệu thử")
    ws = wb.add_worksheet(L.LONG_SHEET)
    ws.write_string(0, 0, "Thử nhập Excel")
    for c, column in enumerate(spec.columns):
        ws.write_string(L.HEADER_ROW, c, column.header)
    for c, column in enumerate(spec.columns):
        ws.write_string(L.KEY_ROW, c, column.key)
    keys = spec.column_index()
    r = L.FIRST_DATA_ROW
    for code, name in communes:
        for i in range(1, FIELDS + 1):
            ws.write_string(r, keys[L.UNIT], code)
            ws.write_string(r, keys[L.UNIT_NAME], name)
            ws.write_string(r, keys[L.FIELD], f"chi_so_{i:02d}")
            ws.write_number(r, keys[L.VALUE], rng.randint(0, 5000))
            r += 1
    meta = wb.add_worksheet(L.META_SHEET)
    for i, (k, v) in enumerate({"format": FORMAT_NAME, "definition": version.definition.code,
                                "version": version.number, "round": round_.pk}.items()):
        meta.write_string(i, 0, k)
        meta.write_string(i, 1, str(v))
    meta.hide()
    wb.close()
    return r - L.FIRST_DATA_ROW


def _ours(content: bytes, user) -> tuple[float, int]:
    from indicators.excel import services

    start = time.perf_counter()
    job = services.import_job_create(user=user, content=content, filename="bench.xlsx")
    job = services.import_job_check(job=job)
    assert job.status == "checked", (job.status, job.message, job.errors[:3])
    job = services.import_job_commit(job=job, acting_user=user)
    assert job.status == "done", job.message
    return time.perf_counter() - start, job.counts["saved"]


def _reset(round_) -> None:
    from formbuilder.rounds.models import Submission, SubmissionEvent

    SubmissionEvent.objects.filter(submission__assignment__round=round_).delete()
    Submission.objects.filter(assignment__round=round_).update(data={}, revision=0)


def _import_export_default(path: str) -> float:
    """Return django-import-export's rows/s importing the first DEFAULT_SAMPLE rows into BenchValue."""
    import tablib
    from django.db import connection, models
    from import_export import resources

    from indicators.excel import layout as L

    class BenchValue(models.Model):
        unit_code = models.CharField(max_length=40)
        field_key = models.CharField(max_length=63)
        value = models.FloatField(null=True)

        class Meta:
            app_label = "indicators"
            db_table = "bench_excel_value"

    class BenchValueResource(resources.ModelResource):
        class Meta:
            model = BenchValue
            fields = ("unit_code", "field_key", "value")
            import_id_fields = ("unit_code", "field_key")

    with connection.schema_editor() as editor:
        editor.create_model(BenchValue)
    try:
        with open(path, "rb") as fh:
            book = tablib.Databook().load(fh.read(), format="xlsx")
        sheet = next(s for s in book.sheets() if s.title == L.LONG_SHEET)
        keys = list(sheet[L.KEY_ROW - 1])  # tablib takes row 1 as headers
        unit, field, value = keys.index(L.UNIT), keys.index(L.FIELD), keys.index(L.VALUE)
        rows = sheet[L.FIRST_DATA_ROW - 1:L.FIRST_DATA_ROW - 1 + DEFAULT_SAMPLE]
        dataset = tablib.Dataset(*[(r[unit], r[field], r[value]) for r in rows],
                                 headers=["unit_code", "field_key", "value"])
        start = time.perf_counter()
        result = BenchValueResource().import_data(dataset, dry_run=False, raise_errors=True)
        elapsed = time.perf_counter() - start
        assert result.totals["new"] == len(rows), result.totals
        return len(rows) / elapsed
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(BenchValue)


def run():
    import os
    import tempfile

    from django.contrib.auth import get_user_model
    from python_calamine import CalamineWorkbook

    from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft
    from indicators.excel import layout as L

    root, communes = _communes()
    definition = form_definition_create(code="BCT-XL-BENCH", kind="kpi_set", title="Bộ chỉ tiêu thử nhập Excel")
    version = form_version_publish(version=form_version_save_draft(version=definition.versions.get(),
                                                                   items=_kpi_items()))
    round_ = _round(root, version)
    user = get_user_model().objects.create_superuser("bench.excel", password="x")
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        rows = _long_xlsx(path, round_, version, communes)
        with open(path, "rb") as fh:
            content = fh.read()
        yield line("excel.import_rows", rows, "rows (long layout: 3,321 communes × 30 values)")
        yield line("excel.import_file_mb", len(content) / 1024 / 1024, "MB")

        start = time.perf_counter()
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        read = sum(1 for _ in workbook.get_sheet_by_name(L.LONG_SHEET).iter_rows()) - L.FIRST_DATA_ROW
        ceiling = read / (time.perf_counter() - start)

        gc.collect()
        elapsed, saved = _ours(content, user)
        assert saved == len(communes)
        ours = rows / elapsed
        yield line("excel.import_rows_per_s", ours, "rows/s")
        yield line("excel.import_s", elapsed, "s (dry run + commit)")

        _reset(round_)
        gc.collect()
        tracemalloc.start()
        _ours(content, user)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        yield line("excel.import_peak_mb", peak / 1024 / 1024, "MB")

        default = _import_export_default(path)
        yield line("excel.import_export_default_rows_per_s", default, "rows/s")
        yield line("excel.import_ratio", ours / default, "x")
        yield line("excel.read_ceiling_rows_per_s", ceiling, "rows/s")
    finally:
        os.unlink(path)
