"""Plan a bulk import of units: pure Python over plain rows, no database.

Given the rows of a CSV/XLSX file and what the tree already holds, return what would be
created, updated, moved or left unchanged, and every error by row and column, in
Vietnamese. The adapter in ``importing.py`` reads the database once and applies the plan.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

COLUMNS = ("code", "name", "kind", "level", "parent_code", "valid_from", "valid_to")
REQUIRED_COLUMNS = ("code", "name", "kind", "level", "parent_code")
COLUMN_LABELS = {
    "code": "Mã đơn vị", "name": "Tên đơn vị", "kind": "Loại", "level": "Cấp",
    "parent_code": "Mã đơn vị cấp trên", "valid_from": "Hiệu lực từ", "valid_to": "Hiệu lực đến",
}
# Vietnamese headers are accepted as well as the field names.
HEADER_ALIASES = {**{k: k for k in COLUMNS}, **{v.lower(): k for k, v in COLUMN_LABELS.items()}}


@dataclass(frozen=True)
class ExistingUnit:
    code: str
    name: str
    kind: str
    level: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    path: str


@dataclass(frozen=True)
class RowError:
    row: int          # 1-based line number in the file, header being line 1
    column: str       # field name ("" for the whole row)
    message: str

    def __str__(self) -> str:
        label = COLUMN_LABELS.get(self.column, "")
        return f"Dòng {self.row}" + (f", cột “{label}”" if label else "") + f": {self.message}"


@dataclass(frozen=True)
class PlannedUnit:
    row: int
    code: str
    name: str
    kind: str
    level: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass
class ImportPlan:
    new: list[PlannedUnit] = field(default_factory=list)
    updated: list[tuple[PlannedUnit, dict]] = field(default_factory=list)  # (row, {field: [old, new]})
    moved: list[PlannedUnit] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "updated": len(self.updated), "moved": len(self.moved),
                "unchanged": self.unchanged, "errors": len(self.errors)}


def normalise_headers(headers) -> tuple[list[str | None], list[RowError]]:
    """Map the file's headers to field names; return (mapped, errors for missing columns)."""
    mapped = [HEADER_ALIASES.get(str(h or "").strip().lower()) for h in headers]
    missing = [c for c in REQUIRED_COLUMNS if c not in mapped]
    errors = [RowError(1, c, f"thiếu cột “{COLUMN_LABELS[c]}” ({c}) trong dòng tiêu đề") for c in missing]
    return mapped, errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_date(value) -> dt.date | None:
    """Return a date from dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date; None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” không phải ngày hợp lệ (dd/mm/yyyy)")


def plan_units(rows, *, existing: dict[str, ExistingUnit], kinds: dict[str, str], levels: dict[str, str],
               code_max: int = 40, name_max: int = 255) -> ImportPlan:
    """Return the plan for importing ``rows`` (dicts keyed by field name, in file order).

    ``kinds`` and ``levels`` map every accepted spelling (code, or folded name) to the code.
    Row numbers start at 2 (line 1 is the header).
    """
    from baocao_site.text import fold

    plan = ImportPlan()
    seen: dict[str, int] = {}
    planned: dict[str, PlannedUnit] = {}
    for index, raw in enumerate(rows, start=2):
        errors: list[RowError] = []
        code = _text(raw.get("code"))
        name = _text(raw.get("name"))
        parent_code = _text(raw.get("parent_code"))
        if not any(_text(v) for v in raw.values()):
            continue  # blank line
        if not code:
            errors.append(RowError(index, "code", "mã đơn vị không được để trống"))
        elif len(code) > code_max:
            errors.append(RowError(index, "code", f"mã đơn vị dài quá {code_max} ký tự"))
        elif code in seen:
            errors.append(RowError(index, "code", f"mã “{code}” bị trùng với dòng {seen[code]}"))
        if not name:
            errors.append(RowError(index, "name", "tên đơn vị không được để trống"))
        elif len(name) > name_max:
            errors.append(RowError(index, "name", f"tên đơn vị dài quá {name_max} ký tự ({len(name)} ký tự)"))
        kind_raw = _text(raw.get("kind"))
        kind = kinds.get(kind_raw) or kinds.get(fold(kind_raw))
        if not kind:
            errors.append(RowError(index, "kind", f"loại đơn vị “{kind_raw}” không có trong danh mục"))
        level_raw = _text(raw.get("level"))
        level = levels.get(level_raw) or levels.get(fold(level_raw))
        if not level:
            errors.append(RowError(index, "level", f"cấp “{level_raw}” không có trong danh mục"))
        dates = {}
        for col in ("valid_from", "valid_to"):
            try:
                dates[col] = parse_date(raw.get(col))
            except ValueError as exc:
                errors.append(RowError(index, col, str(exc)))
                dates[col] = None
        if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
            errors.append(RowError(index, "valid_to", "ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực"))
        if parent_code and parent_code == code:
            errors.append(RowError(index, "parent_code", "đơn vị không thể là cấp trên của chính nó"))
        if code and code not in seen:
            seen[code] = index
        if errors:
            plan.errors.extend(errors)
            continue
        planned[code] = PlannedUnit(index, code, name, kind, level, parent_code, dates["valid_from"], dates["valid_to"])

    # Parents: in the file or in the tree; no cycles; no move under one's own descendant.
    for unit in planned.values():
        if unit.parent_code and unit.parent_code not in planned and unit.parent_code not in existing:
            if unit.parent_code in seen:
                plan.errors.append(RowError(unit.row, "parent_code",
                                            f"đơn vị cấp trên “{unit.parent_code}” có lỗi ở dòng {seen[unit.parent_code]}"))
            else:
                plan.errors.append(RowError(unit.row, "parent_code",
                                            f"không tìm thấy đơn vị cấp trên có mã “{unit.parent_code}”"))
    if plan.errors:
        return plan

    def parent_of(code: str) -> str:
        if code in planned:
            return planned[code].parent_code
        return existing[code].parent_code if code in existing else ""

    for unit in planned.values():
        chain, cursor = [unit.code], unit.parent_code
        while cursor:
            if cursor in chain:
                plan.errors.append(RowError(unit.row, "parent_code",
                                            "cấp trên tạo thành vòng lặp: " + " → ".join(chain + [cursor])))
                break
            chain.append(cursor)
            cursor = parent_of(cursor)
    if plan.errors:
        return plan

    for unit in planned.values():
        old = existing.get(unit.code)
        if old is None:
            plan.new.append(unit)
            continue
        changes = {f: [getattr(old, f), getattr(unit, f)] for f in ("name", "kind", "level", "valid_from", "valid_to")
                   if getattr(old, f) != getattr(unit, f)}
        if old.parent_code != unit.parent_code:
            plan.moved.append(unit)
            changes["parent_code"] = [old.parent_code, unit.parent_code]
        if changes:
            plan.updated.append((unit, changes))
        else:
            plan.unchanged += 1
    # Create parents before children: order new units by their depth in the planned tree.
    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        if code not in depth:
            parent = planned[code].parent_code if code in planned else ""
            depth[code] = 0 if not parent or parent not in planned else depth_of(parent) + 1
        return depth[code]

    plan.new.sort(key=lambda u: (depth_of(u.code), u.row))
    return plan
