"""The round page: deadline, links, and progress only when a provider reports it."""
import datetime as dt

from wagtail import hooks

from cms.models import GuidancePage, RoundPage
from cms.providers import ROUND_PROGRESS_HOOK, RoundProgress
from cms.visibility import Visibility


def make_round(**fields):
    values = dict(title="Đợt 2 năm 2026", slug="dot-2", round_code="dot2-2026", intro="<p>Báo cáo tự kiểm tra.</p>",
                  deadline=dt.date(2026, 4, 9), deadline_text="chậm nhất ngày 09/4/2026")
    values.update(fields)
    return RoundPage(**values)


def test_renders_deadline_and_no_progress_without_provider(client, home, publish):
    page = publish(home, make_round())
    html = client.get(page.url).content.decode()
    assert '<time datetime="2026-04-09">09/04/2026</time>' in html
    assert "chậm nhất ngày 09/4/2026" in html
    assert 'data-testid="round-progress"' not in html


def test_shows_progress_from_a_registered_provider(client, home, publish):
    page = publish(home, make_round())

    def progress(round_page, request):
        assert round_page.round_code == "dot2-2026"
        return RoundProgress(done=11, total=22, label="Đơn vị đã nộp")

    with hooks.register_temporarily(ROUND_PROGRESS_HOOK, progress):
        html = client.get(page.url).content.decode()
    assert 'data-testid="round-progress"' in html
    assert "Đơn vị đã nộp: 11/22 (50%)" in html
    assert '<progress id="round-progress-bar" max="22" value="11">' in html


def test_links_to_pages_the_user_may_not_see_are_left_out(client, home, publish, tree):
    open_page = publish(home, GuidancePage(title="Hướng dẫn chung", slug="chung"))
    closed = publish(home, GuidancePage(title="Hướng dẫn riêng", slug="rieng", visibility=Visibility.UNITS),
                     units=[tree.P])
    page = publish(home, make_round(links=[{"type": "page", "value": open_page.pk},
                                           {"type": "page", "value": closed.pk},
                                           {"type": "link", "value": {"title": "Cổng thông tin",
                                                                      "url": "https://example.org/"}}]))
    html = client.get(page.url).content.decode()
    assert "Hướng dẫn chung" in html and "Cổng thông tin" in html
    assert "Hướng dẫn riêng" not in html
