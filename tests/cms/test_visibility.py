"""The audience rule: public, logged-in, chosen units (with their subtrees) or groups; editors see all."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from cms.models import GuidancePage, NoticeIndexPage, SitePageForm
from cms.visibility import Visibility, page_visible_to, pages_visible_to
from hierarchy.models import UnitGroup


@pytest.fixture
def pages(home, publish, tree):
    """One guidance page per audience; the unit page is for province P, the group page for group G = {C}."""
    group = UnitGroup.objects.create(code="g", name="Nhóm G")
    group.units.add(tree.C)
    return {
        "public": publish(home, GuidancePage(title="Công khai", slug="cong-khai")),
        "logged_in": publish(home, GuidancePage(title="Đăng nhập", slug="dang-nhap-moi-xem",
                                                visibility=Visibility.LOGGED_IN)),
        "unit_p": publish(home, GuidancePage(title="Riêng tỉnh P", slug="rieng-p", visibility=Visibility.UNITS),
                          units=[tree.P]),
        "group_g": publish(home, GuidancePage(title="Riêng nhóm G", slug="rieng-g", visibility=Visibility.UNITS),
                           groups=[group]),
    }


@pytest.fixture
def users(tree, make_user, editor):
    from django.contrib.auth import get_user_model

    return {
        "anonymous": AnonymousUser(),
        "no_unit": make_user("khong.don.vi"),
        "commune_a": make_user("xa.a", unit=tree.A),            # inside P
        "cell_b1": make_user("chibo.b1", unit=tree.B1),         # two levels inside P
        "province_p": make_user("tinh.p", unit=tree.P, role="reviewer"),
        "central": make_user("tw", unit=tree.TW, role="reviewer"),  # above P: not inside it
        "commune_c": make_user("xa.c", unit=tree.C),            # in group G, outside P
        "editor": editor,
        "superuser": get_user_model().objects.create_superuser("quantri", password="x"),
    }


EXPECTED = {
    #              public logged_in unit_p group_g
    "anonymous":  (True, False, False, False),
    "no_unit":    (True, True, False, False),
    "commune_a":  (True, True, True, False),
    "cell_b1":    (True, True, True, False),
    "province_p": (True, True, True, False),
    "central":    (True, True, False, False),
    "commune_c":  (True, True, False, True),
    "editor":     (True, True, True, True),
    "superuser":  (True, True, True, True),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_page_visible_to_follows_the_rule(pages, users, who):
    seen = tuple(page_visible_to(pages[k], users[who]) for k in ("public", "logged_in", "unit_p", "group_g"))
    assert seen == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_queryset_filter_agrees_with_page_visible_to(pages, users, home, who):
    user = users[who]
    listed = set(pages_visible_to(Page.objects.live(), user=user).values_list("pk", flat=True))
    for page in pages.values():
        assert (page.pk in listed) == page_visible_to(page, user)
    assert home.pk in listed  # pages that are not SitePage are public


def test_public_page_costs_no_query(pages, users, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert page_visible_to(pages["public"], users["anonymous"])


def test_anonymous_is_sent_to_login(client, pages):
    response = client.get(pages["unit_p"].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_user_outside_the_units_gets_the_sites_403_page(client, pages, users):
    client.force_login(users["commune_c"])
    response = client.get(pages["unit_p"].url)
    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>Không có quyền truy cập</h1>" in content
    assert "Riêng tỉnh P" not in content


def test_member_of_a_unit_inside_the_subtree_reads_the_page(client, pages, users):
    client.force_login(users["cell_b1"])
    response = client.get(pages["unit_p"].url)
    assert response.status_code == 200
    assert "Riêng tỉnh P" in response.content.decode()


def test_member_of_a_chosen_group_reads_the_page(client, pages, users):
    client.force_login(users["commune_c"])
    assert client.get(pages["group_g"].url).status_code == 200


def test_logged_in_page_refuses_anonymous(client, pages, users):
    assert client.get(pages["logged_in"].url).status_code == 302
    client.force_login(users["no_unit"])
    assert client.get(pages["logged_in"].url).status_code == 200


def test_unit_audience_needs_a_unit_or_group(home, tree):
    from wagtail.test.utils.form_data import rich_text

    form_class = NoticeIndexPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, SitePageForm)
    data = {"title": "Thử", "slug": "thu", "intro": rich_text(""), "visibility": Visibility.UNITS}
    form = form_class(data=data, instance=NoticeIndexPage(), parent_page=home, for_user=None)
    assert not form.is_valid()
    assert "Chọn ít nhất một đơn vị hoặc một nhóm đơn vị" in str(form.errors["visible_units"])

    form = form_class(data={**data, "visible_units": [tree.P.pk]}, instance=NoticeIndexPage(), parent_page=home,
                      for_user=None)
    assert "visible_units" not in form.errors


def test_attachment_of_a_restricted_page_is_refused_outside_its_units(client, home, publish, tree, users,
                                                                     make_document):
    from cms.models import Attachment

    document = make_document(title="Phụ lục riêng", filename="phu-luc-rieng.txt", text="bí mật tỉnh P")
    page = GuidancePage(title="Có tệp riêng", slug="co-tep-rieng", visibility=Visibility.UNITS)
    page.attachments.add(Attachment(document=document))
    publish(home, page, units=[tree.P])

    assert client.get(document.url).status_code == 302
    client.force_login(users["commune_c"])
    assert client.get(document.url).status_code == 403
    client.force_login(users["commune_a"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "bí mật tỉnh P"


def test_document_attached_nowhere_stays_public(client, make_document):
    document = make_document()
    assert client.get(document.url).status_code == 200


@pytest.fixture
def restricted_doc(make_document):
    return make_document(title="Phụ lục riêng", filename="phu-luc-rieng.txt", text="bí mật tỉnh P")


def _doc_link(document) -> str:
    return f'<p>Xem <a linktype="document" id="{document.pk}">phụ lục</a>.</p>'


def assert_served_only_inside_p(client, document, users):
    assert client.get(document.url).status_code == 302  # anonymous: to the login page
    client.force_login(users["commune_c"])
    assert client.get(document.url).status_code == 403
    client.force_login(users["commune_a"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "bí mật tỉnh P"


def test_document_linked_from_a_restricted_pages_rich_text_is_refused_outside_its_units(
        client, home, publish, tree, users, restricted_doc):
    publish(home, GuidancePage(title="Liên kết riêng", slug="lien-ket-rieng", visibility=Visibility.UNITS,
                               body=_doc_link(restricted_doc)), units=[tree.P])
    assert_served_only_inside_p(client, restricted_doc, users)


def test_document_in_a_restricted_round_pages_links_is_refused_outside_its_units(
        client, home, publish, tree, users, restricted_doc):
    from cms.models import RoundPage

    publish(home, RoundPage(title="Đợt riêng", slug="dot-rieng", visibility=Visibility.UNITS,
                            links=[{"type": "document", "value": restricted_doc.pk}]), units=[tree.P])
    assert_served_only_inside_p(client, restricted_doc, users)


def test_document_linked_from_a_restricted_steps_block_is_refused_outside_its_units(
        client, home, publish, tree, users, restricted_doc):
    publish(home, GuidancePage(title="Các bước riêng", slug="buoc-rieng", visibility=Visibility.UNITS,
                               steps=[{"type": "step", "value": {"title": "Tải mẫu",
                                                                 "body": _doc_link(restricted_doc)}}]),
            units=[tree.P])
    assert_served_only_inside_p(client, restricted_doc, users)


def test_document_also_linked_from_a_public_page_stays_public(client, home, publish, tree, restricted_doc):
    publish(home, GuidancePage(title="Liên kết riêng", slug="lien-ket-rieng", visibility=Visibility.UNITS,
                               body=_doc_link(restricted_doc)), units=[tree.P])
    publish(home, GuidancePage(title="Công khai", slug="cong-khai", body=_doc_link(restricted_doc)))
    assert client.get(restricted_doc.url).status_code == 200


def test_document_unlinked_from_its_only_restricted_page_becomes_public_again(
        client, home, publish, tree, restricted_doc):
    page = publish(home, GuidancePage(title="Liên kết riêng", slug="lien-ket-rieng", visibility=Visibility.UNITS,
                                      body=_doc_link(restricted_doc)), units=[tree.P])
    assert client.get(restricted_doc.url).status_code == 302
    page.body = "<p>Không còn phụ lục.</p>"
    page.save_revision().publish()
    assert client.get(restricted_doc.url).status_code == 200


def test_document_visibility_costs_five_queries_at_most(users, restricted_doc, home, publish, tree,
                                                        django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    from cms.visibility import document_visible_to

    publish(home, GuidancePage(title="Liên kết riêng", slug="lien-ket-rieng", visibility=Visibility.UNITS,
                               body=_doc_link(restricted_doc)), units=[tree.P])
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="xa.c")
    # attachments, references, editor check, memberships, the visible pages (the content type is cached)
    with django_assert_max_num_queries(5):
        assert not document_visible_to(restricted_doc, user)
