"""Write a consolidated report as .docx in the legal layout (thể thức văn bản).

Two layouts, chosen by ``style``:

* "party" — Hướng dẫn 36-HD/VPTW (2018) of the Central Party Office: "ĐẢNG CỘNG SẢN VIỆT NAM" at the
  top right, the superior body and the issuing body at the top left with "*" under them, the number
  "Số 24-BC/TU", parts numbered "I-", "II-";
* "state" — Nghị định 30/2020/NĐ-CP, Phụ lục I: the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
  Độc lập - Tự do - Hạnh phúc" at the top right, the number "Số: 01/BC-UBND", parts numbered "I.".

Both: A4, Times New Roman, body 14 pt, margins 20 mm top and bottom, 30 mm left, 15 mm right (inside
the 20–25 / 30–35 / 15–20 mm both texts allow), justified paragraphs with a 1 cm first-line indent,
the place-and-date line in italics, the title "BÁO CÁO" in bold, the signature block and "Nơi nhận",
and the appendices as tables on new pages.

Pure: plain data in, bytes out (python-docx, no database).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .consolidation import TableBlock, date_line, number_line, part_heading

FONT = "Times New Roman"
BODY_PT = 14


@dataclass(frozen=True)
class Layout:
    """Sizes (points) of one legal layout's header block."""

    national_pt: int
    motto_pt: int
    superior_pt: int
    issuer_pt: int
    number_pt: int
    title_pt: int
    recipients_pt: int


LAYOUTS = {
    # Hướng dẫn 36-HD/VPTW: party name 15, bodies 14, title 15–16, "Nơi nhận" list 12.
    "party": Layout(national_pt=15, motto_pt=14, superior_pt=14, issuer_pt=14, number_pt=14, title_pt=16,
                    recipients_pt=12),
    # NĐ 30/2020: national title 12–13, motto 13–14, bodies 12–13, number 13, title 13–14, list 11.
    "state": Layout(national_pt=13, motto_pt=14, superior_pt=13, issuer_pt=13, number_pt=13, title_pt=14,
                    recipients_pt=11),
}

MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


@dataclass
class ReportDocument:
    """What the .docx shows: layout, header block (see consolidation.default_meta), parts and appendices."""

    style: str
    meta: dict
    parts: list[tuple[str | None, str, str]]  # (number, title, text)
    tables: list[TableBlock] = field(default_factory=list)


# --- small writers -------------------------------------------------------------------------------------

def _font(run, *, size: float | None = None, bold: bool | None = None, italic: bool | None = None,
          underline: bool | None = None) -> None:
    run.font.name = FONT
    # Word picks the East Asian font slot for some Vietnamese letters: name the font there too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline


def _paragraph(container, text: str = "", *, align=None, size: float | None = None, bold=None, italic=None,
               underline=None, indent_first: bool = False, space_after: float = 0, keep_with_next=False):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent_first:
        fmt.first_line_indent = Mm(10)
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        _font(p.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return p


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    """Write centred lines into a table cell: the first into its existing empty paragraph."""
    for i, (text, fmt) in enumerate(lines):
        fmt = {"align": WD_ALIGN_PARAGRAPH.CENTER, **fmt}
        if i == 0:
            p = cell.paragraphs[0]
            p.alignment = fmt.pop("align")
            p.paragraph_format.space_after = Pt(0)
            if text:
                _font(p.add_run(text), **fmt)
        else:
            _paragraph(cell, text, **fmt)


def _set_up(document, style: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.line_spacing = 1.15
    document.core_properties.language = "vi-VN"


# --- the header block ----------------------------------------------------------------------------------

def _header(document, style: str, meta: dict) -> None:
    layout = LAYOUTS[style]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left_lines = [((meta.get("superior") or "").strip().upper(), {"size": layout.superior_pt}),
                  ((meta.get("issuer") or "").strip().upper(), {"size": layout.issuer_pt, "bold": True}),
                  # A party document marks the end of the issuer's name with "*"; a state one with a rule.
                  ("*" if style == "party" else "—————", {"size": layout.issuer_pt}),
                  (number_line(style, meta.get("number", ""), meta.get("symbol", "")), {"size": layout.number_pt})]
    _cell_lines(left, [line for line in left_lines if line[0]])
    if style == "party":
        national = [("ĐẢNG CỘNG SẢN VIỆT NAM", {"size": layout.national_pt, "bold": True, "underline": True})]
    else:
        national = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"size": layout.national_pt, "bold": True}),
                    ("Độc lập - Tự do - Hạnh phúc", {"size": layout.motto_pt, "bold": True, "underline": True})]
    date_text = date_line(meta.get("place", ""), _date(meta.get("date")))
    _cell_lines(right, national + [("", {"size": BODY_PT}), (date_text, {"size": BODY_PT, "italic": True})])


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date.today()


def _title(document, style: str, meta: dict) -> None:
    layout = LAYOUTS[style]
    _paragraph(document, "", size=BODY_PT)
    _paragraph(document, (meta.get("title") or "BÁO CÁO").upper(), align=WD_ALIGN_PARAGRAPH.CENTER,
               size=layout.title_pt, bold=True)
    if meta.get("subtitle"):
        _paragraph(document, meta["subtitle"], align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT, bold=True)
    _paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT, space_after=6)


# --- the body ---------------------------------------------------------------------------------------------

_SUBSECTION = re.compile(r"^\d+\.\d+(\.\d+)*\.?\s")     # 2.1. … / 4.1.1. …
_SECTION = re.compile(r"^\d+\.\s")                       # 1. …
_ITEM = re.compile(r"^(\(\d+\)|[a-zđ]\))\s")             # (1) … / a) …


def line_format(line: str) -> dict:
    """Return how a line of a part's text is set: numbered headings in bold (sub-headings bold italic),
    "(1)" and "a)" items and unit names (a line ending in ":") in italics, the rest as body text."""
    if _SUBSECTION.match(line):
        return {"bold": True, "italic": True}
    if _SECTION.match(line):
        return {"bold": True}
    if _ITEM.match(line):
        return {"italic": True}
    if line.endswith(":") and not line.startswith(("-", "+")) and len(line) < 200:
        return {"bold": True, "italic": True}
    return {}


def _parts(document, style: str, parts) -> None:
    for number, title, text in parts:
        _paragraph(document, part_heading(style, number, title), align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                   size=BODY_PT, bold=True, indent_first=True, space_after=6, keep_with_next=True)
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            fmt = line_format(line)
            _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=BODY_PT, indent_first=True,
                       space_after=6, keep_with_next=bool(fmt.get("bold")), **fmt)


def _signature(document, style: str, meta: dict) -> None:
    layout = LAYOUTS[style]
    _paragraph(document, "", size=BODY_PT)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    recipients = [r.strip() for r in (meta.get("recipients") or "").splitlines() if r.strip()]
    heading = ({"size": BODY_PT, "underline": True} if style == "party"
               else {"size": 12, "bold": True, "italic": True})
    _cell_lines(left, [("Nơi nhận:", {"align": WD_ALIGN_PARAGRAPH.LEFT, **heading})]
                + [(r if r.startswith("-") else f"- {r}", {"align": WD_ALIGN_PARAGRAPH.LEFT,
                                                            "size": layout.recipients_pt}) for r in recipients])
    signer = {"size": BODY_PT, "bold": True}
    _cell_lines(right, [((meta.get("sign_on_behalf") or "").upper(), signer),
                        ((meta.get("sign_position") or "").upper(), signer),
                        ("", {}), ("", {}), ("", {}),
                        (meta.get("signer_name") or "", signer)])


def _appendices(document, style: str, meta: dict, tables: list[TableBlock]) -> None:
    reference = number_line(style, meta.get("number", ""), meta.get("symbol", ""))
    reference = reference.replace("Số: ", "số ").replace("Số ", "số ")
    for n, block in enumerate(tables, start=1):
        heading = _paragraph(document, f"PHỤ LỤC {n}", align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT, bold=True)
        heading.paragraph_format.page_break_before = True
        _paragraph(document, block.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT, bold=True)
        _paragraph(document, f"(Kèm theo Báo cáo {reference.strip()} — {block.unit_name})",
                   align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT, italic=True, space_after=6)
        table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, block.header):
            _cell_lines(cell, [(text, {"size": 12, "bold": True})])
        for row, values in zip(table.rows[1:], block.rows):
            total = bool(values) and values[0] == "Tổng cộng"
            for i, (cell, text) in enumerate(zip(row.cells, values)):
                align = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else WD_ALIGN_PARAGRAPH.LEFT
                _cell_lines(cell, [(text, {"size": 12, "bold": total, "align": align})])
        for note in block.notes:
            _paragraph(document, note, size=BODY_PT, indent_first=True)


def build_docx(report: ReportDocument) -> bytes:
    """Return the .docx bytes of ``report``."""
    style = report.style if report.style in LAYOUTS else "party"
    document = Document()
    _set_up(document, style)
    _header(document, style, report.meta)
    _title(document, style, report.meta)
    _parts(document, style, report.parts)
    _signature(document, style, report.meta)
    _appendices(document, style, report.meta, report.tables)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
