"""Validating submission data: every error, addressed to its field or cell, in Vietnamese."""
import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from formbuilder.engine import FieldError, FormValidator, compile_definition
from formbuilder.engine.validation import FORMAT_CHECKER, is_iso_date

from .definitions import example_data, example_definition, minimal


@pytest.fixture(scope="module")
def validator():
    return FormValidator(compile_definition(example_definition()))


def messages(validator, data, *, complete=True):
    return [error.message for error in validator.validate(data, complete=complete)]


def with_values(**sections):
    """Return the example data with values replaced; a dict given for a section is merged into it."""
    data = example_data()
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return data


def test_valid_complete_submission(validator):
    assert validator.is_valid(example_data(), complete=True)
    assert validator.validate(example_data(), complete=True) == []


def test_empty_draft_is_valid_and_empty_submission_lists_every_required_value(validator):
    assert validator.validate({}, complete=False) == []
    assert messages(validator, {}) == [
        "Tổng số văn bản: bắt buộc nhập",
        "Số văn bản điện tử: bắt buộc nhập",
        "Nội dung: bắt buộc nhập",
        "Cán bộ theo cấp: bắt buộc nhập",
    ]


def test_field_error_carries_path_key_and_code(validator):
    data = with_values(phan_ii={"muc_1": {"tong_so_van_ban": -3, "so_van_ban_dien_tu": 1}})
    assert validator.validate(data, complete=True) == [FieldError(
        path=("phan_ii", "muc_1", "tong_so_van_ban"), key="tong_so_van_ban", label="Tổng số văn bản",
        message="Tổng số văn bản: phải là số nguyên không âm", code="minimum")]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("noi_dung", "", "Nội dung: bắt buộc nhập"),
    ("noi_dung", None, "Nội dung: bắt buộc nhập"),
    ("noi_dung", "x" * 2001, "Nội dung: dài quá 2000 ký tự"),
    ("noi_dung", 12, "Nội dung: phải là văn bản"),
    ("hinh_thuc", "qua_thu", "Hình thức: giá trị không nằm trong danh sách"),
    ("linh_vuc", ["kiem_tra", "khac"], "Lĩnh vực: giá trị không nằm trong danh sách"),
    ("linh_vuc", ["kiem_tra", "kiem_tra"], "Lĩnh vực: có phương án bị chọn trùng"),
    ("linh_vuc", "kiem_tra", "Lĩnh vực: phải là danh sách các lựa chọn"),
    ("co_ke_hoach", "có", "Đã ban hành kế hoạch: phải chọn Có hoặc Không"),
    ("ngay_ban_hanh", "30/03/2026", "Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)"),
    ("ngay_ban_hanh", "2026-02-30", "Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)"),
    ("ngay_ban_hanh", 20260330, "Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)"),
    ("minh_chung", {"name": "a.pdf"}, "Tài liệu minh chứng: tệp đính kèm không hợp lệ"),
    ("minh_chung", "a.pdf", "Tài liệu minh chứng: tệp đính kèm không hợp lệ"),
    ("minh_chung", {"name": "a.pdf", "ref": "x", "size": -1}, "Tài liệu minh chứng: tệp đính kèm không hợp lệ"),
])
def test_field_messages(validator, field, value, message):
    assert messages(validator, with_values(phan_ii={field: value})) == [message]


@pytest.mark.parametrize(("value", "message"), [
    (1.5, "Số văn bản điện tử: phải là số nguyên không âm"),
    (-1, "Số văn bản điện tử: phải là số nguyên không âm"),
    ("12", "Số văn bản điện tử: phải là số nguyên không âm"),
    (True, "Số văn bản điện tử: phải là số nguyên không âm"),
    (None, "Số văn bản điện tử: bắt buộc nhập"),
])
def test_number_messages(validator, value, message):
    data = with_values(phan_ii={"muc_1": {"tong_so_van_ban": 10, "so_van_ban_dien_tu": value}})
    assert messages(validator, data) == [message]


def test_integral_float_counts_as_integer(validator):
    data = with_values(phan_ii={"muc_1": {"tong_so_van_ban": 10.0, "so_van_ban_dien_tu": 1}})
    assert validator.validate(data, complete=True) == []


def test_limits_with_units_are_written_the_vietnamese_way():
    doc = minimal({"type": "number", "key": "ty_le", "label": "Tỷ lệ", "minimum": 0.5, "maximum": 100, "unit": "%"},
                  {"type": "number", "key": "so_nguoi", "label": "Số người", "maximum": 1500, "unit": "người"},
                  {"type": "number", "key": "kinh_phi", "label": "Kinh phí", "maximum": 2.5})
    validator = FormValidator(compile_definition(doc))
    assert messages(validator, {"ty_le": 0.25, "so_nguoi": 1501, "kinh_phi": 3}) == [
        "Tỷ lệ: không được nhỏ hơn 0,5%",
        "Số người: không được lớn hơn 1.500 người",
        "Kinh phí: không được lớn hơn 2,5",
    ]


def test_draft_checks_what_is_filled_but_requires_nothing(validator):
    draft = {"phan_ii": {"noi_dung": "", "muc_1": {"tong_so_van_ban": None}, "hinh_thuc": "qua_thu"},
             "van_ban": [{"so_trang": 3}], "can_bo": {"cap_tinh": {}}}
    assert messages(validator, draft, complete=False) == ["Hình thức: giá trị không nằm trong danh sách"]
    assert "Hình thức: giá trị không nằm trong danh sách" in messages(validator, draft)
    assert "Danh mục văn bản › dòng 1 › Tên văn bản: bắt buộc nhập" in messages(validator, draft)


def test_unknown_keys_are_reported_where_they_are(validator):
    data = with_values(phan_ii={"ghi_chu": "x"}, khac=1)
    assert messages(validator, data) == [
        "Kết quả chuyển đổi số trong công tác văn bản: có trường không thuộc biểu mẫu: “khac”",
        "Kết quả thực hiện: có trường không thuộc biểu mẫu: “ghi_chu”",
    ]


def test_missing_section_lists_its_required_fields(validator):
    data = example_data()
    del data["phan_ii"]
    assert messages(validator, data) == [
        "Tổng số văn bản: bắt buộc nhập", "Số văn bản điện tử: bắt buộc nhập", "Nội dung: bắt buộc nhập"]


def test_section_of_wrong_type(validator):
    assert messages(validator, with_values(phan_ii="II"))[0] == "Kết quả thực hiện: dữ liệu không đúng cấu trúc"


class TestTables:
    def test_free_row_cells(self, validator):
        rows = [{"ten": "x" * 501, "so_trang": -2, "loai": "qd", "ngay": "2026-13-01"}, {"so_trang": 1.5},
                {"ten": "Đủ", "ghi_chu": "?"}]
        errors = validator.validate(with_values(van_ban=rows), complete=True)
        assert [(e.row, e.column, e.message) for e in errors] == [
            (0, "ten", "Danh mục văn bản › dòng 1 › Tên văn bản: dài quá 500 ký tự"),
            (0, "ngay", "Danh mục văn bản › dòng 1 › Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)"),
            (0, "so_trang", "Danh mục văn bản › dòng 1 › Số trang: phải là số nguyên không âm"),
            (0, "loai", "Danh mục văn bản › dòng 1 › Loại: giá trị không nằm trong danh sách"),
            (1, "ten", "Danh mục văn bản › dòng 2 › Tên văn bản: bắt buộc nhập"),
            (1, "so_trang", "Danh mục văn bản › dòng 2 › Số trang: phải là số nguyên không âm"),
            (2, None, "Danh mục văn bản › dòng 3: có cột không thuộc bảng: “ghi_chu”"),
        ]
        assert errors[0].path == ("van_ban", 0, "ten")
        assert errors[0].key == "van_ban"
        assert errors[0].label == "Danh mục văn bản › dòng 1 › Tên văn bản"

    def test_row_limits(self, validator):
        assert messages(validator, with_values(van_ban=[{"ten": "a"}] * 101)) == [
            "Danh mục văn bản: không được quá 100 dòng"]
        assert messages(validator, with_values(van_ban=[{"ten": "a"}, "dòng"])) == [
            "Danh mục văn bản › dòng 2: dữ liệu không đúng cấu trúc"]

    def test_required_table_and_min_rows(self):
        doc = minimal({"type": "table", "key": "t", "label": "Bảng", "required": True,
                       "columns": [{"key": "a", "label": "A", "type": "text"}]},
                      {"type": "table", "key": "u", "label": "Bảng U", "min_rows": 2,
                       "columns": [{"key": "a", "label": "A", "type": "text"}]})
        validator = FormValidator(compile_definition(doc))
        assert messages(validator, {"t": [], "u": [{}]}) == [
            "Bảng: bắt buộc nhập ít nhất một dòng", "Bảng U: phải có ít nhất 2 dòng"]
        assert messages(validator, {"t": [], "u": [{}]}, complete=False) == []

    def test_fixed_rows(self, validator):
        data = example_data()
        data["can_bo"] = {"cap_tinh": {"so_nguoi": -1}, "cap_huyen": {}}
        errors = validator.validate(data, complete=True)
        assert [(e.row, e.row_key, e.column, e.message) for e in errors] == [
            (None, None, None, "Cán bộ theo cấp: có dòng không thuộc bảng: “cap_huyen”"),
            (0, "cap_tinh", "so_nguoi", "Cán bộ theo cấp › Cấp tỉnh › Số người: phải là số nguyên không âm"),
            (1, "cap_xa", "so_nguoi", "Cán bộ theo cấp › Cấp xã › Số người: bắt buộc nhập"),
        ]


@pytest.mark.parametrize(("text", "valid"), [
    ("2024-02-29", True), ("2026-03-30", True), ("2026-02-29", False), ("20260330", False),
    ("2026-3-30", False), ("２０２６-03-30", False), ("2026-03-30T00:00", False), (20260330, True),
])
def test_iso_date(text, valid):
    assert is_iso_date(text) is valid


_POOL = [None, "", "a", "x" * 600, -1, 0, 1, 1.5, 10 ** 20, True, False, [], {}, ["kiem_tra"], ["zz"],
         "2026-02-30", "2026-03-01", "truc_tuyen", {"name": "a", "ref": "b", "size": 1}, [{"ten": "a"}],
         [{"so_trang": -1}], {"cap_tinh": {"so_nguoi": 1}}]
_PLACES = [("phan_ii", "muc_1", "tong_so_van_ban"), ("phan_ii", "noi_dung"), ("phan_ii", "hinh_thuc"),
           ("phan_ii", "linh_vuc"), ("phan_ii", "co_ke_hoach"), ("phan_ii", "ngay_ban_hanh"),
           ("phan_ii", "minh_chung"), ("van_ban",), ("van_ban", 0, "ten"), ("van_ban", 1, "so_trang"),
           ("van_ban", 0, "ngay"), ("can_bo",), ("can_bo", "cap_xa", "so_nguoi"), ("danh_gia", "danh_gia__uu_diem"),
           ("phan_ii", "muc_1", "ty_le_dien_tu"), ("phan_ii", "muc_1")]


def _step(container, part):
    if isinstance(container, dict) and part in container:
        return container[part]
    if isinstance(container, list) and isinstance(part, int) and part < len(container):
        return container[part]
    return None


def _put(data, path, value):
    """Set ``value`` at ``path`` if every step before it exists (mutations may remove earlier steps)."""
    target = data
    for part in path[:-1]:
        target = _step(target, part)
    last = path[-1]
    if isinstance(target, dict):
        target[last] = value
    elif isinstance(target, list) and isinstance(last, int) and last < len(target):
        target[last] = value


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PLACES), st.sampled_from(_POOL)), max_size=4), st.booleans())
def test_fast_path_agrees_with_jsonschema(validator, changes, complete):
    data = example_data()
    for path, value in changes:
        _put(data, path, copy.deepcopy(value))
    schema = validator.compiled.schema if complete else validator.compiled.draft_schema
    reference = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    ok = validator.is_valid(data, complete=complete)
    assert ok == reference.is_valid(data)
    errors = validator.validate(data, complete=complete)
    assert bool(errors) == (not ok)
    assert all(e.message.startswith(e.label + ": ") for e in errors)


class TestCompute:
    def test_example(self, validator):
        assert validator.compute(example_data()) == {
            "van_ban.so_trang": 20, "can_bo.so_nguoi": 100, "can_bo.da_dao_tao": 75,
            "ty_le_dien_tu": 75.0, "ty_le_dao_tao": 75.0}

    def test_division_by_zero_and_missing_values_are_undefined(self, validator):
        data = with_values(phan_ii={"muc_1": {"tong_so_van_ban": 0, "so_van_ban_dien_tu": 0}})
        data["can_bo"] = {}
        values = validator.compute(data)
        assert values["ty_le_dien_tu"] is None
        assert values["ty_le_dao_tao"] is None  # sum of an empty column is 0, and 0 / 0 is undefined
        assert values["can_bo.so_nguoi"] == 0
        assert validator.compute({})["ty_le_dien_tu"] is None

    def test_totals_skip_empty_and_invalid_cells(self, validator):
        rows = [{"so_trang": 3}, {"so_trang": None}, {"so_trang": "7"}, "rác", {"so_trang": 2.5}]
        assert validator.compute(with_values(van_ban=rows))["van_ban.so_trang"] == 5.5

    def test_stored_computed_values_are_ignored(self, validator):
        data = with_values(phan_ii={"muc_1": {"tong_so_van_ban": 3, "so_van_ban_dien_tu": 1, "ty_le_dien_tu": 99}})
        assert validator.compute(data)["ty_le_dien_tu"] == 33.33

    def test_chained_formulas_counts_and_cells(self):
        doc = minimal(
            {"type": "table", "key": "t", "label": "T", "columns": [{"key": "ten", "label": "Tên", "type": "text"},
                                                                   {"key": "so", "label": "Số", "type": "number"}]},
            {"type": "table", "key": "f", "label": "F", "rows": {"fixed": [{"key": "tinh", "label": "Tỉnh"}]},
             "columns": [{"key": "so", "label": "Số", "type": "integer"}]},
            {"type": "text", "key": "ghi_chu", "label": "Ghi chú"},
            {"type": "computed", "key": "dong", "label": "Số dòng", "formula": "count(t) + count(ghi_chu)"},
            {"type": "computed", "key": "co_ten", "label": "Có tên", "formula": "count(t.ten)"},
            {"type": "computed", "key": "gap", "label": "Gấp", "formula": "dong * f.tinh.so"},
            {"type": "computed", "key": "lon", "label": "Lớn", "formula": "gap > 10"},
        )
        validator = FormValidator(compile_definition(doc))
        data = {"t": [{"ten": "a", "so": 1}, {}, {"so": 2}], "f": {"tinh": {"so": 4}}, "ghi_chu": "x"}
        assert validator.compute(data) == {"dong": 3, "co_ten": 1, "gap": 12, "lon": 1}
