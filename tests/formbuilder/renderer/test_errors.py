"""Engine errors placed at their fields and table cells, with the form's own refusals, in form order."""
import pytest

from formbuilder.engine import FieldError, FormValidator
from formbuilder.renderer import apply_errors, form_class_for, render_form
from formbuilder.renderer.errors import all_errors

from .definitions import every_type


@pytest.fixture(scope="module")
def compiled():
    return every_type()


@pytest.fixture(scope="module")
def validator(compiled):
    return FormValidator(compiled)


def check(compiled, validator, posted, *, complete=True):
    form = form_class_for(compiled)(posted)
    form.is_valid()
    apply_errors(form, validator.validate(form.to_data(), complete=complete))
    return form


def test_engine_errors_land_on_fields_and_on_fixed_and_free_table_cells(compiled, validator):
    form = check(compiled, validator, {"so_van_ban": "-1", "van_ban-row": ["0", "5"], "van_ban-0-so_trang": "2",
                                       "van_ban-5-ten": "B", "can_bo-cap_xa-nu": "3"})
    placed = {(e.key, e.row, e.column): e for e in form.placed_errors}
    assert placed[("so_van_ban", None, None)].message == "Số văn bản: phải là số nguyên không âm"
    assert placed[("noi_dung", None, None)].message == "Nội dung: bắt buộc nhập"
    cell = placed[("van_ban", "0", "ten")]
    assert cell.short == "bắt buộc nhập"
    assert cell.message == "Danh mục văn bản › dòng 1 › Tên văn bản: bắt buộc nhập"
    assert placed[("can_bo", "cap_tinh", "tong_so")].message == "Cán bộ theo cấp › Cấp tỉnh › Tổng số: bắt buộc nhập"
    assert placed[("can_bo", "cap_xa", "tong_so")].short == "bắt buộc nhập"
    assert ("van_ban", "5", "ten") not in placed


def test_free_rows_are_named_as_numbered_on_screen_when_blank_rows_come_first(compiled, validator):
    form = check(compiled, validator, {"van_ban-row": ["0", "1", "2"], "van_ban-2-so_trang": "3"})
    cell = next(e for e in form.placed_errors if e.key == "van_ban")
    # The engine saw one stored row ("dòng 1"); on screen it is the third.
    assert (cell.row, cell.column) == ("2", "ten")
    assert cell.message == "Danh mục văn bản › dòng 3 › Tên văn bản: bắt buộc nhập"


def test_values_the_form_refused_are_not_reported_twice(compiled, validator):
    form = check(compiled, validator, {"so_van_ban": "mười", "van_ban-row": "0", "van_ban-0-ten": "A",
                                       "van_ban-0-so_trang": "x"})
    messages = [e.message for e in all_errors(form)]
    assert "Số văn bản: phải là số nguyên" in messages
    assert "Số văn bản: bắt buộc nhập" not in messages
    assert "Danh mục văn bản › dòng 1 › Số trang: phải là số nguyên" in messages
    assert len(messages) == len(set(messages))


def test_draft_check_reports_only_wrong_values(compiled, validator):
    form = check(compiled, validator, {"so_van_ban": "5", "can_bo-cap_tinh-nu": "-2"}, complete=False)
    assert [e.message for e in all_errors(form)] == ["Cán bộ theo cấp › Cấp tỉnh › Nữ: phải là số nguyên không âm"]


def test_summary_lists_every_error_in_form_order_with_links_to_the_inputs(compiled, validator):
    form = check(compiled, validator, {"ngay_ban_hanh": "31/02/2026", "van_ban-row": "0", "van_ban-0-so_trang": "1"})
    html = render_form(form)
    summary = html[html.index('role="alert"'):html.index("</ul>")]
    links = [part.split('"')[0] for part in summary.split('href="#')[1:]]
    # A required table left wholly empty is one error, on the table.
    assert links == ["id_so_van_ban", "id_noi_dung", "id_ngay_ban_hanh", "id_van_ban-0-ten", "id_can_bo"]
    assert "Biểu mẫu có 5 lỗi cần sửa" in html
    assert "Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)" in summary
    assert "Cán bộ theo cấp: bắt buộc nhập" in summary


def test_errors_are_shown_at_their_fields_and_cells_with_aria(compiled, validator):
    html = render_form(check(compiled, validator, {"van_ban-row": "0", "van_ban-0-so_trang": "1"}))
    assert ('aria-describedby="id_so_van_ban-help id_so_van_ban-unit id_so_van_ban-error" aria-invalid="true"'
            in html)
    assert '<div class="fb-error" id="id_so_van_ban-error"><p>Số văn bản: bắt buộc nhập</p></div>' in html
    assert ('aria-invalid="true" aria-describedby="id_van_ban-0-ten-error"' in html
            and '<span class="fb-cell-error" id="id_van_ban-0-ten-error">bắt buộc nhập</span>' in html)


def test_table_level_and_section_errors_are_placed_and_unknown_fields_skipped(compiled):
    form = form_class_for(compiled)({})
    placed = apply_errors(form, [
        FieldError(path=("van_ban",), key="van_ban", label="Danh mục văn bản",
                   message="Danh mục văn bản: không được quá 3 dòng", code="max_rows"),
        FieldError(path=("phan_ii",), key="phan_ii", label="Kết quả thực hiện",
                   message="Kết quả thực hiện: có trường không thuộc biểu mẫu: “x”", code="unknown"),
        FieldError(path=(), key=None, label="Biểu mẫu", message="Biểu mẫu: dữ liệu không đúng cấu trúc"),
        FieldError(path=("khac",), key="khac", label="Khác", message="Khác: bắt buộc nhập"),
    ])
    assert [(e.key, e.message) for e in placed] == [
        ("van_ban", "Danh mục văn bản: không được quá 3 dòng"),
        ("phan_ii", "Kết quả thực hiện: có trường không thuộc biểu mẫu: “x”"),
        (None, "Biểu mẫu: dữ liệu không đúng cấu trúc"),
    ]
    html = render_form(form)
    assert '<a href="#id_van_ban">Danh mục văn bản: không được quá 3 dòng</a>' in html
    assert '<a href="#id_sec-phan_ii">' in html
    assert "<li>Biểu mẫu: dữ liệu không đúng cấu trúc</li>" in html


def test_a_wizard_step_keeps_only_errors_about_its_own_fields(compiled, validator):
    step = form_class_for(compiled, section_key="phan_ii")({"so_van_ban": "1"})
    step.is_valid()
    placed = apply_errors(step, validator.validate(step.to_data(), complete=True))
    assert {e.key for e in placed} == {"noi_dung"}


def test_a_table_that_needs_rows_is_reported_when_every_row_is_blank():
    from .definitions import fixture

    compiled = fixture("PL-IV-8")  # min_rows 1
    form = form_class_for(compiled)({"so_lieu_den_ngay": "31/03/2026", "giai_ngan_kinh_phi-row": "0"})
    assert form.to_data()["giai_ngan_kinh_phi"] == []
    assert FormValidator(compiled).validate(form.to_data(), complete=False) == []
    placed = apply_errors(form, FormValidator(compiled).validate(form.to_data(), complete=True))
    assert [(e.key, e.message) for e in placed] == [
        ("giai_ngan_kinh_phi", "Tình hình giải ngân kinh phí theo nhiệm vụ, dự án: phải có ít nhất 1 dòng")]
