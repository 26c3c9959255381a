"""The .docx in the legal layout (HD 36-HD/VPTW for the Party, NĐ 30/2020 for the state): pure, no database."""
import datetime as dt
import io

from docx import Document
from docx.shared import Pt

from formbuilder.rounds.consolidation import TableBlock, default_meta
from formbuilder.rounds.docx_export import ReportDocument, build_docx, line_format

PARTS = [("I.", "Khái quát đặc điểm tình hình", "1. Đặc điểm, tình hình\n- Tổng số đảng viên: 125.430 người"),
         ("II.", "Kết quả", "2.1. Kết quả tổ chức bộ máy\n(1) Thuận lợi\nỔn định."),
         ("III.", "Đề xuất, kiến nghị", "")]
TABLE = TableBlock("Phụ lục II-1 — Văn bản", "Đảng ủy UBND tỉnh", ["STT", "Số, ký hiệu"], [["1", "01-NQ/TU"]])


def meta(style, **extra):
    data = default_meta(style=style, unit_name="Tỉnh ủy An Giang", superior_name="Đảng bộ tỉnh An Giang",
                        place="An Giang", subtitle="Kết quả tự kiểm tra đợt 2 năm 2026", today=dt.date(2026, 4, 9))
    return {**data, "number": "24", "signer_name": "Lâm Minh Thành", "recipients": "Đoàn KTGS số 29\n- Lưu VPTU",
            **extra}


def read(style, **extra):
    return Document(io.BytesIO(build_docx(ReportDocument(style, meta(style, **extra), PARTS, [TABLE]))))


def body_texts(doc):
    return [p.text for p in doc.paragraphs if p.text.strip()]


def test_party_layout_a4_margins_font_and_header_block():
    doc = read("party")
    section = doc.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin,
                                section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    left, right = doc.tables[0].rows[0].cells
    assert left.text.split("\n") == ["ĐẢNG BỘ TỈNH AN GIANG", "TỈNH ỦY AN GIANG", "*", "Số 24-BC/TU"]
    assert right.text.split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "An Giang, ngày 09 tháng 4 năm 2026"]
    party = right.paragraphs[0].runs[0]
    assert party.bold and party.font.size == Pt(15)
    assert right.paragraphs[2].runs[0].italic


def test_parts_in_order_with_numbered_headings_and_formatted_lines():
    doc = read("party")
    texts = body_texts(doc)
    assert texts[:3] == ["BÁO CÁO", "Kết quả tự kiểm tra đợt 2 năm 2026", "-----"]
    headings = [t for t in texts if t.split(" ")[0] in ("I-", "II-", "III-")]
    assert headings == ["I- KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "II- KẾT QUẢ", "III- ĐỀ XUẤT, KIẾN NGHỊ"]
    runs = {p.text: p.runs[0] for p in doc.paragraphs if p.text.strip()}
    assert runs["1. Đặc điểm, tình hình"].bold and runs["2.1. Kết quả tổ chức bộ máy"].italic
    assert runs["(1) Thuận lợi"].italic and not runs["Ổn định."].bold
    for run in runs.values():
        assert run.font.name == "Times New Roman"
    assert {r.font.size for p in doc.paragraphs for r in p.runs if p.text in (
        "1. Đặc điểm, tình hình", "- Tổng số đảng viên: 125.430 người")} == {Pt(14)}


def test_signature_recipients_and_appendix_table():
    doc = read("party")
    left, right = doc.tables[1].rows[0].cells
    assert left.text.split("\n") == ["Nơi nhận:", "- Đoàn KTGS số 29", "- Lưu VPTU"]
    assert right.text.split("\n")[0:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]
    assert right.text.split("\n")[-1] == "Lâm Minh Thành"
    appendix = doc.tables[2]
    assert [[c.text for c in row.cells] for row in appendix.rows] == [["STT", "Số, ký hiệu"], ["1", "01-NQ/TU"]]
    assert "PHỤ LỤC 1" in body_texts(doc)
    assert "(Kèm theo Báo cáo số 24-BC/TU — Đảng ủy UBND tỉnh)" in body_texts(doc)


def test_state_layout_has_the_national_title_and_motto():
    doc = read("state", symbol="BC-UBND", number="01", issuer="Ủy ban nhân dân tỉnh An Giang", superior="")
    left, right = doc.tables[0].rows[0].cells
    assert left.text.split("\n") == ["ỦY BAN NHÂN DÂN TỈNH AN GIANG", "—————", "Số: 01/BC-UBND"]
    assert right.text.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right.paragraphs[1].runs[0].underline
    assert "I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH" in body_texts(doc)


def test_line_formats():
    assert line_format("4.1.1. Về hạ tầng số") == {"bold": True, "italic": True}
    assert line_format("10. Việc xây dựng kế hoạch") == {"bold": True}
    assert line_format("a) Tình hình kết quả thực hiện") == {"italic": True}
    assert line_format("Phường Long Xuyên:") == {"bold": True, "italic": True}
    assert line_format("- Thuận lợi: tốt") == {}
