"""Notices: listed newest first, ten to a page, only those the user may see."""
import datetime as dt
import re

import pytest

from cms.models import NoticeIndexPage, NoticePage
from cms.visibility import Visibility


@pytest.fixture
def index(home, publish):
    return publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao", intro="<p>Mới nhất ở trên.</p>"))


def titles(html):
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


def test_newest_first_and_paginated(client, index, publish):
    for day in range(1, 13):
        publish(index, NoticePage(title=f"Thông báo ngày {day:02d}", slug=f"tb-{day}", date=dt.date(2026, 4, day)))
    first = client.get(index.url).content.decode()
    assert titles(first)[:2] == ["Thông báo ngày 12", "Thông báo ngày 11"]
    assert len(titles(first)) == 10
    assert "Trang 1 / 2" in first and "trang=2" in first
    second = client.get(index.url, {"trang": 2}).content.decode()
    assert titles(second) == ["Thông báo ngày 02", "Thông báo ngày 01"]


def test_restricted_notice_is_not_listed_for_outsiders(client, index, publish, tree, make_user):
    publish(index, NoticePage(title="Thông báo chung", slug="chung", date=dt.date(2026, 4, 1)))
    publish(index, NoticePage(title="Thông báo riêng tỉnh P", slug="rieng", date=dt.date(2026, 4, 2),
                              visibility=Visibility.UNITS), units=[tree.P])
    assert titles(client.get(index.url).content.decode()) == ["Thông báo chung"]
    client.force_login(make_user("xa.a", unit=tree.A))
    assert titles(client.get(index.url).content.decode()) == ["Thông báo riêng tỉnh P", "Thông báo chung"]


def test_notice_page_shows_its_date(client, index, publish):
    notice = publish(index, NoticePage(title="Hạn nộp", slug="han-nop", date=dt.date(2026, 4, 9),
                                       body="<p>Chậm nhất ngày 09/4/2026.</p>"))
    html = client.get(notice.url).content.decode()
    assert '<time datetime="2026-04-09">09/04/2026</time>' in html
    assert "Chậm nhất ngày 09/4/2026." in html


def test_notices_live_only_under_an_index():
    assert NoticePage.parent_page_types == ["cms.NoticeIndexPage"]
    assert NoticeIndexPage.subpage_types == ["cms.NoticePage"]
