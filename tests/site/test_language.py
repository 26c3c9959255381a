"""Vietnamese first: the browser's Accept-Language never picks the language, the switcher does."""
import re

import pytest

EN_US = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
NAV_VI = ["Trang chủ", "Việc cần làm", "Chỉ tiêu", "Excel", "Đơn vị"]
NAV_EN = ["Home", "Tasks", "Indicators", "Excel", "Units"]


def nav_labels(html: str) -> list[str]:
    """The link texts of the main navigation, in order."""
    nav = re.search(r'<nav id="site-nav".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)">', html).group(1)


def vietnamese_words(html: str, data: list[str]) -> set[str]:
    """The words with Vietnamese letters left in the page's main content (or in ``html`` when it is a part
    of it) once the ``data`` (names of units, indicators, periods … which stay as entered) are taken out:
    none when the page is English."""
    found = re.search(r"<main.*?</main>", html, re.S)
    main = found.group(0) if found else html
    for text in sorted(data, key=len, reverse=True):
        main = main.replace(text, " ")
    return set(re.findall(r"\w*[À-ỹ]\w*", re.sub(r"<style.*?</style>", " ", main, flags=re.S)))


@pytest.fixture
def unit_user(client, tree, make_user):
    user = make_user("tinh", unit=tree.P, role="reviewer", is_staff=True)
    client.force_login(user)
    return user


def test_english_browser_without_a_choice_gets_vietnamese(client, unit_user):
    response = client.get("/don-vi/", **EN_US)
    html = response.content.decode()
    assert html_lang(html) == "vi" and response["Content-Language"] == "vi"
    labels = nav_labels(html)
    assert labels[:5] == NAV_VI and labels[-1] == "Quản trị"
    assert "<h1>Đơn vị</h1>" in html and "Tên đơn vị" in html and "Đổi mật khẩu" in html
    for english in ("Home", "Units", "Tasks", "Log out"):
        assert english not in html


def test_anonymous_login_page_ignores_accept_language(client, db):
    html = client.get("/dang-nhap/", **EN_US).content.decode()
    assert html_lang(html) == "vi" and "Tên đăng nhập" in html and "Username" not in html


def test_switch_to_english_then_back_to_vietnamese(client, unit_user, tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/don-vi/"}, **EN_US)
    assert response.status_code == 302 and response["Location"] == "/don-vi/"

    response = client.get("/don-vi/", **EN_US)
    html = response.content.decode()
    assert html_lang(html) == "en" and response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]
    labels = nav_labels(html)
    assert labels[:5] == NAV_EN and labels[-1] == "Administration"
    assert not set(labels) & (set(NAV_VI) - {"Excel"}) and "Quản trị" not in labels
    assert "<h1>Units</h1>" in html and "Unit name" in html and "Change password" in html
    assert "Log out" in html and "Đăng xuất" not in html and "Đổi mật khẩu" not in html

    html = client.get(f"/don-vi/{tree.P.code}/").content.decode()
    assert "Unit code" in html and "Subordinate units (2)" in html and "Members" in html
    assert "Đơn vị trực thuộc" not in html and "Thành viên" not in html

    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/don-vi/"}, **EN_US)
    assert response.status_code == 302
    html = client.get("/don-vi/", **EN_US).content.decode()
    assert html_lang(html) == "vi" and nav_labels(html)[:5] == NAV_VI and "<h1>Đơn vị</h1>" in html


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, unit_user, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/don-vi/", **EN_US).content.decode()
    assert html_lang(html) == "vi" and nav_labels(html)[:5] == NAV_VI


def test_english_error_pages(client, unit_user, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/don-vi/KHONG-CO/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and "Back to home" in html and "Không tìm thấy trang" not in html


def test_server_error_page_speaks_the_chosen_language():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string("500.html")
    assert html_lang(html) == "en" and "<h1>System error</h1>" in html and "Lỗi hệ thống" not in html
    with translation.override("vi"):
        assert html_lang(render_to_string("500.html")) == "vi"


def test_wagtail_admin_keeps_its_own_preference(client, tree, django_user_model):
    """An admin user's Wagtail preference wins in the admin only; the site follows the switcher."""
    from wagtail.users.models import UserProfile

    root = django_user_model.objects.create_superuser("root", password="x")
    profile = UserProfile.get_for_user(root)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(root)

    texts = [t.strip() for t in re.findall(r">([^<>]+)<", client.get("/quan-tri/don-vi/new/").content.decode())]
    assert "Create" in texts and "Tạo" not in texts
    assert html_lang(client.get("/don-vi/").content.decode()) == "vi"


def test_main_pages_are_wholly_english_once_chosen(client, unit_user, settings):
    """Home, guidance and task list: navigation and headings in English, no Vietnamese label left."""
    from wagtail.models import Page, Site

    from cms.models import GuidancePage, HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ thử", slug="trang-chu"))
    site = Site.objects.get(is_default_site=True)
    site.root_page, site.hostname = home, "testserver"
    site.save()
    guidance = home.add_child(instance=GuidancePage(
        title="Hướng dẫn thử", slug="huong-dan", show_in_menus=True,
        steps=[{"type": "step", "value": {"title": "Bước một", "body": "<p>Làm.</p>"}}],
        faqs=[{"type": "faq", "value": {"question": "Hỏi?", "answer": "<p>Đáp.</p>"}}]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/").content.decode()
    labels = nav_labels(html)
    assert labels == ["Home", "Hướng dẫn thử", "Search", *NAV_EN[1:], "Notifications", "Administration"]
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings == ["Tasks", "Your unit", "Latest guidance", "Latest notices"]

    html = client.get(guidance.url).content.decode()
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", html) == ["Steps", "Frequently asked questions"]

    html = client.get("/bao-cao/").content.decode()
    assert nav_labels(html) == [*NAV_EN, "Notifications", "Administration"]
    assert "<h1>Tasks</h1>" in html and "Your unit's reports" in html and "Việc cần làm" not in html


def test_unit_statuses_and_roles_follow_the_chosen_language(client, unit_user, tree, settings):
    """Unit status labels (Unit.status_label) and role names (Role) come from Python, not templates."""
    import datetime as dt

    tree.B1.valid_to = dt.date(2025, 1, 1)
    tree.A.merged_into = tree.B
    for unit in (tree.B1, tree.A):
        unit.save()

    def status(code):
        html = client.get(f"/don-vi/{code}/").content.decode()
        shown = re.search(r"<dt>(?:Trạng thái|Status)</dt><dd>(.*?)</dd>", html, re.S).group(1)
        return " ".join(re.sub(r"<[^>]+>", "", shown).split())

    assert [status(code) for code in ("P", "A", "B1")] == [
        "Đang hoạt động", f"Đã sáp nhập vào {tree.B.name}", "Đã giải thể"]
    html = client.get(f"/don-vi/{tree.P.code}/").content.decode()
    assert "tinh — Người duyệt" in html and f"{tree.P.name} · Người duyệt" in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert [status(code) for code in ("P", "A", "B1")] == ["Active", f"Merged into {tree.B.name}", "Dissolved"]
    html = client.get(f"/don-vi/{tree.P.code}/").content.decode()
    assert "tinh — Reviewer" in html and f"{tree.P.name} · Reviewer" in html and "Người duyệt" not in html


def test_task_list_lines_are_english_once_chosen(client, tree, make_user, settings):
    """Status, flags, time left and actions of the task list lines: English once chosen, Vietnamese before."""
    import datetime as dt

    from django.utils import timezone

    from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
    from formbuilder.rounds.models import Submission, TargetKind
    from formbuilder.rounds.services import round_add_target, round_create, round_open
    from tests.formbuilder.rounds_helpers import published_outline

    version = published_outline()

    def open_round(code, *, days, grace_days=None):
        rule = ReportingRule(period_type=PeriodType.ONE_OFF, grace_days=grace_days,
                             due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=days)))
        round_ = round_create(code=code, title=f"Đợt {code}", issuing_unit=tree.P, rule=rule, versions=[version])
        round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
        round_open(round=round_, now=timezone.now() - dt.timedelta(days=30))
        return Submission.objects.get(assignment__round=round_, assignment__unit=tree.A)

    open_round("dang-mo", days=10)
    open_round("qua-han", days=-2, grace_days=3)  # overdue, still open within its grace days
    locked = open_round("da-khoa", days=-2, grace_days=1)
    client.force_login(make_user("soan.a", unit=tree.A, role="drafter"))
    data = [tree.A.name, version.definition.title, "Đợt dang-mo", "Đợt qua-han", "Đợt da-khoa"]

    html = client.get("/bao-cao/").content.decode()
    assert html.count("Đang soạn</span>") == 3 and "Quá hạn</span>" in html and "Đã khóa nhập</span>" in html
    assert re.search(r'<span class="remaining">còn \d+ ngày', html) and '<span class="remaining late">quá hạn' in html
    assert html.count(">Nhập báo cáo<") == 2
    assert f'<a class="btn" href="/bao-cao/{locked.pk}/lich-su/">Xem lịch sử' in html
    assert {"soạn", "khóa", "lịch", "sử"} <= vietnamese_words(html, data)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/bao-cao/").content.decode()
    assert html.count("Drafting</span>") == 3 and "Overdue</span>" in html and "Entry locked</span>" in html
    assert re.search(r'<span class="remaining">(9|10) days( \d+ hours?)? left</span>', html)
    assert re.search(r'<span class="remaining late">1 day( \d+ hours?)? overdue</span>', html)
    assert html.count('class="btn primary" href="/bao-cao/') == 2 and html.count(">Fill in the report<") == 2
    assert f'<a class="btn" href="/bao-cao/{locked.pk}/lich-su/">View history' in html
    assert vietnamese_words(html, data) == set()
