"""The /canh-bao/ page: the user's subtree, filtered by period and KPI set, linking to unit dashboards."""
import pytest

from indicators.early_warning import views

from .conftest import MAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_may_10(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: MAY_10)


def test_a_reviewer_sees_warnings_of_their_subtree(client, tree, reported, make_user):
    client.force_login(make_user("duyet_p", unit=tree.P, role="reviewer"))
    response = client.get(f"/canh-bao/?ky={reported.march.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cảnh báo sớm" in html and "Tháng 3/2026" in html
    assert f'href="/chi-tieu/{tree.P.pk}/?ky={reported.march.pk}"' in html
    assert 'data-unit="B"' in html and "Đơn vị quá hạn chưa nộp báo cáo (1)" in html
    assert "Trung ương" not in html.split('data-testid="off-target"')[1]  # above the reviewer's unit


def test_the_quarter_shows_the_projection(client, tree, reported, make_user):
    client.force_login(make_user("duyet_b", unit=tree.B, role="reviewer"))
    html = client.get(f"/canh-bao/?ky={reported.quarter.pk}&bo=BCT-THU").content.decode()
    section = html.split('data-testid="at-risk"')[1].split("</section>")[0]
    assert "Chỉ tiêu có nguy cơ không đạt vào cuối kỳ (1)" in section and "≥ 30 hồ sơ" in section


def test_without_a_period_the_latest_with_results_is_shown(client, tree, reported, make_user,
                                                           django_assert_max_num_queries):
    client.force_login(make_user("tw", is_superuser=True))
    with django_assert_max_num_queries(14):
        response = client.get("/canh-bao/")
    assert response.status_code == 200 and 'data-testid="period">Tháng 4/2026' in response.content.decode()


def test_a_wrong_filter_is_refused_in_vietnamese(client, tree, reported, make_user):
    client.force_login(make_user("duyet_p", unit=tree.P, role="reviewer"))
    response = client.get("/canh-bao/?ky=999999&bo=KHONG-CO")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có kỳ “999999”" in html and "Không có bộ chỉ tiêu “KHONG-CO”" in html


def test_nothing_yet(client, tree, make_user):
    client.force_login(make_user("duyet_p", unit=tree.P, role="reviewer"))
    assert "Chưa có kỳ nào có số liệu chỉ tiêu." in client.get("/canh-bao/").content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, tree):
    response = client.get("/canh-bao/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
