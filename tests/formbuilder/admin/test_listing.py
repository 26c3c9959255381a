"""The “Biểu mẫu” listing: code, kind, title, owner unit, published version, draft."""
from formbuilder.services import form_definition_create, form_version_new_from

from .conftest import edit_url


def test_listing_shows_each_definition_with_its_published_version_and_draft(admin_client, published):
    other = form_definition_create(code="PL-II-1", kind="appendix", title="Văn bản lãnh đạo, chỉ đạo")
    draft_v2 = form_version_new_from(version=published)
    html = admin_client.get("/quan-tri/bieu-mau/").content.decode()
    assert "DC-THU" in html and "Đề cương thử" in html and "Đề cương báo cáo" in html
    assert "PL-II-1" in html and "Phụ lục thống kê" in html
    assert f'href="{edit_url(published)}">v1<' in html
    assert f'href="{edit_url(draft_v2)}">v2<' in html
    assert f'href="{edit_url(other.versions.get())}">v1<' in html


def test_listing_is_in_the_admin_menu_and_searchable(admin_client, published):
    form_definition_create(code="PL-II-1", kind="appendix", title="Văn bản lãnh đạo")
    html = admin_client.get("/quan-tri/").content.decode()
    assert '"label": "Bi\\u1ec3u m\\u1eabu"' in html and '"url": "/quan-tri/bieu-mau/"' in html  # the sidebar's JSON
    html = admin_client.get("/quan-tri/bieu-mau/?q=PL-II").content.decode()
    assert "PL-II-1" in html and "DC-THU" not in html


def test_listing_needs_a_staff_user(client, published, django_user_model):
    client.force_login(django_user_model.objects.create_user("khach", password="x"))
    response = client.get("/quan-tri/bieu-mau/")
    assert response.status_code in (302, 403)


def test_listing_queries_do_not_grow_with_the_number_of_definitions(admin_client, published, django_assert_max_num_queries):
    admin_client.get("/quan-tri/bieu-mau/")  # warm caches (site, permissions)
    with django_assert_max_num_queries(20) as few:
        admin_client.get("/quan-tri/bieu-mau/")
    for n in range(10):
        form_definition_create(code=f"PL-{n}", kind="appendix", title=f"Phụ lục {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get("/quan-tri/bieu-mau/")
