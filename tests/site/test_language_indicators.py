"""The indicators dashboard and the early-warning page: English once chosen, Vietnamese (unchanged) before.

Data: communes A and B of province P report April 2026: A 1 done of 0 (its rate is undefined), B 2 of 4,
so P has 3 of 4 (75 %, near the ≥ 80 % target, amber from 60 %; 3 done is off the ≥ 5 target). The total
has no target (status unknown). A's report is a draft past its due date, B's came in late.
"""
import datetime as dt
import re
from html import unescape

import pytest

from formbuilder.rounds.models import Assignment, Submission
from indicators.early_warning import views as early_warning_views
from indicators.models import IndicatorValue, Target
from indicators.services import indicator_period_recompute
from tests.indicators.helpers import VN, assign, indicator, monthly_round, published_kpi_form

from .test_language import html_lang, vietnamese_words

pytestmark = pytest.mark.django_db

COMPLETENESS_VI = ["Phải báo cáo", "Đã nộp", "Đúng hạn", "Nộp muộn", "Chưa nộp", "Đã duyệt", "Tỷ lệ nộp",
                   "Tỷ lệ đúng hạn"]
COMPLETENESS_EN = ["Expected", "Submitted", "On time", "Submitted late", "Not submitted", "Approved",
                   "Submission rate", "On-time rate"]
HEADINGS_VI = ["Tiến độ và đúng hạn (gồm các đơn vị trực thuộc)", "Bảng chỉ tiêu", "Đơn vị trực thuộc (2)",
               "Biểu đồ"]
HEADINGS_EN = ["Progress and timeliness (including subordinate units)", "Indicator table", "Subordinate units (2)",
               "Charts"]
LEGEND_VI = ["Đạt", "Gần đạt", "Chưa đạt", "Không xác định (chưa có chỉ tiêu phấn đấu hoặc chưa có số liệu)"]
LEGEND_EN = ["On target", "Near target", "Off target", "Unknown (no target, or no data yet)"]
TABLE_VI = ["Chỉ tiêu", "Giá trị", "Chỉ tiêu phấn đấu", "Giá trị cơ sở", "Tiến độ so với cơ sở", "Đánh giá",
            "Đã báo cáo / phải báo cáo"]
TABLE_EN = ["Indicator", "Value", "Target", "Baseline", "Progress from baseline", "Assessment",
            "Reported / expected"]
MAY_10 = dt.datetime(2026, 5, 10, 9, 0, tzinfo=VN)


@pytest.fixture
def april(tree):
    """Return April's indicator period and the names the pages show as entered (data, not labels)."""
    version = published_kpi_form()
    kpis = version.definition
    done = indicator("dat", kpis, field_key="so_dat", name="Số hồ sơ đạt", unit_of_measure="hồ sơ",
                     value_type="integer")
    total = indicator("tong", kpis, field_key="tong_so", name="Tổng số hồ sơ", unit_of_measure="hồ sơ",
                      value_type="integer")
    ratio = indicator("ty_le", name="Tỷ lệ hồ sơ đạt", aggregation="ratio", numerator=done, denominator=total,
                      factor=100, unit_of_measure="%", value_type="percent")
    Target.objects.create(indicator=ratio, direction=">=", value=80, amber_threshold=60, unit="%")
    Target.objects.create(indicator=done, direction=">=", value=5, unit="hồ sơ")
    round_ = monthly_round(code="t4", issuing_unit=tree.P, version=version, month=4)
    period = assign(round_, [tree.A, tree.B], version)
    for unit, (done_n, total_n) in ((tree.A, (1, 0)), (tree.B, (2, 4))):
        IndicatorValue.objects.bulk_create([IndicatorValue(period=period, unit=unit, indicator=done, value=done_n),
                                            IndicatorValue(period=period, unit=unit, indicator=total, value=total_n)])
    indicator_period_recompute(period=period)
    for unit, status, late, at in ((tree.A, "draft", None, None),
                                   (tree.B, "submitted", True, dt.datetime(2026, 4, 20, 8, 0, tzinfo=VN))):
        Submission.objects.create(assignment=Assignment.objects.get(round=round_, unit=unit), version=version,
                                  status=status, is_late=late, submitted_at=at)
    data = [tree.P.name, tree.A.name, tree.B.name, tree.P.level.name, "Tháng 4/2026", kpis.title, round_.title,
            done.name, total.name, ratio.name, "hồ sơ", "Tiếng Việt"]
    return type("April", (), {"period": period, "data": data})


@pytest.fixture
def reviewer(client, tree, make_user):
    user = make_user("duyet.p", unit=tree.P, role="reviewer")
    client.force_login(user)
    return user


def texts(html: str, pattern: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in re.findall(pattern, html, re.S)]


def row(html: str, attribute: str, key: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.search(rf'<tr {attribute}="{key}">(.*?)</tr>', html, re.S)
                           .group(1)).split())


def test_dashboard_is_vietnamese_unless_english_is_chosen(client, tree, april, reviewer):
    html = client.get(f"/chi-tieu/{tree.P.pk}/").content.decode()
    assert html_lang(html) == "vi" and f"<h1>Chỉ tiêu: {tree.P.name}</h1>" in html
    assert texts(html, r"<h2[^>]*>(.*?)</h2>") == HEADINGS_VI
    assert texts(html, r"<dt>(.*?)</dt>") == COMPLETENESS_VI
    assert texts(html, r'<li class="rag[^"]*">(.*?)</li>') == LEGEND_VI
    assert texts(html.split('data-testid="indicator-table"')[1], r'<th scope="col"[^>]*>(.*?)</th>')[:7] == TABLE_VI
    assert "Gần đạt" in row(html, "data-indicator", "ty_le") and "Chưa đạt" in row(html, "data-indicator", "dat")
    assert "Không xác định" in row(html, "data-indicator", "tong")
    assert "không xác định Không xác định" in row(html, "data-unit", "A")  # 1 of 0: undefined, status unknown
    assert "Tải bảng đang xem (.xlsx)" in html and "(gần đạt)" in html and "Chỉ tiêu phấn đấu: 80" in html
    for english in ("Indicator table", "Near target", "Unknown", "undefined", "Download"):
        assert english not in html
    assert {"Tiến", "độ", "Biểu", "đồ"} <= vietnamese_words(html, april.data)


def test_dashboard_is_wholly_english_once_chosen(client, tree, april, reviewer, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/chi-tieu/{tree.P.pk}/").content.decode()
    assert html_lang(html) == "en" and f"<h1>Indicators: {tree.P.name}</h1>" in html
    assert f"<title>Indicators: {tree.P.name} · Tháng 4/2026" in html
    assert texts(html, r"<h2[^>]*>(.*?)</h2>") == HEADINGS_EN
    assert texts(html, r"<dt>(.*?)</dt>") == COMPLETENESS_EN
    assert texts(html, r'<li class="rag[^"]*">(.*?)</li>') == LEGEND_EN
    assert texts(html.split('data-testid="indicator-table"')[1], r'<th scope="col"[^>]*>(.*?)</th>')[:7] == TABLE_EN
    assert row(html, "data-indicator", "ty_le") == "Tỷ lệ hồ sơ đạt ty_le 75 % ≥ 80 % — — Near target 2 / 2"
    assert "Off target" in row(html, "data-indicator", "dat") and "Unknown" in row(html, "data-indicator", "tong")
    assert "undefined Unknown" in row(html, "data-unit", "A")
    assert 'data-testid="completeness-submitted_rate">50 %<' in html  # numbers keep their Vietnamese form
    assert 'data-testid="export-xlsx">Download this table (.xlsx)</a>' in html
    assert "Tháng 4/2026: 75 % (near target). Target: 80.</desc>" in html
    assert "<title>Tháng 4/2026: 75 % — Near target</title>" in html and "<title>Target: 80</title>" in html
    assert vietnamese_words(html, april.data) == set()


def test_dashboard_refusal_links_follow_the_language(client, tree, april, reviewer, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/chi-tieu/{tree.Q.pk}/").content.decode()  # another province: refused
    assert ">Back to the indicators</a>" in html and ">Back to home</a>" in html and "Về bảng chỉ tiêu" not in html


@pytest.fixture
def on_may_10(monkeypatch):
    monkeypatch.setattr(early_warning_views, "_now", lambda: MAY_10)


def test_early_warning_page_is_english_once_chosen(client, tree, april, reviewer, settings, on_may_10):
    url = f"/canh-bao/?ky={april.period.pk}"
    html = client.get(url).content.decode()
    assert "<h1>Cảnh báo sớm</h1>" in html and "Chỉ tiêu không đạt (2)" in html
    assert "Đơn vị quá hạn chưa nộp báo cáo (1)" in html and "Đơn vị nộp muộn (1)" in html
    assert "Đang soạn" in row(html.split('data-testid="missing"')[1], "data-unit", "A")
    assert "Early warning" not in html and "Missed" not in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert "<h1>Early warning</h1>" in html and "<title>Early warning · Tháng 4/2026" in html
    assert texts(html, r"<h2[^>]*>(.*?)</h2>") == [
        "Indicators off target (2)", "Indicators at risk of missing the target by the end of the period (0)",
        "Units overdue with their report (1)", "Units that submitted late (1)"]
    assert texts(html.split('data-testid="filter"')[1], r"<label[^>]*>(.*?)</label>") == ["Period", "KPI set"]
    assert "Tỉnh An Giang Tỷ lệ hồ sơ đạt 75 % ≥ 80 % Missed 2/2" in row(html, 'data-unit="P" data-indicator',
                                                                          "ty_le")
    assert row(html.split('data-testid="missing"')[1], "data-unit", "A").endswith(" Drafting")
    # The form's choices come from indicators/early_warning/forms.py; everything after the form is checked.
    assert vietnamese_words(html.split("</form>")[1], april.data) == set()


def test_early_warning_form_is_english_too(client, tree, april, reviewer, settings, on_may_10):
    """The filter's labels and first choices, and its refusal of an unknown period or KPI set."""
    html = client.get("/canh-bao/").content.decode()
    assert '<option value="" selected>Kỳ gần nhất có số liệu</option>' in html
    assert '<option value="" selected>Tất cả các bộ chỉ tiêu</option>' in html
    response = client.get("/canh-bao/?ky=999&bo=KHONG")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Không có kỳ “999”. Hãy chọn một kỳ trong danh sách." in html
    assert "Không có bộ chỉ tiêu “KHONG”. Hãy chọn một bộ trong danh sách." in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/canh-bao/?ky={april.period.pk}").content.decode()
    form = html.split('data-testid="filter"')[1].split("</form>")[0]
    assert '<option value="">Latest period with data</option>' in form
    assert '<option value="" selected>All KPI sets</option>' in form
    assert vietnamese_words(html, april.data) == set()  # the whole page, its form included

    response = client.get("/canh-bao/?ky=999&bo=KHONG")
    html = response.content.decode()
    assert response.status_code == 400
    assert texts(html, r'<ul class="errorlist" data-testid="error-\w+">(.*?)</ul>') == [
        "There is no period “999”. Choose a period from the list.",
        "There is no KPI set “KHONG”. Choose a set from the list."]
    assert vietnamese_words(html, april.data) == set()


def refusal(html: str) -> list[str]:
    card = html.split('data-testid="dashboard-refused"')[1].split("</section>")[0]
    return [unescape(t) for t in texts(card, r"<(?:h1|p)>(.*?)</(?:h1|p)>")]


def test_dashboard_refusals_follow_the_language(client, tree, april, reviewer, settings, make_user):
    cases = {f"/chi-tieu/{tree.Q.pk}/": 403, "/chi-tieu/999999/": 404, f"/chi-tieu/{tree.P.pk}/?ky=abc": 400}
    vietnamese = {url: refusal(client.get(url).content.decode()) for url in cases}
    assert vietnamese == {
        f"/chi-tieu/{tree.Q.pk}/": [
            "Không có quyền xem", "Đơn vị này nằm ngoài phạm vi bạn được xem, nên bạn không xem được bảng chỉ tiêu "
            "của đơn vị.", "Về bảng chỉ tiêu · Về trang chủ"],
        "/chi-tieu/999999/": ["Không tìm thấy đơn vị", "Không có đơn vị mã số 999999.",
                              "Về bảng chỉ tiêu · Về trang chủ"],
        f"/chi-tieu/{tree.P.pk}/?ky=abc": ["Lựa chọn không hợp lệ",
                                           "Không có kỳ “abc”. Hãy chọn một kỳ trong danh sách.",
                                           "Về bảng chỉ tiêu · Về trang chủ"]}

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = {}
    for url, status in cases.items():
        response = client.get(url)
        assert response.status_code == status
        html = response.content.decode()
        english[url] = refusal(html)
        assert vietnamese_words(html, april.data) == set()
    assert english == {
        f"/chi-tieu/{tree.Q.pk}/": [
            "Not allowed to view", "This unit is outside the units you may view, so you cannot see its indicators.",
            "Back to the indicators · Back to home"],
        "/chi-tieu/999999/": ["Unit not found", "There is no unit with number 999999.",
                              "Back to the indicators · Back to home"],
        f"/chi-tieu/{tree.P.pk}/?ky=abc": ["Invalid choice", "There is no period “abc”. Choose a period from the list.",
                                           "Back to the indicators · Back to home"]}

    client.force_login(make_user("chua.co.don.vi"))
    html = client.get("/chi-tieu/").content.decode()
    assert refusal(html) == ["No unit yet", "Your account does not belong to any unit yet, so there are no indicators "
                             "to show. Please contact your unit's administrator.", "Back to home"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert refusal(client.get("/chi-tieu/").content.decode())[:2] == [
        "Chưa có đơn vị", "Tài khoản của bạn chưa thuộc đơn vị nào nên chưa có bảng chỉ tiêu để xem. "
        "Hãy liên hệ quản trị đơn vị của bạn."]
