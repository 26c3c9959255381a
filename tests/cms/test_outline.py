"""The plain-text splitter of documents into parts and sections (no database)."""
from cms.outline import classify_heading, paragraphs_html, parse_outline

PLAN = """Thực hiện Chương trình số 05-CTr/TW, Ban Thường vụ xây dựng Kế hoạch như sau:

A- MỤC ĐÍCH, YÊU CẦU

Quán triệt và triển khai thực hiện nghiêm túc Chương trình.

B- PHÂN CÔNG CHUẨN BỊ

I- ĐỐI VỚI BÁO CÁO CỦA BAN THƯỜNG VỤ TỈNH ỦY

1. Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh tham mưu nội dung Báo cáo, cụ thể: Phần I; Phần II.

II- ĐỐI VỚI CÁC ĐƠN VỊ ĐƯỢC CHỌN KHẢO SÁT, KIỂM TRA

Các cấp ủy khẩn trương xây dựng báo cáo tự kiểm tra **chậm nhất ngày 09/4/2026** và

gửi về Văn phòng Tỉnh ủy.
"""

SCHEME = """Phần thứ nhất

SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG ĐỀ ÁN

I. SỰ CẦN THIẾT XÂY DỰNG ĐỀ ÁN

Công tác giám sát thường xuyên⁽¹⁾ đạt nhiều kết quả.

¹ Quy định số 296-QĐ/TW, ngày 30/5/2025.

II. CĂN CỨ XÂY DỰNG ĐỀ ÁN

1.1. Văn bản của Trung ương

- Điều lệ Đảng Cộng sản Việt Nam.
- Nghị quyết số 14-NQ/TW.

Phần thứ hai

TỔ CHỨC THỰC HIỆN
"""


def test_letters_are_parts_and_roman_numerals_sections_when_both_are_present():
    outline = parse_outline(PLAN)
    assert outline.preamble == ["Thực hiện Chương trình số 05-CTr/TW, Ban Thường vụ xây dựng Kế hoạch như sau:"]
    assert [(p.number, p.heading) for p in outline.parts] == [
        ("A-", "MỤC ĐÍCH, YÊU CẦU"), ("B-", "PHÂN CÔNG CHUẨN BỊ")]
    sections = outline.parts[1].sections
    assert [(s.number, s.heading) for s in sections] == [
        ("I-", "ĐỐI VỚI BÁO CÁO CỦA BAN THƯỜNG VỤ TỈNH ỦY"),
        ("II-", "ĐỐI VỚI CÁC ĐƠN VỊ ĐƯỢC CHỌN KHẢO SÁT, KIỂM TRA")]
    # A long numbered sentence is a paragraph, not a heading.
    assert sections[0].paragraphs[0].startswith("1. Ban Thường vụ")


def test_a_sentence_cut_by_a_page_break_is_joined():
    last = parse_outline(PLAN).parts[1].sections[1].paragraphs
    assert last == ["Các cấp ủy khẩn trương xây dựng báo cáo tự kiểm tra **chậm nhất ngày 09/4/2026** và "
                    "gửi về Văn phòng Tỉnh ủy."]


def test_chapters_take_their_title_from_the_next_line_and_footnotes_are_set_apart():
    outline = parse_outline(SCHEME)
    assert [(p.number, p.heading) for p in outline.parts] == [
        ("Phần thứ nhất", "SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG ĐỀ ÁN"), ("Phần thứ hai", "TỔ CHỨC THỰC HIỆN")]
    assert [s.number for s in outline.parts[0].sections] == ["I.", "II."]
    assert outline.notes == ["¹ Quy định số 296-QĐ/TW, ngày 30/5/2025."]


def test_classify_heading():
    assert classify_heading("1. Mục đích") == ("arabic", "1.", "Mục đích")
    assert classify_heading("1. Ủy ban Kiểm tra chủ trì phối hợp với các cơ quan.") is None
    assert classify_heading("I- Quán triệt thường") is None  # roman headings are in capitals
    assert classify_heading("Phần thứ ba") == ("chapter", "Phần thứ ba", "")


def test_paragraphs_html_makes_lists_bold_subheadings_and_escapes():
    html = paragraphs_html(["1.1. Văn bản của Trung ương", "- Điều lệ Đảng.", "+ Nghị quyết <14>.",
                            "Thời gian: ***Tháng 6/2026.***"])
    assert html == ("<p><b>1.1. Văn bản của Trung ương</b></p>"
                    "<ul><li>Điều lệ Đảng.</li><li>Nghị quyết &lt;14&gt;.</li></ul>"
                    "<p>Thời gian: <b><i>Tháng 6/2026.</i></b></p>")
