from hierarchy.membership_import import membership_import, memberships_export_rows
from hierarchy.models import Membership, Unit


def test_dry_run_then_apply_creates_users_and_memberships(tree, make_user):
    make_user("da.co")
    content = ("username,full_name,email,unit_code,role\n"
               "da.co,,,A,viewer\n"
               "nguoi.moi,Trần Văn Mới,moi@example.invalid,B,Người soạn báo cáo\n").encode()
    plan, applied = membership_import(content=content, filename="tv.csv", dry_run=True)
    assert plan.counts() == {"new": 2, "new_users": 1, "unchanged": 0, "errors": 0} and not applied
    assert not Membership.objects.filter(unit__code="B").exists()
    plan, applied = membership_import(content=content, filename="tv.csv", dry_run=False)
    assert applied
    m = Membership.objects.get(user__username="nguoi.moi")
    assert (m.unit.code, m.role, m.user.has_usable_password()) == ("B", "drafter", False)
    plan, _ = membership_import(content=content, filename="tv.csv", dry_run=True)
    assert plan.counts()["unchanged"] == 2
    rows = list(memberships_export_rows(Membership.objects.filter(user__username="nguoi.moi")))
    assert rows == [["nguoi.moi", "Trần Văn Mới", "moi@example.invalid", "B", "drafter"]]


def test_errors_by_row_and_column_and_nothing_written(tree):
    content = ("username,unit_code,role\n"
               "a,KHONG,viewer\n"
               ",A,viewer\n"
               "b,A,truong_phong\n"
               "c,C,viewer\n").encode()
    plan, applied = membership_import(content=content, filename="tv.csv", dry_run=False,
                                      allowed_units=Unit.objects.filter(path__startswith=tree.P.path))
    assert not applied
    assert [str(e) for e in plan.errors] == [
        "Dòng 2, cột “Mã đơn vị”: không tìm thấy đơn vị có mã “KHONG”",
        "Dòng 3, cột “Tên đăng nhập”: tên đăng nhập không được để trống",
        "Dòng 4, cột “Vai trò”: vai trò “truong_phong” không hợp lệ (drafter, reviewer, viewer, unit_admin)",
        "Dòng 5, cột “Mã đơn vị”: đơn vị “C” nằm ngoài phạm vi bạn quản trị",
    ]
    assert not Membership.objects.exists()
