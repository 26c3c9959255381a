"""The “Mở báo cáo đột xuất” page at /bao-cao/dot-xuat/: scope, errors at their field, redirect to the wizard."""
import datetime as dt

import pytest
from django.utils import timezone

from formbuilder.engine.calendar import VN_TZ, DueRule, PeriodType, ReportingRule
from formbuilder.rounds.models import Assignment, Round
from formbuilder.rounds.services import round_create, round_open

URL = "/bao-cao/dot-xuat/"


@pytest.fixture
def adhoc_round(tree, version):
    """An open ad-hoc round of province P offering the test outline, reports due within 24 hours."""
    round_ = round_create(code="dot-xuat-2026", title="Báo cáo đột xuất năm 2026", issuing_unit=tree.P,
                          rule=ReportingRule(period_type=PeriodType.AD_HOC, due=DueRule.within_hours(24)),
                          versions=[version])
    round_open(round=round_)
    return round_


def post_data(adhoc_round, version, unit, **extra):
    return {"unit": unit.pk if unit else "", "form": f"{adhoc_round.pk}:{version.pk}",
            "title": "Báo cáo đột xuất vụ cháy rừng", "due_at": "", **extra}


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def test_the_task_list_links_the_page_for_drafters_only(client, drafter, reviewer):
    client.force_login(drafter)
    assert 'href="/bao-cao/dot-xuat/"' in client.get("/bao-cao/").content.decode()
    client.force_login(reviewer)
    assert "Mở báo cáo đột xuất" not in client.get("/bao-cao/").content.decode()


def test_the_form_offers_the_drafters_units_and_the_ad_hoc_forms(client, drafter, adhoc_round, version, tree):
    client.force_login(drafter)
    html = client.get(URL).content.decode()
    assert f'<option value="{tree.A.pk}">Xã Vĩnh Am (A)</option>' in html
    assert "Phường Long Xuyên" not in html  # B is not theirs
    assert f'<option value="{adhoc_round.pk}:{version.pk}">DC-NHAP — Đề cương thử (hạn trong 24 giờ kể từ khi mở ' \
           "đợt)</option>" in html


def test_opening_redirects_to_the_fill_wizard(client, drafter, adhoc_round, version, tree):
    client.force_login(drafter)
    before = timezone.now()
    response = client.post(URL, post_data(adhoc_round, version, tree.A))
    assignment = Assignment.objects.get(round__adhoc_round=adhoc_round)
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/{assignment.submission.pk}/nhap/"
    assert (assignment.unit, assignment.round.title, assignment.round.issuing_unit) == (
        tree.A, "Báo cáo đột xuất vụ cháy rừng", tree.P)
    assert before + dt.timedelta(hours=24) <= assignment.due_at <= timezone.now() + dt.timedelta(hours=24)
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Đã mở báo cáo đột xuất “Báo cáo đột xuất vụ cháy rừng”, gửi Tỉnh An Giang" in page


def test_a_shorter_deadline_is_taken_in_vietnam_time(client, drafter, adhoc_round, version, tree):
    client.force_login(drafter)
    due = (timezone.now() + dt.timedelta(hours=5)).astimezone(VN_TZ).replace(second=0, microsecond=0)
    client.post(URL, post_data(adhoc_round, version, tree.A, due_at=due.strftime("%Y-%m-%dT%H:%M")))
    assert Assignment.objects.get(round__adhoc_round=adhoc_round).due_at == due


@pytest.mark.parametrize("field, values, message", [
    ("unit", {"unit": "B"}, "Bạn không lập được báo cáo đột xuất cho đơn vị này."),
    ("unit", {"unit": ""}, "Cần chọn đơn vị lập báo cáo."),
    ("form", {"form": "0:0"}, "Biểu mẫu này không dùng được cho báo cáo đột xuất."),
    ("title", {"title": "  "}, "Cần nhập tên báo cáo đột xuất."),
    ("due_at", {"due_at": "ngày mai"}, "Hạn nộp không hợp lệ; nhập theo dạng dd/mm/yyyy hh:mm."),
    ("due_at", {"due_at": "PAST"}, "Hạn nộp phải sau thời điểm hiện tại."),
])
def test_bad_input_is_shown_at_its_field_and_nothing_is_created(client, drafter, adhoc_round, version, tree,
                                                                field, values, message):
    client.force_login(drafter)
    unit = tree.units[values.pop("unit")] if values.get("unit") else None if "unit" in values else tree.A
    if values.get("due_at") == "PAST":
        values["due_at"] = (timezone.now() - dt.timedelta(hours=1)).astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M")
    response = client.post(URL, post_data(adhoc_round, version, unit, **{k: v for k, v in values.items()
                                                                          if k != "unit"}))
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert message in response.content.decode()
    assert not Round.objects.filter(adhoc_round=adhoc_round).exists()


def test_a_deadline_beyond_the_limit_names_the_limit(client, drafter, adhoc_round, version, tree):
    client.force_login(drafter)
    late = (timezone.now() + dt.timedelta(hours=30)).astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M")
    response = client.post(URL, post_data(adhoc_round, version, tree.A, due_at=late))
    [message] = field_errors(response, "due_at")
    assert message.startswith("Hạn nộp không được muộn hơn hạn tối đa của đợt: ")
    assert not Round.objects.filter(adhoc_round=adhoc_round).exists()


def test_a_form_of_a_round_not_covering_the_unit_is_refused_at_the_form(client, tree, version, make_user,
                                                                        adhoc_round):
    other = round_create(code="dx-q", title="Đột xuất tỉnh Nghệ An", issuing_unit=tree.Q,
                         rule=ReportingRule(period_type=PeriodType.AD_HOC, due=DueRule.within_days(2)),
                         versions=[version])
    round_open(round=other)
    both = make_user("soan.ac", unit=tree.A, role="drafter")
    from hierarchy.models import Membership

    Membership.objects.create(user=both, unit=tree.C, role="drafter")
    client.force_login(both)
    response = client.post(URL, post_data(other, version, tree.A))
    assert field_errors(response, "form") == [
        "Biểu mẫu này không dùng cho Xã Vĩnh Am (ngoài phạm vi của đợt “Đột xuất tỉnh Nghệ An”)."]
    assert not Round.objects.filter(adhoc_round=other).exists()


def test_without_a_unit_in_scope_the_page_explains_and_refuses(client, reviewer, adhoc_round, version, tree):
    client.force_login(reviewer)
    response = client.get(URL)
    assert "Bạn không phải người soạn báo cáo của đơn vị nào có cấp trên" in response.content.decode()
    response = client.post(URL, post_data(adhoc_round, version, tree.P))
    assert field_errors(response, "unit") == ["Bạn không lập được báo cáo đột xuất cho đơn vị này."]
    assert not Round.objects.filter(adhoc_round=adhoc_round).exists()


def test_without_an_open_ad_hoc_round_the_page_says_so(client, drafter):
    client.force_login(drafter)
    assert "Hiện chưa có đợt báo cáo đột xuất nào đang mở" in client.get(URL).content.decode()


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
