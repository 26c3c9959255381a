"""Form classes from compiled forms: the nested data shape, round trips, wizard steps."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from formbuilder.engine.samples import sample_data
from formbuilder.renderer import form_class_for, initial_from_data
from formbuilder.renderer.fields import sign_file_ref

from .definitions import FIXTURE_CODES, OUTLINE_CODE, every_type, fixture


@pytest.fixture(scope="module")
def compiled():
    return every_type()


@pytest.mark.parametrize("code", FIXTURE_CODES)
def test_every_fixture_definition_round_trips_through_a_bound_form(code):
    compiled = fixture(code)
    data = sample_data(compiled, rows=3)
    form = form_class_for(compiled)(data=initial_from_data(compiled, data))
    assert form.is_valid(), form.errors
    assert form.to_data() == data


def test_round_trip_of_every_field_type_with_a_form_prefix(compiled):
    ref = {"name": "minh-chung.pdf", "ref": "r/1.pdf", "size": 10}
    data = {
        "phan_ii": {
            "muc_1": {"so_van_ban": 1200, "so_dien_tu": 300},
            "muc_2": {"noi_dung": "Dòng 1\nDòng 2", "kinh_phi": 1234567.5, "hinh_thuc": "truc_tiep",
                      "linh_vuc": ["kiem_tra", "ky_luat"], "co_ke_hoach": False, "ngay_ban_hanh": "2026-03-31",
                      "minh_chung": ref},
            "tu_danh_gia": {"tu_danh_gia__uu_diem": "Tốt", "tu_danh_gia__han_che": "Chậm"},
        },
        "van_ban": [{"ten": "Kế hoạch 1", "so_trang": 12, "da_so_hoa": True},
                    {"ten": "Nghị quyết 2", "ngay": "2026-01-02", "kinh_phi": 0.5, "loai": "nq"}],
        "can_bo": {"cap_xa": {"tong_so": 40, "nu": 12}},
    }
    flat = initial_from_data(compiled, data, prefix="b")
    assert flat["b-van_ban-row"] == ["0", "1"]
    assert flat["b-kinh_phi"] == 1234567.5 and flat["b-can_bo-cap_xa-nu"] == 12
    form = form_class_for(compiled)(data=flat, prefix="b")
    assert form.is_valid(), form.errors
    assert form.to_data() == data


def test_to_data_nests_values_by_section_and_leaves_out_empty_ones(compiled):
    posted = QueryDict(mutable=True)
    posted.update({"so_van_ban": "1.200", "ten_don_vi": "  ", "hinh_thuc": "", "ty_le": "99",
                   "can_bo-cap_tinh-tong_so": "10", "can_bo-cap_xa-tong_so": ""})
    posted.setlist("van_ban-row", ["0", "1", "2"])
    posted.update({"van_ban-0-ten": "", "van_ban-1-ten": "Kế hoạch", "van_ban-2-so_trang": ""})
    data = form_class_for(compiled)(posted).to_data()
    # Blank free rows are dropped; a fixed table keeps only its filled rows; computed values are not stored.
    assert data == {"phan_ii": {"muc_1": {"so_van_ban": 1200}},
                    "van_ban": [{"ten": "Kế hoạch"}],
                    "can_bo": {"cap_tinh": {"tong_so": 10}}}


def test_to_data_leaves_out_what_the_form_refuses_so_the_rest_can_still_be_checked(compiled):
    form = form_class_for(compiled)({"so_van_ban": "nhiều", "so_dien_tu": "3", "van_ban-row": "0",
                                     "van_ban-0-ten": "KH", "van_ban-0-so_trang": "x"})
    assert not form.is_valid()
    assert form.to_data() == {"phan_ii": {"muc_1": {"so_dien_tu": 3}}, "van_ban": [{"ten": "KH"}]}
    assert form.refused() == {("so_van_ban", None, None), ("van_ban", "0", "so_trang")}


def test_row_ids_map_stored_rows_back_to_the_rows_on_screen(compiled):
    form = form_class_for(compiled)({"van_ban-row": ["3", "7", "9"], "van_ban-7-ten": "B", "van_ban-9-ten": "C"})
    assert form.to_data()["van_ban"] == [{"ten": "B"}, {"ten": "C"}]
    assert [form.row_id("van_ban", 0), form.row_id("van_ban", 1), form.row_id("van_ban", 2)] == ["7", "9", None]


def test_a_section_form_holds_one_top_level_section_and_returns_it_in_the_full_shape(compiled):
    step = form_class_for(compiled, section_key="phan_ii")
    assert "so_van_ban" in step.base_fields and "van_ban" not in step.base_fields
    assert "tu_danh_gia__uu_diem" in step.base_fields
    form = step({"so_van_ban": "10", "so_dien_tu": "4"})
    assert form.to_data() == {"phan_ii": {"muc_1": {"so_van_ban": 10, "so_dien_tu": 4}}}
    assert form.computed_values()["ty_le"] == 40.0


def test_form_class_for_refuses_a_key_that_is_not_a_top_level_section(compiled):
    with pytest.raises(KeyError):
        form_class_for(compiled, section_key="muc_1")
    with pytest.raises(KeyError):
        form_class_for(compiled, section_key="van_ban")


def test_outline_steps_cover_every_field_once():
    compiled = fixture(OUTLINE_CODE)
    steps = [n.key for n in compiled.layout if n.kind == "section"]
    assert len(steps) == 7  # Phần I … VII, one wizard step each
    keys = [key for step in steps for key in form_class_for(compiled, section_key=step).base_fields]
    assert sorted(keys) == sorted(compiled.fields)


def test_computed_values_read_other_steps_through_context_data(compiled):
    step = form_class_for(compiled, section_key="phan_ii")
    context = {"phan_ii": {"muc_1": {"so_van_ban": 999}}, "can_bo": {"cap_tinh": {"tong_so": 8, "nu": 2}}}
    form = step({"so_van_ban": "20", "so_dien_tu": "5"}, context_data=context)
    values = form.computed_values()
    assert values["ty_le"] == 25.0             # this step's own value wins over the stored one
    assert values["ty_le_nu_tinh"] == 25.0     # read from another step
    assert form.to_data() == {"phan_ii": {"muc_1": {"so_van_ban": 20, "so_dien_tu": 5}}}


def test_uploads_are_handed_to_the_caller_and_the_kept_file_stays_in_the_data(compiled):
    ref = {"name": "cu.pdf", "ref": "r/cu.pdf", "size": 5}
    upload = SimpleUploadedFile("moi.pdf", b"%PDF-1.4", content_type="application/pdf")
    form = form_class_for(compiled)({"minh_chung-ref": sign_file_ref(ref)}, {"minh_chung": upload})
    assert form.is_valid()
    assert form.uploads() == {"minh_chung": upload}
    assert form.to_data() == {"phan_ii": {"muc_2": {"minh_chung": ref}}}
    assert form.is_multipart()


def test_initial_from_data_serves_as_initial_of_an_unbound_form(compiled):
    data = {"phan_ii": {"muc_1": {"so_van_ban": 7}}, "van_ban": [{"ten": "A"}]}
    form = form_class_for(compiled)(initial=initial_from_data(compiled, data))
    assert not form.is_bound
    assert form.to_data() == data
    assert form.computed_values()["so_van_ban_ke"] == 1
