"""Merge the contributions to one outline into a single text, part by part (tổng hợp báo cáo).

Pure: a compiled form and each contributor's data in, plain text and tables out — no database,
tested without one. Two cases share the code:

* a split outline (seed 002, part B.I): each body drafts some parts; the merged text of a part is
  its drafter's text, with no unit names;
* an upper level consolidating its subtree: every unit filled the whole outline; under each
  section the units' texts follow one another, each introduced by the unit's name.

The text of a part is one paragraph per line, headings written as in the outline ("1. …",
"2.1. …", "(1) …"), so the consolidator edits plain text and the .docx export recognises them.
Tables are not flattened into text: they are attached to the document as appendices.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from formbuilder.engine import CompiledForm, FieldInfo, LayoutNode
from formbuilder.engine.compute import compute_values, is_filled, read_path, table_rows
from formbuilder.renderer.localize import format_date, format_number, format_with_unit

from .sections import SectionScope, scope_for

YES, NO = "Có", "Không"


@dataclass(frozen=True)
class Contribution:
    """One unit's data for an outline; ``section_keys`` (at any depth) less ``excluded_keys`` is what it
    drafted — empty means every part."""

    unit_name: str
    data: dict
    section_keys: tuple[str, ...] = ()
    status: str = ""
    excluded_keys: tuple[str, ...] = ()

    def scope(self, compiled: CompiledForm) -> SectionScope:
        return scope_for(compiled, self.section_keys, self.excluded_keys)


@dataclass
class MergedPart:
    """One top-level part of the outline with its merged text and who contributed to it."""

    key: str
    number: str | None
    title: str
    text: str
    contributors: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def to_dict(self) -> dict:
        return {"key": self.key, "number": self.number, "title": self.title, "text": self.text,
                "contributors": list(self.contributors)}


@dataclass
class TableBlock:
    """A table attached to the document as an appendix: header cells, rows of text, and notes below."""

    title: str
    unit_name: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


@dataclass
class MergedOutline:
    parts: list[MergedPart]
    tables: list[TableBlock]


# --- values as text --------------------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def _option_labels(info_options, value) -> str:
    labels = {o.value: o.label for o in info_options}
    values = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(v), str(v)) for v in values)


def value_text(info: FieldInfo, value) -> str:
    """Return a field's stored value written for a document (Vietnamese numbers and dates)."""
    if info.type in ("number", "computed"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ""
        return format_with_unit(value, info.unit, info.decimals)
    if info.type == "date":
        return format_date(value)
    if info.type == "boolean":
        return YES if value else NO
    if info.type == "choice":
        return _option_labels(info.options, value)
    if info.type == "file":
        return (value or {}).get("name", "") if isinstance(value, dict) else str(value)
    return str(value).strip()


def cell_text(column, value) -> str:
    """Return one table cell written for a document."""
    if value is None or value == "":
        return ""
    if column.type in ("integer", "number") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    if column.type == "date":
        return format_date(value)
    if column.type == "boolean":
        return YES if value else NO
    if column.type == "choice":
        return _option_labels(column.options, value)
    return str(value)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _field_lines(info: FieldInfo, data: dict, values: dict, section_title: str) -> list[str]:
    """Return the paragraphs one field contributes: "- Label: value", or the text alone."""
    if info.type == "table":
        rows = table_rows(info, read_path(data, info.path))
        if not any(any(is_filled(v) for v in row.values()) for row in rows):
            return []
        return [f"- {info.label}: chi tiết tại bảng kèm theo."]
    value = values.get(info.key) if info.type == "computed" else read_path(data, info.path)
    if not is_filled(value):
        return []
    text = value_text(info, value)
    if not text:
        return []
    paragraphs = _paragraphs(text) if info.type == "text" else [text]
    if info.type == "text" and _same(info.label, section_title):
        return paragraphs
    return [f"- {info.label}: {paragraphs[0]}", *paragraphs[1:]]


def heading_text(node: LayoutNode) -> str:
    return f"{node.number} {node.title}" if node.number else node.title


# --- merging ---------------------------------------------------------------------------------------

@dataclass
class _Source:
    contribution: Contribution
    values: dict
    scope: SectionScope


def _merge_children(node: LayoutNode, sources: list[_Source], per_unit: bool) -> list[str]:
    """Return the merged paragraphs under ``node``: runs of fields per contributor, then subsections.

    Each contributor gives only the fields in its scope, so a part shared between units (III with
    mục III.4 from another unit) reads in the outline's order, each sub-section from its drafter.
    """
    lines: list[str] = []
    children = list(node.children)
    i = 0
    while i < len(children):
        if children[i].kind == "field":
            run = []
            while i < len(children) and children[i].kind == "field":
                run.append(children[i].field)
                i += 1
            for source in sources:
                found = [line for info in run if source.scope.covers(info.path)
                         for line in _field_lines(info, source.contribution.data, source.values, node.title)]
                if found and per_unit:
                    lines.append(f"{source.contribution.unit_name}:")
                lines.extend(found)
        else:
            inner = _merge_children(children[i], sources, per_unit)
            if inner:
                lines.append(heading_text(children[i]))
                lines.extend(inner)
            i += 1
    return lines


def merge_outline(compiled: CompiledForm, contributions: list[Contribution], *,
                  per_unit: bool | None = None) -> MergedOutline:
    """Return every top-level part of ``compiled`` in the outline's order with the merged text.

    ``per_unit`` (default: when some part has more than one contributor) introduces each unit's
    text with its name. Parts nobody drafted are kept with an empty text, for the consolidator.
    Tables found in the contributions are returned as appendices, in the same order.
    """
    sources = [_Source(c, compute_values(compiled, c.data), c.scope(compiled)) for c in contributions]
    if per_unit is None:  # the same field from two units: an upper level merging its subtree
        per_unit = any(sum(1 for s in sources if s.scope.covers(info.path)) > 1 for info in compiled.fields.values())
    parts = []
    for node in compiled.layout:
        if node.kind != "section":
            continue
        drafting = [s for s in sources if s.scope.touches((node.key,))]
        lines = _merge_children(node, drafting, per_unit)
        parts.append(MergedPart(node.key, node.number, node.title, "\n".join(lines),
                                [s.contribution.unit_name for s in drafting]))
    tables = [t for s in sources for t in form_tables(compiled, s.contribution)]
    return MergedOutline(parts, tables)


def form_tables(compiled: CompiledForm, contribution: Contribution) -> list[TableBlock]:
    """Return the filled tables of one contribution (an appendix form, or tables inside an outline).

    Fixed-row tables start with the row label; free tables with a running number (STT). Column
    totals end the table; the form's other filled values become notes under the last table.
    """
    data = contribution.data
    scope = contribution.scope(compiled)
    values = compute_values(compiled, data)
    tables: list[TableBlock] = []
    infos = sorted(compiled.fields.values(), key=lambda i: i.order)
    for info in infos:
        if info.type != "table" or not scope.covers(info.path):
            continue
        rows = table_rows(info, read_path(data, info.path))
        filled = [(i, row) for i, row in enumerate(rows) if any(is_filled(v) for v in row.values())]
        if not filled:
            continue
        fixed = info.rows is not None
        header = ["Nội dung" if fixed else "STT"] + [_column_label(c) for c in info.columns]
        body = []
        for n, (index, row) in enumerate(filled, start=1):
            first = info.rows[index].label if fixed else str(n)
            body.append([first] + [cell_text(c, row.get(c.key)) for c in info.columns])
        if any(c.total for c in info.columns):
            body.append(["Tổng cộng"] + [format_number(values.get(f"{info.key}.{c.key}")) if c.total else ""
                                         for c in info.columns])
        title = f"{compiled.title} — {info.label}" if compiled.kind != "outline" else info.label
        tables.append(TableBlock(title=title, unit_name=contribution.unit_name, header=header, rows=body))
    if tables and compiled.kind != "outline":
        notes = []
        for info in infos:
            if info.type == "table":
                continue
            value = values.get(info.key) if info.type == "computed" else read_path(data, info.path)
            if is_filled(value) and value_text(info, value):
                notes.append(f"{info.label}: {value_text(info, value)}")
        tables[-1].notes = notes
    return tables


def _column_label(column) -> str:
    return f"{column.label} ({column.unit})" if column.unit else column.label


# --- the document's header block --------------------------------------------------------------------

PARTY_KIND_CODES = frozenset({"tinh_uy", "dang_uy_xa", "dang_uy_truc_thuoc", "ubkt", "ban_dang", "van_phong",
                              "chi_bo", "dang_bo"})
STATE_KIND_CODES = frozenset({"ubnd", "hdnd", "so_ban_nganh"})
_PARTY_WORDS = ("tỉnh ủy", "thành ủy", "huyện ủy", "đảng ủy", "đảng bộ", "chi bộ", "ủy ban kiểm tra", "ban tổ chức",
                "ban tuyên giáo", "ban dân vận", "ban nội chính", "văn phòng tỉnh ủy", "văn phòng thành ủy")


def guess_style(kind_code: str, unit_name: str) -> str:
    """Return "party" for bodies of the Party (Hướng dẫn 36-HD/VPTW), "state" for state bodies (NĐ 30/2020)."""
    if kind_code in PARTY_KIND_CODES:
        return "party"
    if kind_code in STATE_KIND_CODES:
        return "state"
    name = unit_name.lower()
    return "party" if any(word in name for word in _PARTY_WORDS) else "state"


def default_meta(*, style: str, unit_name: str, superior_name: str, place: str, subtitle: str,
                 today: dt.date) -> dict:
    """Return the header block a new consolidated report starts with; the consolidator edits it."""
    party = style == "party"
    return {
        "superior": superior_name.upper(),
        "issuer": unit_name.upper(),
        "number": "",
        "symbol": "BC/TU" if party else "BC-UBND",
        "place": place,
        "date": today.isoformat(),
        "title": "BÁO CÁO",
        "subtitle": subtitle,
        "sign_on_behalf": "T/M BAN THƯỜNG VỤ" if party else "TM. ỦY BAN NHÂN DÂN",
        "sign_position": "PHÓ BÍ THƯ" if party else "CHỦ TỊCH",
        "signer_name": "",
        "recipients": "",
    }


def number_line(style: str, number: str, symbol: str) -> str:
    """Return the document number: "Số 24-BC/TU" (Party) or "Số: 01/BC-UBND" (state); a blank number
    leaves room to write it in by hand when the document is registered."""
    number = (number or "").strip() or "     "
    if style == "party":
        return f"Số {number}-{symbol}"
    return f"Số: {number}/{symbol}"


def date_line(place: str, day: dt.date) -> str:
    """Return "An Giang, ngày 09 tháng 4 năm 2026": days below 10 and months 1–2 take a leading zero
    (NĐ 30/2020, Phụ lục I; Hướng dẫn 36-HD/VPTW)."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


def part_heading(style: str, number: str | None, title: str) -> str:
    """Return a part's heading: "I- TITLE" in Party documents (as seed 002 writes them), "I. TITLE" otherwise."""
    if not number:
        return title.upper()
    if style == "party" and re.fullmatch(r"[IVXLC]+\.", number):
        number = number[:-1] + "-"
    return f"{number} {title.upper()}"


def province_place(names_top_down: list[str]) -> str:
    """Return the place name of the date line: the province's name without "Tỉnh"/"Thành phố"."""
    for name in names_top_down:
        for prefix in ("Tỉnh ", "Thành phố "):
            if name.startswith(prefix):
                return name[len(prefix):]
    return names_top_down[-1] if names_top_down else ""
