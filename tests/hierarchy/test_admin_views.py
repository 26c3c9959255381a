"""Wagtail admin screens of the hierarchy, through the Django test client."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hierarchy.models import Membership, Unit, UnitGroup
from hierarchy.permissions import ensure_unit_admin_group


@pytest.fixture
def province_admin(client, tree, make_user):
    user = make_user("tinh.qt", unit=tree.P, role="unit_admin", is_staff=True)
    user.groups.add(ensure_unit_admin_group())
    client.force_login(user)
    return user


@pytest.fixture
def superuser_client(client, tree, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


def test_listing_is_level_by_level_and_search_ignores_diacritics(client, province_admin):
    html = client.get("/quan-tri/don-vi/").content.decode()
    assert "Tỉnh An Giang" in html and "Xã Vĩnh Am" not in html
    html = client.get("/quan-tri/don-vi/?parent=P").content.decode()
    assert "Xã Vĩnh Am" in html and "Phường Long Xuyên" in html and "Chi bộ khu phố 1" not in html
    html = client.get("/quan-tri/don-vi/?q=vinh+am").content.decode()
    assert "Xã Vĩnh Am" in html
    html = client.get("/quan-tri/don-vi/?q=do+luong").content.decode()
    assert "Xã Đô Lương" not in html  # another province: outside the admin's subtree


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/quan-tri/")


def test_unit_admin_cannot_open_another_provinces_unit(client, tree, province_admin):
    assert refused(client.get(f"/quan-tri/don-vi/edit/{tree.C.pk}/"))
    assert refused(client.post(f"/quan-tri/don-vi/edit/{tree.C.pk}/", {"code": "C", "name": "Đổi"}))
    assert refused(client.get(f"/quan-tri/don-vi/{tree.C.pk}/chuyen/"))
    assert refused(client.get("/quan-tri/don-vi/?parent=Q"))
    assert Unit.objects.get(code="C").name == "Xã Đô Lương"


def test_create_with_duplicate_code_shows_vietnamese_error(client, tree, province_admin):
    response = client.post("/quan-tri/don-vi/new/", {"code": "A", "name": "Trùng", "kind": tree.kinds["xa"].pk,
                                                     "level": tree.levels["xa"].pk, "parent_code": "P"})
    assert response.status_code == 200
    assert "Mã đơn vị “A” đã tồn tại." in response.content.decode()


def test_retire_and_merge_screens(client, tree, province_admin):
    response = client.post(f"/quan-tri/don-vi/{tree.A.pk}/giai-the/", {"on": "31/12/2025"})
    assert response.status_code == 302
    assert str(Unit.objects.get(code="A").valid_to) == "2025-12-31"
    response = client.post(f"/quan-tri/don-vi/{tree.B.pk}/sap-nhap/", {"target_code": "Q", "on": "01/07/2025"})
    assert refused(response)  # target outside the admin's subtree
    assert Unit.objects.get(code="B").merged_into is None


def test_delete_is_refused_to_keep_history(client, tree, superuser_client):
    response = client.post(f"/quan-tri/don-vi/delete/{tree.A.pk}/")
    assert response.status_code == 302
    assert Unit.objects.filter(code="A").exists()


def test_import_preview_then_confirm(client, tree, superuser_client):
    content = "code,name,kind,level,parent_code\nN1,Xã Tân Hiệp,xa,xa,P\nN2,Xã Lỗi,xa,xa,ZZ\n".encode()
    response = client.post("/quan-tri/don-vi/nhap/", {"file": SimpleUploadedFile("dv.csv", content)})
    html = response.content.decode()
    assert "Dòng 3, cột “Mã đơn vị cấp trên”: không tìm thấy đơn vị cấp trên có mã “ZZ”" in html
    assert "Xác nhận nhập" not in html
    content = "code,name,kind,level,parent_code\nN1,Xã Tân Hiệp,xa,xa,P\n".encode()
    response = client.post("/quan-tri/don-vi/nhap/", {"file": SimpleUploadedFile("dv.csv", content)})
    assert not Unit.objects.filter(code="N1").exists()
    token = response.context["token"]
    response = client.post("/quan-tri/don-vi/nhap/", {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Unit.objects.get(code="N1").get_parent().code == "P"
    # The token is single-use.
    response = client.post("/quan-tri/don-vi/nhap/", {"confirm": "1", "token": token}, follow=True)
    assert "Phiên nhập đã hết hạn" in response.content.decode()


def test_import_refuses_a_non_spreadsheet(client, tree, superuser_client):
    response = client.post("/quan-tri/don-vi/nhap/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert "Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)." in response.content.decode()


def test_export_xlsx_reimports_with_no_changes(client, tree, superuser_client):
    from hierarchy.importing import unit_import

    response = client.get("/quan-tri/don-vi/xuat/?parent=P&format=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    result = unit_import(content=content, filename="don-vi.xlsx", dry_run=True)
    assert result.plan.ok, result.plan.errors
    assert result.plan.counts() == {"new": 0, "updated": 0, "moved": 0, "unchanged": 4, "errors": 0}


def test_group_with_unknown_codes_is_refused_then_saved(client, tree, superuser_client):
    data = {"code": "dot2", "name": "22 đơn vị đợt 2", "description": "", "unit_codes": "A\nB\nKHONG"}
    response = client.post("/quan-tri/nhom-don-vi/new/", data)
    assert "Không tìm thấy đơn vị có mã: “KHONG”" in response.content.decode()
    data["unit_codes"] = "A, B"
    client.post("/quan-tri/nhom-don-vi/new/", data)
    assert sorted(UnitGroup.objects.get(code="dot2").units.values_list("code", flat=True)) == ["A", "B"]


def test_membership_added_within_own_subtree_only(client, tree, province_admin, make_user):
    target = make_user("nguoi.moi")
    response = client.post("/quan-tri/thanh-vien/new/", {"user": target.pk, "unit_code": "C", "role": "drafter"})
    assert "Bạn chỉ được phân quyền trong đơn vị mình quản trị." in response.content.decode()
    client.post("/quan-tri/thanh-vien/new/", {"user": target.pk, "unit_code": "A", "role": "drafter"})
    assert Membership.objects.filter(user=target, unit__code="A", role="drafter").exists()


def test_membership_import_and_export_in_the_admin(client, tree, superuser_client):
    content = "username,unit_code,role\nmoi.a,A,drafter\n".encode()
    response = client.post("/quan-tri/thanh-vien/nhap/", {"file": SimpleUploadedFile("tv.csv", content)})
    token = response.context["token"]
    assert not Membership.objects.filter(user__username="moi.a").exists()
    client.post("/quan-tri/thanh-vien/nhap/", {"confirm": "1", "token": token})
    assert Membership.objects.filter(user__username="moi.a", unit__code="A", role="drafter").exists()
    response = client.get("/quan-tri/thanh-vien/xuat/?format=csv")
    assert "moi.a" in response.content.decode("utf-8-sig")
