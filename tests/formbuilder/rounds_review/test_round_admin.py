"""The round admin in Wagtail: create with the due-rule builder, targets, section split, preview, open."""
import datetime as dt

import pytest
from django.utils import timezone

from formbuilder.rounds.models import Assignment, Round, SectionAssignment

from ..rounds_helpers import fixed_rule
from .conftest import DUE_DAY


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("quan.tri", is_staff=True, is_superuser=True))
    return client


def create_data(version, **extra):
    return {"title": "Tự kiểm tra đợt 2", "code": "tu-kiem-tra-dot-2", "issuing_unit": "P", "consolidating_unit": "P",
            "versions": [version.pk], "period_type": "one_off", "due_kind": "fixed_date",
            "due_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(), "cutoff_start_day": "1",
            "due_months_after": "0", **extra}


def test_preview_describes_the_rule_and_the_due_time_per_level(admin_client, tree, version):
    data = create_data(version, period_type="monthly", period_year="2026", period_index="3", due_kind="day_of_month",
                       due_day="18", level_1_day="25", grace_days="2", preview="1")
    html = admin_client.post("/quan-tri/dot-bao-cao/them/", data).content.decode()
    assert "Hằng tháng, hạn ngày 18; cấp có thứ bậc 1: hạn ngày 25; khóa nhập liệu 2 ngày sau hạn" in html
    assert "cấp Tỉnh 23:59 25/03/2026" in html and "cấp Xã 23:59 18/03/2026" in html
    assert not Round.objects.exists()


def test_calendar_errors_are_shown_in_vietnamese(admin_client, tree, version):
    data = create_data(version, period_type="monthly", period_year="2026", period_index="13",
                       due_kind="day_of_month", due_day="32")
    html = admin_client.post("/quan-tri/dot-bao-cao/them/", data).content.decode()
    assert "Quy tắc hạn nộp không hợp lệ: ngày 32 không tồn tại trong tháng" in html
    data = create_data(version, due_kind="within_hours", due_hours="24")
    html = admin_client.post("/quan-tri/dot-bao-cao/them/", data).content.decode()
    assert "báo cáo một lần cần hạn ngày cố định" in html
    assert not Round.objects.exists()


def test_create_split_preview_and_open(admin_client, tree, version):
    response = admin_client.post("/quan-tri/dot-bao-cao/them/", create_data(version))
    round_ = Round.objects.get(code="tu-kiem-tra-dot-2")
    manage = f"/quan-tri/dot-bao-cao/{round_.pk}/"
    assert response["Location"] == manage
    prefix = f"split-{version.pk}"
    admin_client.post(manage, {"action": f"split:{version.pk}", f"{prefix}-unit": "A",
                               f"{prefix}-sections": ["phan_i", "phan_ii"]})
    response = admin_client.post(manage, {"action": f"split:{version.pk}", f"{prefix}-unit": "B",
                                          f"{prefix}-sections": ["phan_ii"]}, follow=True)
    assert "đã giao cho Xã Vĩnh Am" in response.content.decode()
    admin_client.post(manage, {"action": f"split:{version.pk}", f"{prefix}-unit": "B",
                               f"{prefix}-sections": ["phan_iii"]})
    assert {sa.unit.code: sa.section_keys for sa in SectionAssignment.objects.filter(round=round_)} == {
        "A": ["phan_i", "phan_ii"], "B": ["phan_iii"]}
    html = admin_client.get(manage).content.decode()
    assert "Xem trước các đơn vị nhận (2 đơn vị, 2 nhiệm vụ)" in html and "Mở đợt" in html
    response = admin_client.post(manage, {"action": "open"}, follow=True)
    assert "2 nhiệm vụ đã giao cho các đơn vị" in response.content.decode()
    assert Assignment.objects.filter(round=round_).count() == 2
    assert Round.objects.get(pk=round_.pk).status == "open"


def test_targets_are_added_and_removed(admin_client, tree, version):
    from formbuilder.rounds.services import round_create

    round_ = round_create(code="r", title="R", issuing_unit=tree.P, rule=fixed_rule(DUE_DAY), versions=[version])
    manage = f"/quan-tri/dot-bao-cao/{round_.pk}/"
    admin_client.post(manage, {"action": "add_target", "target-kind": "level", "target-level": tree.levels["xa"].pk})
    assert "Xã Vĩnh Am" in admin_client.get(manage).content.decode()  # previewed
    target = round_.targets.get()
    admin_client.post(manage, {"action": f"remove_target:{target.pk}"})
    assert not round_.targets.exists()
    response = admin_client.post(manage, {"action": "add_target", "target-kind": "unit", "target-unit": "ZZZ"})
    assert "Không tìm thấy đơn vị có mã “ZZZ”" in response.content.decode()


def test_only_administrators_of_the_issuing_subtree(client, tree, version, make_user):
    from formbuilder.rounds.services import round_create

    round_ = round_create(code="r", title="R", issuing_unit=tree.P, rule=fixed_rule(DUE_DAY), versions=[version])
    from hierarchy.permissions import ensure_unit_admin_group

    unit_admin = make_user("qt.q", unit=tree.Q, role="unit_admin", is_staff=True)
    unit_admin.groups.add(ensure_unit_admin_group())
    client.force_login(unit_admin)
    assert client.get("/quan-tri/dot-bao-cao/").status_code == 200
    assert "R" not in [r.title for r in client.get("/quan-tri/dot-bao-cao/").context["rounds"]]
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.get(f"/quan-tri/dot-bao-cao/{round_.pk}/").status_code in (302, 403)
    assert client.post(f"/quan-tri/dot-bao-cao/{round_.pk}/", {"action": "open"}).status_code in (302, 403)
    assert Round.objects.get(pk=round_.pk).status == "draft"
    assert client.post("/quan-tri/dot-bao-cao/them/", create_data(version, code="khac")).status_code in (302, 403)
    assert not Round.objects.filter(code="khac").exists()
    drafter = make_user("soan.p", unit=tree.P, role="drafter", is_staff=True)
    drafter.groups.add(ensure_unit_admin_group())  # even with admin access, a drafter manages no round
    client.force_login(drafter)
    assert client.get("/quan-tri/dot-bao-cao/").status_code in (302, 403)


def test_an_ad_hoc_round_is_created_opened_and_lists_the_reports_units_open(admin_client, tree, version, make_user):
    from formbuilder.rounds.services_adhoc import adhoc_report_open

    data = create_data(version, title="Báo cáo đột xuất 2026", code="dot-xuat-2026", consolidating_unit="",
                       period_type="ad_hoc", due_kind="within_hours", due_hours="24")
    response = admin_client.post("/quan-tri/dot-bao-cao/them/", data)
    round_ = Round.objects.get(code="dot-xuat-2026")
    assert response["Location"] == f"/quan-tri/dot-bao-cao/{round_.pk}/" and round_.offers_adhoc_reports
    manage = f"/quan-tri/dot-bao-cao/{round_.pk}/"
    html = admin_client.get(manage).content.decode()
    assert "tự mở báo cáo đột xuất" in html and "Đột xuất, hạn trong 24 giờ kể từ khi mở đợt" in html
    response = admin_client.post(manage, {"action": "open"}, follow=True)
    assert "các đơn vị trong phạm vi có thể mở báo cáo đột xuất" in response.content.decode()
    assert Round.objects.get(pk=round_.pk).status == "open" and not Assignment.objects.exists()
    drafter = make_user("soan.dx", unit=tree.A, role="drafter")
    report = adhoc_report_open(round=round_, unit=tree.A, version=version, title="Sự cố sạt lở", acting_user=drafter)
    html = admin_client.get(manage).content.decode()
    assert "Sự cố sạt lở" in html and "Xã Vĩnh Am" in html
    listing = admin_client.get("/quan-tri/dot-bao-cao/").content.decode()
    assert "Báo cáo đột xuất 2026" in listing and report.round.code not in listing
