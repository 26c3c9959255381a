"""The preview page: a fixture definition rendered, checked by the engine, errors in Vietnamese."""
import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.formbuilder.renderer.urls")]

URL = "/bieu-mau/xem-thu/PL-IV-8/"


@pytest.fixture
def logged_in(client, django_user_model):
    user = django_user_model.objects.create_user(username="soan.thao", password="mat-khau-Test-123")
    client.force_login(user)
    return client


def test_login_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_get_renders_the_whole_form_with_its_assets(logged_in):
    html = logged_in.get(URL).content.decode()
    assert "<h1>Việc giải ngân kinh phí</h1>" in html
    assert "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án" in html
    assert "/static/formbuilder/renderer.js" in html and "/static/formbuilder/renderer.css" in html
    assert 'enctype="multipart/form-data"' in html
    assert "error-summary" not in html


def test_unknown_or_unsafe_codes_are_not_found(logged_in):
    assert logged_in.get("/bieu-mau/xem-thu/KHONG-CO/").status_code == 404
    assert logged_in.get("/bieu-mau/xem-thu/..%2Fsettings/").status_code == 404


def test_index_lists_the_fixture_definitions(logged_in):
    html = logged_in.get("/bieu-mau/xem-thu/").content.decode()
    assert 'href="/bieu-mau/xem-thu/DC-TKT-DOT2-2026/"' in html and "PL-V-01" in html


def test_complete_check_shows_every_error_at_its_field(logged_in):
    response = logged_in.post(URL, {"_fb_check": "complete", "so_lieu_den_ngay": "31/02/2026",
                                    "giai_ngan_kinh_phi-row": "0", "giai_ngan_kinh_phi-0-kinh_phi_duoc_giao": "abc"})
    html = response.content.decode()
    assert "Chưa hợp lệ: còn 5 lỗi khi kiểm tra đầy đủ" in html
    assert "Số liệu giải ngân tính đến ngày: không đúng định dạng ngày (dd/mm/yyyy)" in html
    assert ("Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 1 › Kinh phí, kế hoạch vốn được giao: "
            "phải là số") in html
    assert "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án › dòng 1 › Nguồn vốn: bắt buộc nhập" in html
    assert 'role="alert"' in html


def test_draft_check_accepts_an_empty_form_and_complete_check_a_filled_one(logged_in):
    draft = logged_in.post(URL, {"_fb_check": "draft", "giai_ngan_kinh_phi-row": "0"}).content.decode()
    assert "Hợp lệ: bản nháp không có lỗi." in draft
    filled = {"_fb_check": "complete", "so_lieu_den_ngay": "31/03/2026", "giai_ngan_kinh_phi-row": "0",
              "giai_ngan_kinh_phi-0-ten_nhiem_vu_du_an": "Nền tảng số", "giai_ngan_kinh_phi-0-nguon_von": "khac",
              "giai_ngan_kinh_phi-0-kinh_phi_duoc_giao": "1.000", "giai_ngan_kinh_phi-0-kinh_phi_da_giai_ngan": "250,5"}
    html = logged_in.post(URL, filled).content.decode()
    assert "Hợp lệ: biểu mẫu đã đầy đủ, có thể nộp." in html
    assert ">25,1%</output>" in html and ">750 triệu đồng</output>" in html


def test_add_row_button_works_without_javascript(logged_in):
    html = logged_in.post(URL, {"giai_ngan_kinh_phi-row": "0", "giai_ngan_kinh_phi-0-ghi_chu": "giữ lại",
                                "_fb_action": "add:giai_ngan_kinh_phi"}).content.decode()
    assert 'name="giai_ngan_kinh_phi-1-ten_nhiem_vu_du_an"' in html
    assert 'value="giữ lại"' in html
    assert "check-result" not in html and "error-summary" not in html
