"""Bulk import and export of units (CSV and XLSX): read safely, plan, then apply atomically."""
from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from baocao_site.audit.models import AuditEntry
from baocao_site.audit.services import audit_record
from baocao_site.text import fold

from .import_plan import ExistingUnit, ImportPlan, RowError, normalise_headers, plan_units
from .models import Level, Unit, UnitKind
from .services import unit_move

XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, too large, corrupt); carries a Vietnamese message."""


@dataclass
class ImportResult:
    plan: ImportPlan
    applied: bool


def read_table(*, content: bytes, filename: str) -> tuple[list[str], list[list]]:
    """Return (headers, rows) of the first sheet of a CSV or XLSX file.

    Refuses, with a Vietnamese message, files that are too large, not CSV/XLSX, corrupt,
    that would expand beyond the size limit (zip bombs, whatever sizes the archive declares), or
    with more than IMPORT_MAX_ROWS rows (counted while reading: the rest is never loaded).
    """
    limit = settings.IMPORT_MAX_FILE_BYTES
    if len(content) > limit:
        raise ImportFileError(f"Tệp quá lớn ({len(content) // 1024 // 1024} MB); giới hạn {limit // 1024 // 1024} MB.")
    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:4] == XLSX_MAGIC:
        headers, rows = _read_xlsx(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        headers, rows = _read_csv(content)
    else:
        raise ImportFileError("Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx).")
    return headers, rows


def _too_many_rows() -> ImportFileError:
    limit = settings.IMPORT_MAX_ROWS
    return ImportFileError(f"Tệp có hơn {limit} dòng, vượt giới hạn {limit} dòng.")


def _at_most(rows, limit: int) -> list:
    """Return the rows of the iterable ``rows``, refusing at the first row past ``limit``."""
    out = []
    for row in rows:
        if len(out) == limit:
            raise _too_many_rows()
        out.append(row)
    return out


def _read_csv(content: bytes) -> tuple[list[str], list[list]]:
    if b"\x00" in content[:4096]:
        raise ImportFileError("Tệp không phải CSV dạng văn bản (có ký tự nhị phân).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("Tệp CSV phải dùng bảng mã UTF-8 (khi lưu từ Excel chọn “CSV UTF-8”).") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = _at_most(csv.reader(io.StringIO(text), dialect), settings.IMPORT_MAX_ROWS + 1)
    if not rows:
        raise ImportFileError("Tệp trống, không có dòng tiêu đề.")
    return [h.strip() for h in rows[0]], rows[1:]


def _read_xlsx(content: bytes) -> tuple[list[str], list[list]]:
    if content[:4] != XLSX_MAGIC:
        raise ImportFileError("Tệp không phải Excel .xlsx hợp lệ.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            budget = settings.IMPORT_MAX_FILE_BYTES * 20
            if sum(info.file_size for info in infos) > budget:
                raise ImportFileError(TOO_LARGE_EXPANDED)
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError("Tệp không phải Excel .xlsx hợp lệ (thiếu workbook).")
            _check_expanded_sizes(content, infos, budget)
    except zipfile.BadZipFile:
        raise ImportFileError("Tệp Excel bị hỏng, không đọc được.") from None
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types for corrupt content
        raise ImportFileError(f"Không đọc được tệp Excel: {exc}") from None
    if sheet.height - 1 > settings.IMPORT_MAX_ROWS:  # known before any row becomes a Python object
        raise _too_many_rows()
    rows = _at_most(sheet.iter_rows(), settings.IMPORT_MAX_ROWS + 1)
    if not rows:
        raise ImportFileError("Trang tính đầu tiên trống, không có dòng tiêu đề.")
    return [str(h).strip() for h in rows[0]], rows[1:]


TOO_LARGE_EXPANDED = "Tệp Excel giải nén ra quá lớn; có thể là tệp độc hại, đã từ chối."
FORGED_SIZES = "Tệp Excel khai báo sai kích thước nội dung nén; có thể là tệp độc hại, đã từ chối."
_CHUNK = 1024 * 1024


def _check_expanded_sizes(content: bytes, infos: list[zipfile.ZipInfo], budget: int) -> None:
    """Decompress every member, counting real bytes, and refuse past ``budget`` or a size that lies.

    The sizes in the central directory are the archive's word, and a forged one may under-declare
    them; the reader (python-calamine) inflates the stream to its end whatever was declared. So
    each deflate stream is inflated here at most ``budget`` bytes in all, never kept in memory.
    """
    expanded = 0
    for info in infos:
        start = info.header_offset
        header = content[start:start + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(info.filename)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        data_start = start + 30 + name_length + extra_length
        raw = content[data_start:data_start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            produced = len(raw)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            produced = _inflated_size(raw, budget - expanded)
        else:
            raise ImportFileError("Tệp Excel dùng kiểu nén không hỗ trợ; hãy lưu lại bằng Excel rồi tải lên.")
        expanded += produced
        if expanded > budget:
            raise ImportFileError(TOO_LARGE_EXPANDED)
        if produced != info.file_size:
            raise ImportFileError(FORGED_SIZES)


def _inflated_size(raw: bytes, allowed: int) -> int:
    """Return the size of the inflated deflate stream ``raw``, stopping once past ``allowed``."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced, pending = 0, raw
    try:
        while pending and not inflater.eof:
            produced += len(inflater.decompress(pending, _CHUNK))
            if produced > allowed:
                return produced
            pending = inflater.unconsumed_tail
        produced += len(inflater.flush())
    except zlib.error:
        raise zipfile.BadZipFile("bad deflate stream") from None
    if not inflater.eof:
        raise zipfile.BadZipFile("truncated deflate stream")
    return produced


def rows_as_dicts(headers, rows) -> tuple[list[dict], list[RowError]]:
    mapped, errors = normalise_headers(headers)
    if errors:
        return [], errors
    out = []
    for row in rows:
        out.append({key: (row[i] if i < len(row) else None) for i, key in enumerate(mapped) if key})
    return out, []


def _lookups() -> tuple[dict[str, str], dict[str, str]]:
    kinds: dict[str, str] = {}
    for code, name in UnitKind.objects.values_list("code", "name"):
        kinds[code] = kinds[fold(code)] = kinds[fold(name)] = code
    levels: dict[str, str] = {}
    for code, name in Level.objects.values_list("code", "name"):
        levels[code] = levels[fold(code)] = levels[fold(name)] = code
    return kinds, levels


def _existing(codes: set[str]) -> dict[str, ExistingUnit]:
    """Return the units with these codes and their ancestors (for cycle checks), in two queries."""
    units = list(Unit.objects.filter(code__in=codes).values_list(
        "code", "name", "kind__code", "level__code", "valid_from", "valid_to", "path"))
    steplen = Unit.steplen
    ancestor_paths = {p[: i] for *_, p in units for i in range(steplen, len(p), steplen)}
    ancestors = list(Unit.objects.filter(path__in=ancestor_paths).values_list(
        "code", "name", "kind__code", "level__code", "valid_from", "valid_to", "path"))
    code_by_path = {row[6]: row[0] for row in units + ancestors}
    return {row[0]: ExistingUnit(code=row[0], name=row[1], kind=row[2], level=row[3],
                                 parent_code=code_by_path.get(row[6][:-steplen], ""),
                                 valid_from=row[4], valid_to=row[5], path=row[6])
            for row in units + ancestors}


def unit_import(*, content: bytes, filename: str, dry_run: bool, acting_user=None) -> ImportResult:
    """Read, check and (unless ``dry_run`` or any error) apply a units file in one transaction.

    Return the plan with counts and every error by row and column; nothing is written when
    there is any error.
    """
    headers, rows = read_table(content=content, filename=filename)
    dict_rows, header_errors = rows_as_dicts(headers, rows)
    if header_errors:
        return ImportResult(ImportPlan(errors=header_errors), applied=False)
    codes = {str(r.get("code") or "").strip() for r in dict_rows}
    codes |= {str(r.get("parent_code") or "").strip() for r in dict_rows}
    codes.discard("")
    kinds, levels = _lookups()
    plan = plan_units(dict_rows, existing=_existing(codes), kinds=kinds, levels=levels,
                      code_max=Unit._meta.get_field("code").max_length,
                      name_max=Unit._meta.get_field("name").max_length)
    if dry_run or not plan.ok:
        return ImportResult(plan, applied=False)
    _apply(plan, acting_user=acting_user, filename=filename)
    return ImportResult(plan, applied=True)


@transaction.atomic
def _apply(plan: ImportPlan, *, acting_user, filename: str) -> None:
    kind_ids = dict(UnitKind.objects.values_list("code", "id"))
    level_ids = dict(Level.objects.values_list("code", "id"))

    # 1. New units, parents before children, paths computed here (treebeard's add_child is one
    #    round-trip per node; the bulk path keeps the same path/depth/numchild invariants).
    parent_codes = {u.parent_code for u in plan.new if u.parent_code}
    parents = {u.code: u for u in Unit.objects.filter(code__in=parent_codes).only("id", "code", "path", "depth", "numchild")}
    next_step: dict[str, int] = {}
    if parents:
        children = Unit.objects.filter(reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents.values())))
        last: dict[str, str] = {}
        for path in children.values_list("path", flat=True):
            prefix = path[: -Unit.steplen]
            if path > last.get(prefix, ""):
                last[prefix] = path
        for p in parents.values():
            tail = last.get(p.path)
            next_step[p.code] = (Unit._str2int(tail[-Unit.steplen:]) + 1) if tail else 1
    roots_last = Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    next_root = (Unit._str2int(roots_last) + 1) if roots_last else 1

    info: dict[str, tuple[str, int]] = {code: (p.path, p.depth) for code, p in parents.items()}
    added_children: dict[str, int] = defaultdict(int)
    new_objs = []
    for u in plan.new:
        if u.parent_code:
            parent_path, parent_depth = info[u.parent_code]
            step = next_step.get(u.parent_code, 1)
            next_step[u.parent_code] = step + 1
            path = Unit._get_path(parent_path, parent_depth + 1, step)
            depth = parent_depth + 1
            added_children[u.parent_code] += 1
        else:
            path, depth = Unit._get_path(None, 1, next_root), 1
            next_root += 1
        info[u.code] = (path, depth)
        next_step.setdefault(u.code, 1)
        new_objs.append(Unit(path=path, depth=depth, numchild=0, code=u.code, name=u.name,
                             kind_id=kind_ids[u.kind], level_id=level_ids[u.level], valid_from=u.valid_from,
                             valid_to=u.valid_to, search_name=fold(f"{u.name} {u.code}")))
    for obj in new_objs:
        obj.numchild = added_children.get(obj.code, 0)
    Unit.objects.bulk_create(new_objs, batch_size=2000)
    for code, p in parents.items():
        p.numchild += added_children.get(code, 0)
    Unit.objects.bulk_update(list(parents.values()), ["numchild"], batch_size=2000)

    # 2. Changed fields, then moves (rare: one treebeard move each).
    if plan.updated:
        by_code = {u.code: u for u in Unit.objects.filter(code__in=[p.code for p, _ in plan.updated])}
        changed = []
        for row, _changes in plan.updated:
            obj = by_code[row.code]
            obj.name, obj.kind_id, obj.level_id = row.name, kind_ids[row.kind], level_ids[row.level]
            obj.valid_from, obj.valid_to = row.valid_from, row.valid_to
            obj.search_name = fold(f"{row.name} {row.code}")
            changed.append(obj)
        Unit.objects.bulk_update(changed, ["name", "kind", "level", "valid_from", "valid_to", "search_name"],
                                 batch_size=2000)
    for row in plan.moved:
        unit_move(unit=Unit.objects.get(code=row.code), new_parent=Unit.objects.get(code=row.parent_code),
                  acting_user=acting_user)

    # 3. Audit: one entry per changed unit, and a summary.
    created_ids = dict(Unit.objects.filter(code__in=[u.code for u in plan.new]).values_list("code", "id"))
    actor = acting_user if getattr(acting_user, "pk", None) else None
    entries = [AuditEntry(actor=actor, action="unit.import_create", object_type="hierarchy.unit",
                          object_id=str(created_ids[u.code]), object_repr=u.name[:255],
                          changes={"code": u.code, "parent_code": u.parent_code}) for u in plan.new]
    entries += [AuditEntry(actor=actor, action="unit.import_update", object_type="hierarchy.unit",
                           object_id=row.code, object_repr=row.name[:255],
                           changes={k: [str(a) if a else a, str(b) if b else b] for k, (a, b) in changes.items()})
                for row, changes in plan.updated]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    summary_target = Unit.objects.filter(code__in=list(info)[:1]).first() or Unit.objects.first()
    if summary_target is not None:
        audit_record(actor=acting_user, action="unit.import", obj=summary_target,
                     changes={"file": filename, **plan.counts()})


EXPORT_HEADERS = ["code", "name", "kind", "level", "parent_code", "valid_from", "valid_to"]


def units_export_rows(queryset):
    """Yield export rows (same columns as the import) for ``queryset``, parents resolved by path."""
    steplen = Unit.steplen
    rows = list(queryset.order_by("path").values_list("code", "name", "kind__code", "level__code", "valid_from",
                                                       "valid_to", "path"))
    code_by_path = {r[6]: r[0] for r in rows}
    missing = {r[6][:-steplen] for r in rows if r[6][:-steplen] and r[6][:-steplen] not in code_by_path}
    code_by_path.update(dict(Unit.objects.filter(path__in=missing).values_list("path", "code")))
    for code, name, kind, level, valid_from, valid_to, path in rows:
        yield [code, name, kind, level, code_by_path.get(path[:-steplen], ""),
               valid_from.strftime("%d/%m/%Y") if valid_from else "",
               valid_to.strftime("%d/%m/%Y") if valid_to else ""]
