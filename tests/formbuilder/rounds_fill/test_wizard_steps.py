"""The wizard's steps over a compiled form: plain Python, no database."""
from formbuilder.engine import FieldError, compile_definition
from formbuilder.rounds.wizard import (
    GENERAL_STEP, REVIEW_STEP, errors_by_step, first_incomplete_step, form_class_for_step, step_values, steps_for,
    with_step_values,
)

from ..rounds_helpers import OUTLINE_ITEMS


def compiled(items, title="Bộ chỉ tiêu"):
    return compile_definition({"format": "baocao.form/1", "code": "T", "kind": "outline", "title": title,
                               "items": items})


KPI_ITEMS = [
    {"type": "date", "key": "tu_ngay", "label": "Từ ngày"},
    *OUTLINE_ITEMS[:2],
    {"type": "text", "key": "ghi_chu", "label": "Ghi chú"},
]


def test_one_step_per_section_in_order():
    steps = steps_for(compiled(OUTLINE_ITEMS))
    assert [(s.name, s.title, s.keys) for s in steps] == [
        ("phan_i", "I. Đặc điểm tình hình", ("phan_i",)), ("phan_ii", "II. Kết quả", ("phan_ii",)),
        ("phan_iii", "III. Tự đánh giá", ("phan_iii",))]


def test_a_unit_given_some_sections_only_gets_those():
    assert [s.name for s in steps_for(compiled(OUTLINE_ITEMS), ["phan_iii", "phan_i"])] == ["phan_i", "phan_iii"]


def test_top_level_fields_make_one_general_step_where_the_first_stands():
    steps = steps_for(compiled(KPI_ITEMS))
    assert [(s.name, s.keys) for s in steps] == [
        (GENERAL_STEP, ("tu_ngay", "ghi_chu")), ("phan_i", ("phan_i",)), ("phan_ii", ("phan_ii",))]
    assert steps[0].title == "Thông tin chung"
    # A form of fields only (an appendix) is one step named after the form.
    only = steps_for(compiled([KPI_ITEMS[0]], title="Phụ lục II-1"))
    assert [(s.name, s.title) for s in only] == [(GENERAL_STEP, "Phụ lục II-1")]


def test_general_step_form_holds_only_the_top_level_fields():
    form = compiled(KPI_ITEMS)
    general = steps_for(form)[0]
    form_class = form_class_for_step(form, general)
    assert sorted(form_class.base_fields) == ["ghi_chu", "tu_ngay"]
    bound = form_class({"tu_ngay": "01/04/2026", "ghi_chu": "x", "tinh_hinh": "ignored"})
    assert bound.is_valid()
    assert bound.to_data() == {"tu_ngay": "2026-04-01", "ghi_chu": "x"}


def test_step_values_are_replaced_and_the_rest_kept():
    form = compiled(KPI_ITEMS)
    general, first = steps_for(form)[:2]
    data = {"tu_ngay": "2026-04-01", "phan_i": {"tinh_hinh": "A"}, "phan_ii": {"so_van_ban": 3}}
    assert with_step_values(data, first, {"phan_i": {"tinh_hinh": "B"}}) == {
        "tu_ngay": "2026-04-01", "phan_i": {"tinh_hinh": "B"}, "phan_ii": {"so_van_ban": 3}}
    # An emptied step disappears; values of other steps in the posted data are ignored.
    assert with_step_values(data, general, {"phan_i": {"tinh_hinh": "X"}}) == {
        "phan_i": {"tinh_hinh": "A"}, "phan_ii": {"so_van_ban": 3}}
    assert step_values(data, general) == {"tu_ngay": "2026-04-01"}


def test_errors_are_grouped_by_step_and_the_first_incomplete_step_found():
    form = compiled(OUTLINE_ITEMS)
    steps = steps_for(form)
    errors = [FieldError(path=("phan_ii", "so_van_ban"), key="so_van_ban", label="Số văn bản", message="m"),
              FieldError(path=(), key=None, label="Đề cương", message="root")]
    grouped = errors_by_step(form, steps, errors)
    assert [(name, len(found)) for name, found in grouped.items()] == [
        ("phan_i", 0), ("phan_ii", 1), ("phan_iii", 0), (REVIEW_STEP, 1)]
    assert first_incomplete_step(grouped) == "phan_ii"
    assert first_incomplete_step(errors_by_step(form, steps, [])) == REVIEW_STEP
