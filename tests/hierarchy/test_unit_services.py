import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from baocao_site.audit.models import AuditEntry
from hierarchy.models import Membership, Role, Unit
from hierarchy.services import (
    membership_add,
    unit_create,
    unit_merge,
    unit_move,
    unit_retire,
    unit_update,
)


def test_create_under_parent_is_audited_and_searchable_without_diacritics(tree):
    unit = unit_create(code="D", name="Xã  Đông   Hòa", kind=tree.kinds["xa"], level=tree.levels["xa"], parent=tree.P)
    assert unit.name == "Xã Đông Hòa"
    assert unit.get_parent().code == "P"
    assert list(Unit.objects.search("dong hoa").values_list("code", flat=True)) == ["D"]
    assert list(Unit.objects.search("VINH AM").values_list("code", flat=True)) == ["A"]
    assert AuditEntry.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


@pytest.mark.parametrize("code,name,message", [
    ("A", "Trùng mã", "Mã đơn vị “A” đã tồn tại."),
    ("", "Không mã", "Mã đơn vị không được để trống."),
    ("E", "   ", "Tên đơn vị không được để trống."),
    ("E", "x" * 256, "Tên đơn vị dài quá 255 ký tự (256 ký tự)."),
])
def test_create_refuses_bad_input_and_writes_nothing(tree, code, name, message):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as exc:
        unit_create(code=code, name=name, kind=tree.kinds["xa"], level=tree.levels["xa"], parent=tree.P)
    assert message in str(exc.value)
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.filter(action="unit.create").exists()


def test_move_takes_the_subtree_along(tree):
    unit_move(unit=tree.B, new_parent=tree.Q)
    b1 = Unit.objects.get(code="B1")
    assert [u.code for u in b1.get_ancestors()] == ["TW", "Q", "B"]
    assert Unit.objects.get(code="P").numchild == 1
    assert AuditEntry.objects.get(action="unit.move").changes["new_parent_code"] == "Q"


def test_move_under_own_descendant_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        unit_move(unit=tree.B, new_parent=tree.B1)
    assert "Không thể chuyển “Phường Long Xuyên” vào chính nó hoặc vào đơn vị cấp dưới của nó" in str(exc.value)
    assert Unit.objects.get(code="B1").get_parent().code == "B"


def test_update_rejects_duplicate_code_and_keeps_the_old_values(tree):
    with pytest.raises(ValidationError, match="đã tồn tại"):
        unit_update(unit=tree.A, code="B", name="Đổi tên")
    assert Unit.objects.get(pk=tree.A.pk).name == "Xã Vĩnh Am"


def test_retire_keeps_history(tree):
    unit_retire(unit=tree.A, on=dt.date(2026, 1, 31))
    a = Unit.objects.get(code="A")
    assert a.valid_to == dt.date(2026, 1, 31)
    assert not Unit.objects.active(dt.date(2026, 2, 1)).filter(code="A").exists()
    assert Unit.objects.active(dt.date(2026, 1, 31)).filter(code="A").exists()
    with pytest.raises(ValidationError, match="đã hết hiệu lực"):
        unit_retire(unit=a, on=dt.date(2026, 3, 1))


def test_merge_moves_members_and_children_to_the_survivor(tree, make_user):
    drafter = make_user("b_drafter", unit=tree.B, role=Role.DRAFTER)
    merger_day = dt.date(2025, 7, 1)
    survivor = unit_merge(source=tree.B, target=tree.A, on=merger_day)
    b = Unit.objects.get(code="B")
    assert b.merged_into_id == survivor.pk and b.valid_to == merger_day
    assert b.successor().code == "A"
    assert Membership.objects.filter(user=drafter, unit=survivor, role=Role.DRAFTER).exists()
    assert not Membership.objects.filter(unit=b).exists()
    assert Unit.objects.get(code="B1").get_parent().code == "A"
    with pytest.raises(ValidationError, match="đã được sáp nhập"):
        unit_merge(source=b, target=tree.C, on=merger_day)


def test_merge_into_own_descendant_is_refused(tree):
    with pytest.raises(ValidationError, match="đơn vị cấp dưới"):
        unit_merge(source=tree.B, target=tree.B1, on=dt.date(2025, 7, 1))


def test_membership_add_is_idempotent(tree, make_user):
    user = make_user("u")
    first = membership_add(user=user, unit=tree.A, role=Role.VIEWER)
    second = membership_add(user=user, unit=tree.A, role=Role.VIEWER)
    assert first.pk == second.pk
    assert AuditEntry.objects.filter(action="membership.add").count() == 1
