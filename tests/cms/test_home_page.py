"""The home page: due work for logged-in users, latest guidance and notices they may see."""
import datetime as dt

from wagtail import hooks

from cms.models import GuidancePage, NoticeIndexPage, NoticePage
from cms.providers import DUE_ITEMS_HOOK, DueItem
from cms.visibility import Visibility


def test_anonymous_sees_intro_and_login_not_due_work(client, home):
    html = client.get("/").content.decode()
    assert html.count("<h1>") == 1
    assert "Giới thiệu" in html
    assert "Đăng nhập để làm báo cáo" in html
    assert 'data-testid="due-work"' not in html


def test_logged_in_user_without_due_work_is_told_so(client, home, make_user):
    client.force_login(make_user("nguoi.dung"))
    html = client.get("/").content.decode()
    assert 'data-testid="due-work"' in html
    assert "Chưa có việc cần làm." in html


def test_due_items_come_from_registered_providers(client, home, make_user):
    client.force_login(make_user("nguoi.dung"))

    def due(request):
        return [DueItem(title="Báo cáo tự kiểm tra đợt 2", url="/dot-2/", due_on=dt.date(2026, 4, 9))]

    with hooks.register_temporarily(DUE_ITEMS_HOOK, due):
        html = client.get("/").content.decode()
    assert '<a href="/dot-2/">Báo cáo tự kiểm tra đợt 2</a> — hạn 09/04/2026' in html
    assert "Chưa có việc cần làm." not in html


def test_latest_guidance_and_notices_respect_visibility(client, home, publish, tree, make_user):
    publish(home, GuidancePage(title="Hướng dẫn chung", slug="hd-chung", summary="Cho mọi người."))
    publish(home, GuidancePage(title="Hướng dẫn riêng", slug="hd-rieng", visibility=Visibility.UNITS),
            units=[tree.P])
    index = publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao"))
    publish(index, NoticePage(title="Thông báo mới", slug="moi", date=dt.date(2026, 4, 7)))
    html = client.get("/").content.decode()
    assert "Hướng dẫn chung" in html and "Cho mọi người." in html
    assert "Hướng dẫn riêng" not in html
    assert "Thông báo mới" in html and "Xem tất cả thông báo" in html
    client.force_login(make_user("xa.a", unit=tree.A))
    assert "Hướng dẫn riêng" in client.get("/").content.decode()
