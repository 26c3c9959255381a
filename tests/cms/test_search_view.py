"""Search at /tim-kiem/: Vietnamese found with or without diacritics, only pages the user may see."""
import re

import pytest

from cms.models import GuidancePage, NoticeIndexPage, NoticePage, PlanDocumentPage
from cms.visibility import Visibility


def found(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


@pytest.fixture
def pages(home, publish, tree):
    return {
        "scheme": publish(home, PlanDocumentPage(
            title="Đề án nâng cao hiệu quả công tác giám sát thường xuyên", slug="de-an", kind="de_an",
            issuing_body="Ban Chấp hành Đảng bộ tỉnh")),
        "guidance": publish(home, GuidancePage(
            title="Hướng dẫn điền đề cương", slug="huong-dan",
            steps=[{"type": "step", "value": {"title": "Đánh giá ưu điểm", "body": "<p>Nêu rõ địa chỉ cụ thể.</p>"}}])),
        "restricted": publish(home, GuidancePage(
            title="Hướng dẫn riêng về đối chiếu số liệu", slug="rieng", visibility=Visibility.UNITS),
            units=[tree.P]),
    }


@pytest.mark.parametrize("query", ["giam sat thuong xuyen", "giám sát thường xuyên", "GIÁM SÁT thuong xuyen",
                                   "  giam   sat  "])
def test_finds_with_or_without_diacritics(client, pages, query):
    assert found(client, query) == ["Đề án nâng cao hiệu quả công tác giám sát thường xuyên"]


def test_d_with_stroke_is_folded_to_d(client, pages):
    assert found(client, "dang bo tinh") == ["Đề án nâng cao hiệu quả công tác giám sát thường xuyên"]


def test_text_inside_steps_is_found(client, pages):
    assert found(client, "dia chi cu the") == ["Hướng dẫn điền đề cương"]


def test_every_word_must_match(client, pages):
    assert found(client, "giam sat huong dan") == []


def test_restricted_page_is_found_only_by_its_units(client, pages, tree, make_user):
    assert found(client, "doi chieu so lieu") == []
    client.force_login(make_user("xa.c", unit=tree.C))
    assert found(client, "doi chieu so lieu") == []
    client.force_login(make_user("xa.a", unit=tree.A))
    assert found(client, "doi chieu so lieu") == ["Hướng dẫn riêng về đối chiếu số liệu"]


def test_drafts_are_not_found(client, home, publish):
    page = publish(home, GuidancePage(title="Hướng dẫn nháp", slug="nhap"))
    page.unpublish()
    assert found(client, "huong dan nhap") == []


def test_empty_query_shows_the_form_only(client, home):
    html = client.get("/tim-kiem/").content.decode()
    assert '<label for="q">' in html and html.count("<h1>") == 1
    assert 'data-testid="result-count"' not in html


def test_no_result_message(client, home):
    html = client.get("/tim-kiem/", {"q": "khong co gi"}).content.decode()
    assert "Không tìm thấy kết quả nào cho “khong co gi”." in html


def test_results_are_paginated(client, home, publish):
    index = publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao"))
    for n in range(12):
        publish(index, NoticePage(title=f"Thông báo kiểm tra số {n}", slug=f"tb-{n}"))
    first = client.get("/tim-kiem/", {"q": "thong bao kiem tra"}).content.decode()
    assert "Tìm thấy 12 kết quả" in first
    assert "Trang 1 / 2" in first and "q=thong%20bao%20kiem%20tra&amp;trang=2" in first
    assert len(found(client, "thong bao kiem tra", trang=2)) == 2


def test_results_say_what_each_page_is(client, pages):
    html = client.get("/tim-kiem/", {"q": "de an"}).content.decode()
    assert '<p class="help">Đề án · Ban Chấp hành Đảng bộ tỉnh</p>' in html
    html = client.get("/tim-kiem/", {"q": "dien de cuong"}).content.decode()
    assert '<p class="help">Trang hướng dẫn</p>' in html


def test_query_count_does_not_grow_with_the_results(client, home, publish, tree, make_user,
                                                    django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("xa.a", unit=tree.A))
    publish(home, GuidancePage(title="Hướng dẫn kiểm tra 0", slug="hd-0"))
    with CaptureQueriesContext(connection) as few:
        client.get("/tim-kiem/", {"q": "huong dan kiem tra"})
    for n in range(1, 8):
        publish(home, GuidancePage(title=f"Hướng dẫn kiểm tra {n}", slug=f"hd-{n}",
                                   visibility=Visibility.UNITS if n % 2 else Visibility.PUBLIC),
                units=[tree.P] if n % 2 else ())
    with django_assert_max_num_queries(len(few)):
        html = client.get("/tim-kiem/", {"q": "huong dan kiem tra"}).content.decode()
    assert "Tìm thấy 8 kết quả" in html
