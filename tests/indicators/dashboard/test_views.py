"""The dashboard pages: the province's table with RAG colours and labels, completeness, children,
drill-down, charts, breadcrumb, and refusals in Vietnamese outside the user's scope."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(unit, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("dashboard:unit", args=[unit.pk]) + (f"?{query}" if query else "")


def row_of(html: str, attribute: str, key: str) -> str:
    match = re.search(rf'<tr {attribute}="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert match, f"no row {attribute}={key}"
    return match.group(1)


def text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_index_sends_a_user_to_their_highest_unit(client, tree, reported, province_reviewer, make_user):
    from hierarchy.models import Membership

    Membership.objects.create(user=province_reviewer, unit=tree.A, role="drafter")
    client.force_login(province_reviewer)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response["Location"] == url(tree.P)
    client.force_login(make_user("khong.don.vi"))
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 403
    assert "chưa thuộc đơn vị nào" in response.content.decode()


def test_index_needs_a_login(client, tree):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_province_dashboard_shows_values_colours_labels_and_completeness(client, tree, reported,
                                                                          province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(url(tree.P))  # no period chosen: the latest with results, April
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="period">Tháng 4/2026<' in html
    ratio = row_of(html, "data-indicator", "ty_le")
    assert '<td class="num" data-testid="value">70 %</td>' in ratio  # 7 of 10 done
    assert 'class="rag rag-amber" data-status="amber"' in ratio and "Gần đạt" in ratio
    assert "≥ 80 %" in ratio and "3 / 2" in text(ratio)
    assert "Đạt" in text(row_of(html, "data-indicator", "dat"))
    facts = text(html[html.index('data-testid="completeness"'):html.index('id="h-bang"')])
    assert ("Phải báo cáo 2 Đã nộp 2 Đúng hạn 1 Nộp muộn 1 Chưa nộp 0 Đã duyệt 1 Tỷ lệ nộp 100 % "
            "Tỷ lệ đúng hạn 50 %") in facts


def test_children_are_compared_and_each_links_to_its_own_dashboard(client, tree, reported, province_reviewer):
    client.force_login(province_reviewer)
    html = client.get(url(tree.P, ky=reported.april.pk)).content.decode()
    a, b = row_of(html, "data-unit", "A"), row_of(html, "data-unit", "B")
    assert f'href="{url(tree.A, ky=reported.april.pk)}"' in a
    assert "100 % Đạt" in text(a)  # A's own 4 of 4
    assert "50 % Chưa đạt" in text(b)  # B's subtree: 3 of 6
    assert "1 / 1" in text(b)  # B's subtree: one report asked, one submitted (late)


def test_commune_dashboard_drill_down_shows_its_own_values_and_a_visible_breadcrumb(client, tree, reported,
                                                                                    province_reviewer):
    client.force_login(province_reviewer)
    html = client.get(url(tree.A, ky=reported.march.pk)).content.decode()
    assert '<td class="num" data-testid="value">75 %</td>' in row_of(html, "data-indicator", "ty_le")
    assert "children-table" not in html  # a commune without children: nothing to compare
    start = html.index('data-testid="breadcrumbs">')
    crumbs = text(html[start + len('data-testid="breadcrumbs">'):html.index("</nav>", start)])
    assert crumbs == "Chỉ tiêu Tỉnh An Giang Xã Vĩnh Am"  # the central unit is outside the reviewer's scope


def test_missing_and_undefined_values_are_told_apart(client, tree, reported, province_reviewer):
    from indicators.models import IndicatorValue

    # A reported 3 done of 0 in March: its rate is a division by zero; it never reported "so_nguoi".
    IndicatorValue.objects.filter(unit=tree.A, period=reported.march, indicator=reported.ind["tong"]).update(value=0)
    client.force_login(province_reviewer)
    html = client.get(url(tree.A, ky=reported.march.pk)).content.decode()
    assert text(row_of(html, "data-indicator", "ty_le")).startswith("ty_le ty_le không xác định ≥ 80 %")
    assert "chưa có số liệu" in text(row_of(html, "data-indicator", "tb"))
    assert "3 hồ sơ" in text(row_of(html, "data-indicator", "dat"))


def test_charts_are_inline_svg_with_a_data_table_and_no_external_script(client, tree, reported,
                                                                        province_reviewer):
    client.force_login(province_reviewer)
    html = client.get(url(tree.P, ky=reported.april.pk)).content.decode()
    ratio = reported.ind["ty_le"].pk
    assert f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in html
    assert f'id="xu-huong-{ratio}"' in html and f'id="so-sanh-{ratio}"' in html
    assert f'<desc id="xu-huong-{ratio}-d">Tháng 3/2026: 75 % (gần đạt); Tháng 4/2026: 70 % (gần đạt).' in html
    assert "Bảng số liệu" in html
    # No script or asset from elsewhere (a bare "cdn" test failed once on a CSRF token containing it).
    assert not re.search(r'<script[^>]+src="https?://', html)
    assert not [url for url in re.findall(r'(?:src|href)="([^"]+)"', html) if "cdn" in url.lower()]


def test_kpi_set_chooser_limits_the_indicators_and_completeness(client, tree, reported, province_reviewer):
    from indicators.models import Indicator

    Indicator.objects.create(code="khac", name="Chỉ tiêu không thuộc bộ nào")
    client.force_login(province_reviewer)
    html = client.get(url(tree.P, ky=reported.april.pk, bo="BCT-THU")).content.decode()
    assert 'data-indicator="ty_le"' in html and 'data-indicator="khac"' not in html
    assert '<option value="BCT-THU" selected>' in html


def test_a_unit_outside_the_users_scope_is_refused_in_vietnamese(client, tree, reported, province_reviewer):
    client.force_login(province_reviewer)
    for target in (tree.Q, tree.C, tree.TW):
        response = client.get(url(target))
        assert response.status_code == 403
        assert "nằm ngoài phạm vi bạn được xem" in response.content.decode()
        assert client.get(reverse("dashboard:export", args=[target.pk])).status_code == 403
    response = client.get(reverse("dashboard:unit", args=[999999]))
    assert response.status_code == 404 and "Không có đơn vị mã số 999999." in response.content.decode()


def test_a_wrong_period_or_kpi_set_is_refused_with_a_message(client, tree, reported, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(url(tree.P, ky="abc"))
    assert response.status_code == 400 and "Không có kỳ “abc”" in response.content.decode()
    response = client.get(url(tree.P, bo="KHONG-CO"))
    assert response.status_code == 400 and "Không có bộ chỉ tiêu “KHONG-CO”" in response.content.decode()


def test_central_staff_see_every_unit(client, tree, reported, django_user_model):
    admin = django_user_model.objects.create_superuser("quan.tri", password="x")
    client.force_login(admin)
    assert client.get(reverse("dashboard:index"))["Location"] == url(tree.TW)
    html = client.get(url(tree.TW, ky=reported.april.pk)).content.decode()
    assert 'data-unit="P"' in html and 'data-unit="Q"' in html


def test_the_site_navigation_links_to_the_dashboards(client, tree, province_reviewer):
    client.force_login(province_reviewer)
    html = client.get(reverse("hierarchy:unit_list")).content.decode()
    assert f'<li><a href="{reverse("dashboard:index")}">Chỉ tiêu</a></li>' in html


def test_the_table_shows_target_baseline_and_progress_from_the_baseline(client, tree, reported, province_reviewer):
    """A target with a baseline (giá trị cơ sở) and no amber band: 70 % improved on 50 %, so amber."""
    from indicators.models import Target

    Target.objects.filter(indicator=reported.ind["ty_le"]).update(baseline=50, amber_threshold=None)
    client.force_login(province_reviewer)
    html = client.get(url(tree.P, ky=reported.april.pk)).content.decode()
    head = html[html.index('data-testid="indicator-table"'):html.index("<tbody>", html.index('data-testid="indicator-table"'))]
    assert "Chỉ tiêu phấn đấu" in head and "Giá trị cơ sở" in head and "Tiến độ so với cơ sở" in head
    ratio = row_of(html, "data-indicator", "ty_le")
    assert '<td data-testid="target">≥ 80 %</td>' in ratio
    assert '<td class="num" data-testid="baseline">50 %</td>' in ratio
    assert '<td class="num" data-testid="progress">66,67 %</td>' in ratio  # (70 − 50) ÷ (80 − 50)
    assert 'data-status="amber"' in ratio
    Target.objects.filter(indicator=reported.ind["ty_le"]).update(baseline=75)  # worse than where it started
    ratio = row_of(client.get(url(tree.P, ky=reported.april.pk)).content.decode(), "data-indicator", "ty_le")
    assert 'data-testid="progress">-100 %<' in ratio and 'data-status="red"' in ratio
    dat = row_of(html, "data-indicator", "dat")  # a target without a baseline
    assert 'data-testid="baseline">—<' in dat and 'data-testid="progress">—<' in dat
