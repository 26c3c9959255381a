"""Every page type of the guidance site, as rendered: one h1 and no skipped heading level, every form
control labelled, Vietnamese language, a viewport, a skip link to the main content, and no asset
(script, style sheet, image, font) loaded from another site — no CDN."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from cms.models import Attachment, GuidancePage, NoticeIndexPage, NoticePage, RoundPage
from formbuilder.rounds.models import TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open
from tests.formbuilder.rounds_helpers import fixed_rule, published_outline

from .test_plan_document_page import make_plan

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", re.I)


@dataclass
class Page:
    """What the checks need from one rendered page."""

    lang: str = ""
    headings: list[int] = field(default_factory=list)
    viewport: bool = False
    skip_targets: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    label_for: set[str] = field(default_factory=set)
    controls: list[dict] = field(default_factory=list)  # attributes, plus "_in_label"
    external_assets: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.label_depth = 0
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.page.ids.add(a["id"])
        if tag == "html":
            self.page.lang = a.get("lang", "")
        elif re.fullmatch(r"h[1-6]", tag):
            self.page.headings.append(int(tag[1]))
        elif tag == "meta" and a.get("name") == "viewport":
            self.page.viewport = "width=device-width" in a.get("content", "")
        elif tag == "a" and "skip" in a.get("class", "").split():
            self.page.skip_targets.append(a.get("href", ""))
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.page.label_for.add(a["for"])
        elif tag in CONTROLS:
            self.page.controls.append({**a, "_tag": tag, "_in_label": self.label_depth > 0})
        elif tag == "style":
            self.in_style = True
        for name in ("src", "srcset") if tag in {"script", "img", "source", "iframe", "audio", "video"} else ():
            if EXTERNAL.match(a.get(name, "")):
                self.page.external_assets.append(f"<{tag} {name}={a[name]}>")
        if tag == "link" and EXTERNAL.match(a.get("href", "")):
            self.page.external_assets.append(f"<link href={a['href']}>")
        for url in CSS_URL.findall(a.get("style", "")):
            self.page.external_assets.append(f"style url {url}")

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.page.external_assets += [f"<style> url {url}" for url in CSS_URL.findall(data)]


def parse(html: str) -> Page:
    parser = PageParser()
    parser.feed(html)
    return parser.page


def problems(page: Page) -> list[str]:
    """Return every accessibility or no-CDN problem of one rendered page."""
    found = []
    if page.lang != "vi":
        found.append(f'lang="{page.lang}", not "vi"')
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} h1 headings")
    if page.headings and page.headings[0] != 1:
        found.append(f"first heading is h{page.headings[0]}")
    for before, after in zip(page.headings, page.headings[1:]):
        if after > before + 1:
            found.append(f"h{before} followed by h{after}")
    if not page.viewport:
        found.append("no viewport meta")
    if not any(t.startswith("#") and t[1:] in page.ids for t in page.skip_targets):
        found.append(f"no skip link to the main content ({page.skip_targets})")
    for control in page.controls:
        if control["_tag"] == "input" and control.get("type", "text") in UNLABELLED_INPUT_TYPES:
            continue
        labelled = (control["_in_label"] or control.get("id") in page.label_for or control.get("aria-label")
                    or control.get("aria-labelledby"))
        if not labelled:
            found.append(f"unlabelled <{control['_tag']} name={control.get('name')}>")
    found += [f"external asset {asset}" for asset in page.external_assets]
    return found


@pytest.fixture
def site(home, publish, make_document, tree):
    """One published page of every type, with the parts that render headings and forms."""
    document = make_document(title="Mẫu báo cáo")
    guidance = GuidancePage(
        title="Hướng dẫn nộp báo cáo", slug="huong-dan", summary="Các bước.",
        body="<h2>Chuẩn bị</h2><p>Đọc đề cương.</p><h3>Số liệu</h3><p>Từ 01/7/2025.</p>",
        steps=[{"type": "step", "value": {"title": "Tải mẫu", "body": "<p>Tải mẫu đính kèm.</p>"}}],
        faqs=[{"type": "faq", "value": {"question": "Nộp ở đâu?", "answer": "<p>Trên hệ thống.</p>"}}])
    guidance.attachments.add(Attachment(document=document))
    round_ = round_create(code="dot2-2026", title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                          rule=fixed_rule(dt.date(2026, 4, 9)), versions=[published_outline()])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=dt.datetime(2026, 4, 1, 8, 0, tzinfo=dt.timezone.utc))
    index = publish(home, NoticeIndexPage(title="Thông báo", slug="thong-bao", intro="<p>Mới nhất ở trên.</p>"))
    notice = publish(index, NoticePage(title="Triển khai đợt 2", slug="trien-khai", date=dt.date(2026, 3, 30),
                                       body="<p>Gửi chậm nhất ngày 09/4/2026.</p>"))
    return {
        "home": home,
        "guidance": publish(home, guidance),
        "plan document": publish(home, make_plan()),
        "round page": publish(home, RoundPage(
            title="Đợt 2 năm 2026", slug="dot-2", round_code="dot2-2026", intro="<p>Báo cáo tự kiểm tra.</p>",
            links=[{"type": "document", "value": document.pk},
                   {"type": "link", "value": {"title": "Cổng thông tin", "url": "https://example.org/"}}])),
        "notices index": index,
        "notice": notice,
    }


PAGES = ["home", "guidance", "plan document", "round page", "notices index", "notice"]


def render(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "drafter"])
@pytest.mark.parametrize("name", PAGES + ["search", "search without results"])
def test_page_is_accessible_and_loads_nothing_from_a_cdn(client, site, make_user, tree, name, who):
    if who == "drafter":
        client.force_login(make_user("soan.a", unit=tree.A, role="drafter"))
    if name == "search":
        url = "/tim-kiem/?q=huong+dan+nop+bao+cao"
    elif name == "search without results":
        url = "/tim-kiem/?q=khong+co+gi"
    else:
        url = site[name].url
    html = render(client, url)
    if name == "round page":
        assert 'data-testid="round-forms"' in html  # the checks cover the round's table too
    if name == "search":
        assert "Hướng dẫn nộp báo cáo" in html
    assert problems(parse(html)) == []


def test_the_checks_catch_what_they_look_for():
    html = ('<!doctype html><html lang="en"><head><script src="https://cdn.example.org/x.js"></script>'
            '<link rel="stylesheet" href="//fonts.example.org/f.css"><style>@import "https://cdn.example.org/a.css";'
            '</style></head><body><h2>A</h2><h1>B</h1><h1>C</h1><h4>D</h4>'
            '<input name="q"><select name="s"></select><label>Tên <input name="ok"></label>'
            '<input type="hidden" name="h"></body></html>')
    assert problems(parse(html)) == [
        'lang="en", not "vi"', "2 h1 headings", "first heading is h2", "h1 followed by h4", "no viewport meta",
        "no skip link to the main content ([])", "unlabelled <input name=q>", "unlabelled <select name=s>",
        "external asset <script src=https://cdn.example.org/x.js>",
        "external asset <link href=//fonts.example.org/f.css>",
        "external asset <style> url https://cdn.example.org/a.css",
    ]


@pytest.mark.parametrize("path", ["css/baocao.css", "cms/cms.css", "js/baocao.js"])
def test_static_assets_of_the_pages_load_nothing_from_another_site(path):
    text = Path(finders.find(path)).read_text(encoding="utf-8")
    assert CSS_URL.findall(text) == []
    assert not re.search(r"""(src|href)\s*=\s*['"](https?:)?//""", text)
