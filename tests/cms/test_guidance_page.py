"""The guidance page: body, numbered steps, questions and attachments."""
import re

import pytest

from cms.models import Attachment, GuidancePage


@pytest.fixture
def guidance(home, publish, make_document):
    page = GuidancePage(
        title="Hướng dẫn điền đề cương", slug="huong-dan", summary="Cách điền đề cương đợt 2.",
        body="<p>Báo cáo bám sát Đề cương.</p>",
        steps=[{"type": "step", "value": {"title": "Xác định phần việc", "body": "<p>Đọc phần B.</p>"}},
               {"type": "step", "value": {"title": "Gửi báo cáo", "body": "<p>Trước ngày 09/4/2026.</p>"}}],
        faqs=[{"type": "faq", "value": {"question": "Hạn gửi là khi nào?", "answer": "<p>Ngày 09/4/2026.</p>"}}],
    )
    page.attachments.add(Attachment(document=make_document(title="Đề cương đợt 2", filename="de-cuong.txt")))
    return publish(home, page)


def test_renders_steps_in_order_questions_and_attachment(client, guidance):
    response = client.get(guidance.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1 and "<h1>Hướng dẫn điền đề cương</h1>" in html
    steps = re.findall(r"<h3>([^<]+)</h3>", html)
    assert steps == ["Xác định phần việc", "Gửi báo cáo"]
    assert '<ol class="steps">' in html
    assert "<summary>Hạn gửi là khi nào?</summary>" in html
    document = guidance.attachments.get().document
    assert f'<a href="{document.url}">Đề cương đợt 2</a>' in html
    assert "(TXT" in html


def test_headings_do_not_skip_levels(client, guidance):
    html = client.get(guidance.url).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))


def test_search_text_folds_title_body_steps_and_questions(guidance):
    text = guidance.search_text()
    for words in ("huong dan dien de cuong", "bam sat de cuong", "xac dinh phan viec", "han gui la khi nao"):
        assert words in text


def test_breadcrumbs_lead_home(client, guidance):
    html = client.get(guidance.url).content.decode()
    assert re.search(r'<nav aria-label="Đường dẫn" class="breadcrumbs">.*Trang chủ.*Hướng dẫn điền đề cương',
                     html, re.S)


def test_admin_labels_are_vietnamese():
    assert GuidancePage._meta.verbose_name == "trang hướng dẫn"
    assert GuidancePage._meta.get_field("steps").verbose_name == "các bước thực hiện"
    assert GuidancePage._meta.get_field("faqs").verbose_name == "câu hỏi thường gặp"
