"""Figures of issue 6: importing 100,000 values from .xlsx through the real import path.

Data: the 3,321 official communes × 30 number fields of a KPI set = 99,630 rows in the LONG
layout (sheet "Dữ liệu dọc": one row per unit and field), one open round assigning the set to
every commune, a superuser importing. "Ours" is the job path a user takes: keep the upload,
dry run (read with python-calamine, parse, validate each unit with the cached engine validator),
then commit (the file is read and checked again, then submissions_bulk_save writes every draft
with its history and audit rows in one transaction).

Memory: python-calamine allocates in Rust, out of tracemalloc's sight, so the peak is the
process's: the import runs again in a fresh subprocess (``python -m benchmarks.excel``) on the
same database, which reports its resident set after Django's setup (VmRSS) and its peak (VmHWM,
from /proc/self/status: unlike ru_maxrss, which Linux carries over from the parent across fork and
exec, it counts this process only).
``excel.import_peak_mb`` is the peak minus that baseline (what the import adds);
``excel.import_process_peak_mb`` the whole process.

The comparison is django-import-export's default row-by-row import of the same rows into a simple
flat model, BenchValue(unit_code, field_key, value) with import_id_fields (unit_code, field_key),
timed *including its read*: the rows are written to an .xlsx of one sheet as import-export expects
(headers on row 1), read by its XLSX format (openpyxl read-only, the admin's path), then
imported, all 99,630 rows (about two minutes at ~1 ms a row; env BENCH_EXCEL_DEFAULT_ROWS=n runs
the first n only, and ``excel.import_export_default_rows`` says how many were used). The flat
model has the unique index its import_id_fields imply, as a real one would.

Writers: the same 99,630 long-layout rows (unit code, unit name, field key, number) written by
XlsxWriter in the mode our files use (constant memory, number format) and by openpyxl's
write-only mode (with lxml), for the choice of writer.
"""
from __future__ import annotations

import csv
import gc
import io
import random
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import line

FIELDS = 30
DEFAULT_SAMPLE = int(os.environ.get("BENCH_EXCEL_DEFAULT_ROWS", "0"))  # 0: every row
ROOT = Path(__file__).resolve().parent.parent


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


def _default_xlsx(path: str, rows: list[tuple[str, str, int]]) -> None:
    """Write ``rows`` as import-export reads an .xlsx: one sheet, headers on row 1."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("values")
    for c, header in enumerate(("unit_code", "field_key", "value")):
        ws.write_string(0, c, header)
    for r, (code, key, value) in enumerate(rows, start=1):
        ws.write_string(r, 0, code)
        ws.write_string(r, 1, key)
        ws.write_number(r, 2, value)
    wb.close()


def _import_export_default(rows: list[tuple[str, str, int]]) -> float:
    """Return django-import-export's rows/s reading ``rows`` from .xlsx and importing them into BenchValue."""
    import tempfile

    from django.db import connection, models
    from import_export import resources
    from import_export.formats.base_formats import XLSX

    class BenchValue(models.Model):
        unit_code = models.CharField(max_length=40)
        field_key = models.CharField(max_length=63)
        value = models.FloatField(null=True)

        class Meta:
            app_label = "indicators"
            db_table = "bench_excel_value"
            unique_together = [("unit_code", "field_key")]

    class BenchValueResource(resources.ModelResource):
        class Meta:
            model = BenchValue
            fields = ("unit_code", "field_key", "value")
            import_id_fields = ("unit_code", "field_key")

    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    _default_xlsx(path, rows)
    with connection.schema_editor() as editor:
        editor.create_model(BenchValue)
    try:
        gc.collect()
        start = time.perf_counter()
        with open(path, "rb") as fh:
            dataset = XLSX().create_dataset(fh.read())
        result = BenchValueResource().import_data(dataset, dry_run=False, raise_errors=True)
        elapsed = time.perf_counter() - start
        assert result.totals["new"] == len(rows), result.totals
        return len(rows) / elapsed
    finally:
        os.unlink(path)
        with connection.schema_editor() as editor:
            editor.delete_model(BenchValue)


def _write_xlsxwriter(path: str, rows: list[tuple[str, str, str, int]]) -> float:
    """Return rows/s writing ``rows`` with XlsxWriter as our files do (constant memory, formats)."""
    import xlsxwriter

    from indicators.excel.workbook import NUMBER_FORMAT

    start = time.perf_counter()
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_urls": False, "strings_to_numbers": False})
    number = wb.add_format({"num_format": NUMBER_FORMAT})
    ws = wb.add_worksheet("Dữ liệu")
    for r, (code, name, key, value) in enumerate(rows):
        ws.write_string(r, 0, code)
        ws.write_string(r, 1, name)
        ws.write_string(r, 2, key)
        ws.write_number(r, 3, value, number)
    wb.close()
    return len(rows) / (time.perf_counter() - start)


def _write_openpyxl(path: str, rows: list[tuple[str, str, str, int]]) -> float:
    """Return rows/s writing the same rows with openpyxl's write-only mode (lxml installed)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from indicators.excel.workbook import NUMBER_FORMAT

    start = time.perf_counter()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    for code, name, key, value in rows:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = NUMBER_FORMAT
        ws.append([code, name, key, cell])
    wb.save(path)
    return len(rows) / (time.perf_counter() - start)


def _peak_in_subprocess(path: str, user_id: int) -> tuple[float, float]:
    """Return (baseline MB after Django's setup, peak MB) of a fresh process importing ``path``."""
    from django.db import connection

    env = {**os.environ, "BENCH_EXCEL_DB_NAME": str(connection.settings_dict["NAME"])}
    done = subprocess.run([sys.executable, "-m", "benchmarks.excel", path, str(user_id)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["baseline_kb"] / 1024, figures["peak_kb"] / 1024


def _memory_kb(field: str) -> int:
    """Return a field of /proc/self/status (VmRSS, VmHWM) in KB."""
    with open("/proc/self/status") as fh:
        for row in fh:
            if row.startswith(field + ":"):
                return int(row.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _child(path: str, user_id: int) -> None:
    """Subprocess: import ``path`` as the user through the job path; print its RSS before and its peak."""
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = os.environ["BENCH_EXCEL_DB_NAME"]
    django.setup()
    from django.contrib.auth import get_user_model
    from python_calamine import CalamineWorkbook  # noqa: F401  (loaded before the baseline)

    import indicators.excel.services  # noqa: F401

    user = get_user_model().objects.get(pk=user_id)
    content = Path(path).read_bytes()
    gc.collect()
    baseline = _memory_kb("VmRSS")
    _ours(content, user)
    peak = _memory_kb("VmHWM")
    print(json.dumps({"baseline_kb": baseline, "peak_kb": peak}))


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
        baseline, peak = _peak_in_subprocess(path, user.pk)
        yield line("excel.import_peak_mb", peak - baseline, "MB (peak RSS of a fresh subprocess minus its RSS "
                                                            "after Django setup; Rust allocations included)")
        yield line("excel.import_process_peak_mb", peak, "MB (whole subprocess peak RSS)")

        rng = random.Random(6)
        value_rows = [(code, f"chi_so_{i:02d}", rng.randint(0, 5000)) for code, _ in communes
                      for i in range(1, FIELDS + 1)]
        sample = value_rows[:DEFAULT_SAMPLE] if DEFAULT_SAMPLE else value_rows
        default = _import_export_default(sample)
        yield line("excel.import_export_default_rows", len(sample), "rows (read from .xlsx by import-export's "
                                                                    "XLSX format, then imported)")
        yield line("excel.import_export_default_rows_per_s", default, "rows/s (read included)")
        yield line("excel.import_ratio", ours / default, "x")
        yield line("excel.read_ceiling_rows_per_s", ceiling, "rows/s")

        names = dict(communes)
        write_rows = [(code, names[code], key, value) for code, key, value in value_rows]
        gc.collect()
        yield line("excel.write_rows_per_s", _write_xlsxwriter(path, write_rows), "rows/s (XlsxWriter, ours)")
        gc.collect()
        yield line("excel.write_openpyxl_rows_per_s", _write_openpyxl(path, write_rows),
                   "rows/s (openpyxl write-only)")
    finally:
        os.unlink(path)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _child(sys.argv[1], int(sys.argv[2]))
