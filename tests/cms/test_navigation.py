"""Top-level menu (pages shown in menus) and breadcrumbs, filtered by visibility."""
import re

from cms.models import GuidancePage, NoticeIndexPage, NoticePage
from cms.visibility import Visibility


def menu(html):
    nav = re.search(r'<nav id="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r"<li><a [^>]*>([^<]+)</a></li>", nav)


def test_menu_lists_visible_top_level_pages_shown_in_menus(client, home, publish, tree, make_user):
    publish(home, GuidancePage(title="Hướng dẫn", slug="hd", show_in_menus=True))
    publish(home, GuidancePage(title="Không trong menu", slug="khong", show_in_menus=False))
    publish(home, GuidancePage(title="Riêng tỉnh P", slug="rieng", show_in_menus=True,
                               visibility=Visibility.UNITS), units=[tree.P])
    assert menu(client.get("/").content.decode()) == ["Trang chủ", "Hướng dẫn", "Tìm kiếm"]  # public guidance
    client.force_login(make_user("xa.c", unit=tree.C))
    assert menu(client.get("/").content.decode()) == ["Trang chủ", "Hướng dẫn", "Tìm kiếm", "Việc cần làm", "Chỉ tiêu",
                                                      "Excel", "Đơn vị", "Thông báo"]
    client.force_login(make_user("xa.a", unit=tree.A))
    assert menu(client.get("/").content.decode()) == ["Trang chủ", "Hướng dẫn", "Riêng tỉnh P", "Tìm kiếm",
                                                      "Việc cần làm", "Chỉ tiêu", "Excel", "Đơn vị", "Thông báo"]


def test_current_section_is_marked(client, home, publish, make_user):
    index = publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao", show_in_menus=True))
    notice = publish(index, NoticePage(title="Một thông báo", slug="mot"))
    client.force_login(make_user("nguoi.dung"))
    html = client.get(notice.url).content.decode()
    assert '<a href="/thong-bao/" aria-current="page">Thông báo</a>' in html


def test_breadcrumbs_show_the_trail(client, home, publish):
    index = publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao"))
    notice = publish(index, NoticePage(title="Một thông báo", slug="mot"))
    html = client.get(notice.url).content.decode()
    crumbs = re.search(r'<nav aria-label="Đường dẫn" class="breadcrumbs">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">([^<>]+)</(?:a|li)>", crumbs) == ["Trang chủ", "Thông báo", "Một thông báo"]
    assert '<li aria-current="page">Một thông báo</li>' in crumbs


def test_menu_uses_the_short_menu_title(client, home, publish, make_user):
    publish(home, GuidancePage(title="Hướng dẫn xây dựng báo cáo tự kiểm tra đợt 2 năm 2026 theo Đề cương",
                               slug="hd", show_in_menus=True, menu_title="Hướng dẫn đợt 2"))
    client.force_login(make_user("nguoi.dung"))
    assert "Hướng dẫn đợt 2" in menu(client.get("/").content.decode())
