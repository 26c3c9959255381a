"""The demo loader: seeds 001, 002, 004 as plan documents, a guidance page, a round, notices; idempotent."""
import pytest
from wagtail.models import Page

from cms.demo import load_cms_demo
from cms.models import GuidancePage, NoticeIndexPage, NoticePage, PlanDocumentPage, RoundPage
from cms.visibility import Visibility


@pytest.fixture
def loaded(db):
    return load_cms_demo()


def test_plan_documents_keep_their_structure(loaded):
    plans = {p.slug: p for p in PlanDocumentPage.objects.live()}
    assert len(plans) == 3
    scheme = plans["de-an-giam-sat-thuong-xuyen-2025-2030"]
    assert scheme.get_kind_display() == "Đề án"
    assert scheme.issuing_body == "Ban Chấp hành Đảng bộ tỉnh Thái Nguyên"
    assert scheme.document_number and scheme.issued_on
    assert [b.value["number"] for b in scheme.body][:3] == ["Phần thứ nhất", "Phần thứ hai", "Phần thứ ba"]
    assert [s["heading"] for s in scheme.body[0].value["sections"]] == [
        "SỰ CẦN THIẾT XÂY DỰNG ĐỀ ÁN", "CĂN CỨ XÂY DỰNG ĐỀ ÁN"]
    assert any("Kết luận số 34-KL/TW" in b.value for b in scheme.legal_bases)

    round2 = plans["ke-hoach-kiem-tra-giam-sat-2026-dot-2"]
    assert [b.value["number"] for b in round2.body] == ["A-", "B-", "C-"]
    assert round2.signed_by.endswith("Lâm Minh Thành")
    assert "Chương trình số 05-CTr/TW" in round2.preamble

    digital = plans["ke-hoach-chuyen-doi-so-nganh-kiem-tra-2026"]
    assert [b.value["number"] for b in digital.body] == ["I-", "II-", "III-", "IV-"]
    assert len(digital.legal_bases) == 4
    assert all(p.attachments.count() == 1 for p in plans.values())


def test_guidance_notices_and_round(loaded):
    guidance = GuidancePage.objects.live().get()
    assert len(guidance.steps) >= 5 and len(guidance.faqs) >= 4
    assert guidance.attachments.get().document.title.startswith("Đề cương")
    index = NoticeIndexPage.objects.live().get()
    assert NoticePage.objects.child_of(index).live().count() == 2
    round_page = RoundPage.objects.get(round_code="dot2-2026")
    # No hierarchy demo loaded here: no group to show the round to, so logged-in users see it.
    assert round_page.visibility == Visibility.LOGGED_IN
    assert [link.value.slug for link in round_page.links] == [
        "huong-dan-bao-cao-tu-kiem-tra-dot-2", "ke-hoach-kiem-tra-giam-sat-2026-dot-2"]


def test_round_pages_name_the_demo_rounds(loaded):
    from fixtures import demo_rounds

    codes = {page.round_code for page in RoundPage.objects.live()}
    assert codes == {demo_rounds.SELF_INSPECTION["code"], demo_rounds.KPI_MONTHLY["code"],
                     demo_rounds.GSTX_YEARLY["code"]}
    assert loaded["round_pages"] == 3


def test_running_twice_creates_nothing_new(loaded):
    before = Page.objects.count()
    assert load_cms_demo() == loaded
    assert Page.objects.count() == before


def test_demo_pages_render_and_are_found_without_diacritics(client, loaded):
    for page in PlanDocumentPage.objects.live():
        assert client.get(page.url).status_code == 200
    html = client.get("/tim-kiem/", {"q": "giam sat thuong xuyen"}).content.decode()
    assert "Đề án nâng cao hiệu quả công tác giám sát thường xuyên" in html


def test_with_the_hierarchy_demo_the_round_is_for_the_selected_units(client, db):
    from django.contrib.auth import get_user_model

    from hierarchy.demo import load_hierarchy_demo

    load_hierarchy_demo()
    load_cms_demo()
    round_page = RoundPage.objects.get(round_code="dot2-2026")
    assert round_page.visibility == Visibility.UNITS
    users = get_user_model().objects
    client.force_login(users.get(username="longxuyen.soan"))  # Phường Long Xuyên is in the group of 22
    assert client.get(round_page.url).status_code == 200
    client.force_login(users.get(username="btc.soan"))  # Ban Tổ chức Tỉnh ủy is in the group too
    assert client.get(round_page.url).status_code == 200
    client.force_login(users.get(username="ubkt.soan"))  # the inspection committee is not
    assert client.get(round_page.url).status_code == 403

