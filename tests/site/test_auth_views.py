import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation


def test_login_page_is_vietnamese(client, db):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html


def test_wrong_password_gives_vietnamese_message(client, make_user):
    make_user("u1")
    response = client.post("/dang-nhap/", {"username": "u1", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, make_user, settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    make_user("u2")
    for _ in range(3):
        client.post("/dang-nhap/", {"username": "u2", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "u2", "password": "mat-khau-Test-123"})
    assert "đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_and_password_change(client, make_user):
    make_user("u3")
    response = client.post("/dang-nhap/", {"username": "u3", "password": "mat-khau-Test-123"})
    assert response.status_code == 302
    response = client.post("/doi-mat-khau/", {"old_password": "mat-khau-Test-123",
                                              "new_password1": "Moi-Mat-Khau-2026", "new_password2": "Moi-Mat-Khau-2026"})
    assert response.status_code == 302
    client.post("/dang-xuat/")
    assert client.login(username="u3", password="Moi-Mat-Khau-2026")


def test_vietnamese_number_and_date_formats():
    with translation.override("vi"):
        html = Template('{% load l10n humanize %}{{ n }} {{ d|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"n": 1234567.5, "d": dt.date(2026, 4, 9)}))
    assert html == "1.234.567,5 09/04/2026"


def test_header_shows_unit_and_role(client, tree, make_user):
    user = make_user("xa_a", unit=tree.A, role="drafter", first_name="An")
    client.force_login(user)
    html = client.get("/don-vi/").content.decode()
    assert "Xã Vĩnh Am · Người soạn báo cáo" in html


def test_commune_user_is_refused_another_communes_page(client, tree, make_user):
    client.force_login(make_user("xa_a2", unit=tree.A, role="drafter"))
    assert client.get("/don-vi/A/").status_code == 200
    response = client.get("/don-vi/B/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_unit_search_without_diacritics_stays_inside_visible_units(client, tree, make_user):
    client.force_login(make_user("tinh", unit=tree.P, role="reviewer"))
    html = client.get("/don-vi/", {"q": "xa do luong"}).content.decode()
    assert "Xã Đô Lương" not in html  # another province
    html = client.get("/don-vi/", {"q": "vinh am"}).content.decode()
    assert "Xã Vĩnh Am" in html


def test_english_is_switchable(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert response.status_code == 302
    html = client.get("/dang-nhap/").content.decode()
    assert '<html lang="en">' in html and "Username" in html and "Password" in html


def test_wagtail_admin_speaks_vietnamese_for_its_main_buttons(client, tree, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    html = client.get("/quan-tri/don-vi/new/").content.decode()
    import re

    texts = [t.strip() for t in re.findall(r">([^<>]+)<", html)]
    assert "Thêm mới: Đơn vị" in texts and "Tạo" in texts and "Create" not in texts
