"""The plan document page: number, date, issuing body, legal bases, numbered parts and sections."""
import datetime as dt
import re

import pytest

from cms.models import PlanDocumentPage


def make_plan(**fields):
    values = dict(
        title="Kế hoạch thực hiện Chương trình kiểm tra, giám sát năm 2026 (đợt 2)", slug="ke-hoach-dot-2",
        kind="ke_hoach", document_number="Số 24-BC/TU", issued_on=dt.date(2026, 3, 27),
        issuing_body="Ban Thường vụ Tỉnh ủy", status="ban_hanh",
        legal_bases=[{"type": "basis", "value": "Chương trình số 05-CTr/TW, ngày 10/02/2026 của Bộ Chính trị"}],
        preamble="<p>Thực hiện Chương trình số 05-CTr/TW … như sau:</p>",
        body=[{"type": "part", "value": {
            "number": "A-", "heading": "MỤC ĐÍCH, YÊU CẦU", "intro": "<p>Quán triệt nghiêm túc.</p>",
            "sections": []}},
            {"type": "part", "value": {
                "number": "B-", "heading": "PHÂN CÔNG CHUẨN BỊ", "intro": "",
                "sections": [{"number": "I-", "heading": "ĐỐI VỚI BÁO CÁO CỦA BAN THƯỜNG VỤ",
                              "body": "<p>Ban Tổ chức tham mưu Phần V.</p>"}]}}],
    )
    values.update(fields)
    return PlanDocumentPage(**values)


def test_renders_the_document_facts_and_structure(client, home, publish):
    page = publish(home, make_plan())
    html = client.get(page.url).content.decode()
    assert '<dd data-testid="document-number">Số 24-BC/TU</dd>' in html
    assert "27/03/2026" in html
    assert "Ban Thường vụ Tỉnh ủy" in html
    assert "<li>Chương trình số 05-CTr/TW, ngày 10/02/2026 của Bộ Chính trị</li>" in html
    parts = re.findall(r'<section class="doc-part" id="(phan-\d)">\s*<h2><span class="num">([^<]+)</span> ([^<]+)</h2>',
                       html)
    assert parts == [("phan-1", "A-", "MỤC ĐÍCH, YÊU CẦU"), ("phan-2", "B-", "PHÂN CÔNG CHUẨN BỊ")]
    assert '<h3><span class="num">I-</span> ĐỐI VỚI BÁO CÁO CỦA BAN THƯỜNG VỤ</h3>' in html
    assert '<a href="#phan-2">B- PHÂN CÔNG CHUẨN BỊ</a>' in html  # table of contents
    assert html.count("<h1>") == 1
    assert "Ban hành" in html and "hết hiệu lực" not in html


@pytest.mark.parametrize("status, note", [("du_thao", "Đây là bản dự thảo, chưa ban hành."),
                                          ("het_hieu_luc", "Văn bản này đã hết hiệu lực.")])
def test_draft_and_expired_documents_say_so(client, home, publish, status, note):
    page = publish(home, make_plan(status=status))
    assert note in client.get(page.url).content.decode()


def test_kind_choices_and_search_text(home, publish):
    page = publish(home, make_plan(kind="de_an"))
    assert page.get_kind_display() == "Đề án"
    text = page.search_text()
    assert "so 24-bc/tu" in text and "ban thuong vu tinh uy" in text and "phan cong chuan bi" in text
    assert "ban to chuc tham muu phan v" in text
