import pytest

pytestmark = pytest.mark.browser


def test_commune_user_is_refused_another_communes_page(page, login, tree, make_user):
    make_user("xa.vinham", unit=tree.A, role="drafter")
    login("xa.vinham")
    page.goto("/don-vi/A/")
    assert page.get_by_role("heading", level=1).inner_text() == "Xã Vĩnh Am"
    response = page.goto("/don-vi/B/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Không có quyền truy cập"
    assert "Phường Long Xuyên" not in page.content()
