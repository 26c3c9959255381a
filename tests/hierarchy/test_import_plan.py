"""The import planner is pure: no database."""
import datetime as dt

from hierarchy.import_plan import ExistingUnit, normalise_headers, plan_units

KINDS = {"xa": "xa", "phuong": "phuong", "tinh": "tinh"}
LEVELS = {"xa": "xa", "tinh": "tinh"}
EXISTING = {"P": ExistingUnit("P", "Tỉnh An Giang", "tinh", "tinh", "", None, None, "0001"),
            "A": ExistingUnit("A", "Xã Vĩnh Am", "xa", "xa", "P", None, None, "00010001")}


def row(code, name="Xã Mới", kind="xa", level="xa", parent_code="P", **extra):
    return {"code": code, "name": name, "kind": kind, "level": level, "parent_code": parent_code, **extra}


def test_new_updated_unchanged_counts():
    plan = plan_units([row("N1"), row("A", name="Xã Vĩnh Am"), row("N2", parent_code="N1"),
                       row("P", name="Tỉnh An Giang", kind="tinh", level="tinh", parent_code="")],
                      existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert plan.ok
    assert plan.counts() == {"new": 2, "updated": 0, "moved": 0, "unchanged": 2, "errors": 0}
    assert [u.code for u in plan.new] == ["N1", "N2"]


def test_parent_listed_after_child_is_created_first():
    plan = plan_units([row("C", parent_code="B"), row("B")], existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert [u.code for u in plan.new] == ["B", "C"]


def test_every_error_is_reported_by_row_and_column():
    plan = plan_units([
        row("X1", parent_code="KHONG_CO"),
        row("X2", name=""),
        row("X2", name="Trùng"),
        row("X3", kind="loai la"),
        row("X4", level="?"),
        row("X5", valid_from="31/02/2026"),
        row("", name="Không mã"),
        row("X6", name="x" * 300),
    ], existing=EXISTING, kinds=KINDS, levels=LEVELS)
    messages = [str(e) for e in plan.errors]
    assert "Dòng 3, cột “Tên đơn vị”: tên đơn vị không được để trống" in messages
    assert "Dòng 4, cột “Mã đơn vị”: mã “X2” bị trùng với dòng 3" in messages
    assert "Dòng 5, cột “Loại”: loại đơn vị “loai la” không có trong danh mục" in messages
    assert "Dòng 6, cột “Cấp”: cấp “?” không có trong danh mục" in messages
    assert "Dòng 7, cột “Hiệu lực từ”: “31/02/2026” không phải ngày hợp lệ (dd/mm/yyyy)" in messages
    assert "Dòng 8, cột “Mã đơn vị”: mã đơn vị không được để trống" in messages
    assert "Dòng 9, cột “Tên đơn vị”: tên đơn vị dài quá 255 ký tự (300 ký tự)" in messages
    assert not plan.ok and not plan.new


def test_unknown_parent_is_reported():
    plan = plan_units([row("X1", parent_code="KHONG_CO")], existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert [str(e) for e in plan.errors] == [
        "Dòng 2, cột “Mã đơn vị cấp trên”: không tìm thấy đơn vị cấp trên có mã “KHONG_CO”"]


def test_cycles_and_moving_under_own_descendant_are_refused():
    plan = plan_units([row("C1", parent_code="C2"), row("C2", parent_code="C1")],
                      existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert "vòng lặp" in str(plan.errors[0])
    plan = plan_units([row("N", parent_code="A"), row("A", name="Xã Vĩnh Am", parent_code="N")],
                      existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert any("vòng lặp" in str(e) for e in plan.errors)


def test_changes_and_moves_are_listed_with_old_and_new():
    plan = plan_units([row("A", name="Xã Vĩnh Am Mới", valid_from=dt.date(2025, 7, 1)),
                       row("Q", name="Tỉnh Q", kind="tinh", level="tinh", parent_code=""),
                       ], existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert plan.updated[0][1] == {"name": ["Xã Vĩnh Am", "Xã Vĩnh Am Mới"], "valid_from": [None, dt.date(2025, 7, 1)]}
    plan = plan_units([row("Q", name="Tỉnh Q", kind="tinh", level="tinh", parent_code=""),
                       row("A", name="Xã Vĩnh Am", parent_code="Q")], existing=EXISTING, kinds=KINDS, levels=LEVELS)
    assert [u.code for u in plan.moved] == ["A"]


def test_vietnamese_headers_are_accepted_and_missing_columns_reported():
    mapped, errors = normalise_headers(["Mã đơn vị", "Tên đơn vị", "Loại", "Cấp", "Mã đơn vị cấp trên"])
    assert mapped == ["code", "name", "kind", "level", "parent_code"] and not errors
    _, errors = normalise_headers(["code", "name"])
    assert [str(e) for e in errors][0] == "Dòng 1, cột “Loại”: thiếu cột “Loại” (kind) trong dòng tiêu đề"
