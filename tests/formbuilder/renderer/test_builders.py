"""One test group per field builder: FieldInfo → Django form field that reads what units type."""
import pytest
from django import forms
from django.core.exceptions import ValidationError

from formbuilder.engine import Limits
from formbuilder.renderer import (
    FIELD_BUILDERS, create_boolean_field, create_choice_field, create_computed_field, create_date_field,
    create_file_field, create_number_field, create_table_field, create_text_field,
)
from formbuilder.renderer.fields import FileValue, TableField, sign_file_ref

from .definitions import every_type

LIMITS = Limits()


@pytest.fixture(scope="module")
def compiled():
    return every_type()


def info(compiled, key):
    return compiled.fields[key]


def test_every_field_type_of_the_format_has_a_builder():
    assert set(FIELD_BUILDERS) == {"text", "number", "choice", "boolean", "date", "file", "table", "computed"}


def test_fields_are_never_required_to_django_and_carry_label_and_help(compiled):
    field = create_number_field(info(compiled, "so_van_ban"), limits=LIMITS)
    assert field.required is False  # draft or complete: the engine decides
    assert field.label == "Số văn bản"
    assert field.help_text == "Tính cả văn bản mật."


def test_text_field_strips_and_stores_one_character_per_line_break(compiled):
    field = create_text_field(info(compiled, "noi_dung"), limits=LIMITS)
    assert isinstance(field.widget, forms.Textarea)
    assert field.clean("  Dòng 1\r\nDòng 2 ") == "Dòng 1\nDòng 2"
    assert field.clean("   ") is None
    assert isinstance(create_text_field(info(compiled, "ten_don_vi"), limits=LIMITS).widget, forms.TextInput)


def test_number_field_reads_vietnamese_numbers_to_the_json_type_the_schema_expects(compiled):
    integer = create_number_field(info(compiled, "so_van_ban"), limits=LIMITS)
    decimal = create_number_field(info(compiled, "kinh_phi"), limits=LIMITS)
    assert integer.clean("1.234") == 1234 and isinstance(integer.clean("1.234"), int)
    assert decimal.clean("1.234.567,5") == 1234567.5
    assert decimal.clean("1234567.5") == 1234567.5
    assert decimal.clean("2,0") == 2 and isinstance(decimal.clean("2,0"), int)
    assert decimal.clean("") is None


def test_number_field_refuses_text_with_a_labelled_vietnamese_message(compiled):
    integer = create_number_field(info(compiled, "so_van_ban"), limits=LIMITS)
    decimal = create_number_field(info(compiled, "kinh_phi"), limits=LIMITS)
    with pytest.raises(ValidationError) as error:
        integer.clean("mười")
    assert error.value.messages == ["Số văn bản: phải là số nguyên"]
    with pytest.raises(ValidationError) as error:
        integer.clean("1,5")
    assert error.value.messages == ["Số văn bản: phải là số nguyên"]
    with pytest.raises(ValidationError) as error:
        decimal.clean("1e9")
    assert error.value.messages == ["Kinh phí: phải là số"]


def test_choice_field_keeps_only_listed_options(compiled):
    single = create_choice_field(info(compiled, "hinh_thuc"), limits=LIMITS)
    assert single.clean("truc_tiep") == "truc_tiep"
    assert single.clean("") is None
    with pytest.raises(ValidationError) as error:
        single.clean("qua_thu")
    assert error.value.messages == ["Hình thức: giá trị không nằm trong danh sách"]


def test_multiple_choice_field_uses_check_boxes_and_stores_options_in_definition_order(compiled):
    multiple = create_choice_field(info(compiled, "linh_vuc"), limits=LIMITS)
    assert isinstance(multiple.widget, forms.CheckboxSelectMultiple)
    assert multiple.clean(["ky_luat", "kiem_tra", "ky_luat"]) == ["kiem_tra", "ky_luat"]
    assert multiple.clean([]) is None
    with pytest.raises(ValidationError):
        multiple.clean(["kiem_tra", "khac"])


def test_boolean_field_may_stay_unanswered(compiled):
    field = create_boolean_field(info(compiled, "co_ke_hoach"), limits=LIMITS)
    assert field.clean("true") is True
    assert field.clean("false") is False
    assert field.clean("") is None
    with pytest.raises(ValidationError) as error:
        field.clean("maybe")
    assert error.value.messages == ["Đã ban hành kế hoạch: phải chọn Có hoặc Không"]


def test_date_field_reads_dd_mm_yyyy_and_iso_and_stores_iso(compiled):
    field = create_date_field(info(compiled, "ngay_ban_hanh"), limits=LIMITS)
    assert field.clean("05/01/2026") == "2026-01-05"
    assert field.clean("2026-01-05") == "2026-01-05"
    with pytest.raises(ValidationError) as error:
        field.clean("30/02/2026")
    assert error.value.messages == ["Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)"]


def test_file_field_keeps_a_signed_reference_and_refuses_a_forged_one(compiled):
    field = create_file_field(info(compiled, "minh_chung"), limits=LIMITS)
    ref = {"name": "bao-cao.pdf", "ref": "uploads/bao-cao.pdf", "size": 2048}
    assert field.clean({"upload": None, "ref": sign_file_ref(ref), "clear": False}) == FileValue(ref)
    assert field.clean({"upload": None, "ref": sign_file_ref(ref), "clear": True}) is None
    assert field.clean({"upload": None, "ref": None, "clear": False}) is None
    with pytest.raises(ValidationError) as error:
        field.clean({"upload": None, "ref": '{"name": "x", "ref": "khac/x.pdf", "size": 1}', "clear": False})
    assert error.value.messages == ["Tài liệu minh chứng: tệp đính kèm không hợp lệ"]
    assert field.widget.needs_multipart_form


def test_table_field_reads_listed_free_rows_and_converts_each_typed_cell(compiled):
    field = create_table_field(info(compiled, "van_ban"), limits=LIMITS)
    assert isinstance(field, TableField)
    posted = {"van_ban-row": ["4", "1"], "van_ban-4-ten": "Kế hoạch 12", "van_ban-4-so_trang": "1.200",
              "van_ban-4-ngay": "02/03/2026", "van_ban-4-kinh_phi": "12,5", "van_ban-4-loai": "kh",
              "van_ban-4-da_so_hoa": "true", "van_ban-1-ten": "Nghị quyết 5", "van_ban-9-ten": "không liệt kê"}
    raw = field.widget.value_from_datadict(posted, None, "van_ban")
    assert [row for row, _ in raw] == ["4", "1"]
    rows = field.clean(raw)
    assert rows[0] == ("4", {"ten": "Kế hoạch 12", "ngay": "2026-03-02", "so_trang": 1200, "kinh_phi": 12.5,
                             "loai": "kh", "da_so_hoa": True})
    assert rows[1][1]["ten"] == "Nghị quyết 5" and rows[1][1]["so_trang"] is None


def test_table_field_caps_free_rows_at_max_rows(compiled):
    field = create_table_field(info(compiled, "van_ban"), limits=LIMITS)  # max_rows 3
    raw = field.widget.value_from_datadict({"van_ban-row": ["0", "1", "2", "3", "x", "1"]}, None, "van_ban")
    assert [row for row, _ in raw] == ["0", "1", "2"]


def test_table_field_names_each_refused_cell_by_row_and_column(compiled):
    field = create_table_field(info(compiled, "can_bo"), limits=LIMITS)
    raw = field.widget.value_from_datadict({"can_bo-cap_xa-tong_so": "nhiều", "can_bo-cap_tinh-nu": "2,5"},
                                           None, "can_bo")
    assert [row for row, _ in raw] == ["cap_tinh", "cap_xa"]  # fixed rows are always all there
    with pytest.raises(ValidationError) as error:
        field.clean(raw)
    assert error.value.messages == ["Cán bộ theo cấp › Cấp tỉnh › Nữ: phải là số nguyên",
                                    "Cán bộ theo cấp › Cấp xã › Tổng số: phải là số nguyên"]
    _, cells = field.parse(raw)
    assert [(c.row, c.column, c.reason) for c in cells] == [("cap_tinh", "nu", "phải là số nguyên"),
                                                            ("cap_xa", "tong_so", "phải là số nguyên")]


def test_computed_field_is_disabled_and_ignores_what_is_posted(compiled):
    field = create_computed_field(info(compiled, "ty_le"), limits=LIMITS)
    assert field.disabled
    assert field.clean("99") is None
