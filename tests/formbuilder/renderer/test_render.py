"""Rendering: the seed-002 outline and every appendix, numbering, labels, tables, computed values, modes."""
import pytest

from formbuilder.engine import compile_definition
from formbuilder.engine.samples import sample_data
from formbuilder.renderer import form_class_for, initial_from_data, render_form

from .definitions import APPENDIX_CODES, FIXTURE_CODES, OUTLINE_CODE, every_type, every_type_definition, fixture
from .html import Page


@pytest.fixture(scope="module")
def outline():
    return fixture(OUTLINE_CODE)


@pytest.fixture(scope="module")
def outline_page(outline):
    return Page(render_form(form_class_for(outline)()))


def test_outline_parts_are_numbered_headings_in_fieldsets(outline_page):
    parts = outline_page.text_of("h2")
    assert len(parts) == 7
    assert parts[0] == "I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH ĐỊA PHƯƠNG, ĐƠN VỊ"
    assert parts[1].startswith("II. VIỆC TỔ CHỨC VÀ HOẠT ĐỘNG CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    assert parts[6] == "VII. ĐỀ XUẤT, KIẾN NGHỊ"
    assert len(outline_page.find_all("fieldset")) == 113  # every section and self-assessment block
    assert all(fs["text"].strip() for fs in outline_page.find_all("legend"))


def test_outline_subsections_keep_the_source_numbering(outline_page):
    level_2 = outline_page.text_of("h3")
    assert "1. Đặc điểm, tình hình" in level_2
    assert "2. Kết quả tổ chức và hoạt động của chính quyền địa phương 2 cấp" in level_2
    level_3 = outline_page.text_of("h4")
    assert "2.1. Kết quả toàn tổ chức bộ máy chính quyền địa phương 2 cấp" in level_3
    assert "3.2. Tự nhận xét, đánh giá" in level_3
    deeper = outline_page.text_of("h5") + outline_page.text_of("h6")
    assert any(text.startswith("a) ") for text in deeper) and any(text.startswith("b) ") for text in deeper)


def test_outline_fields_have_labels_units_guidance_and_help(outline_page):
    labels = outline_page.text_of("label")
    assert "Tổng số đảng viên" in labels
    assert outline_page.unlabelled_controls() == []
    units = {e["text"] for e in outline_page.find_all("span") if e["attrs"].get("class") == "fb-unit"}
    assert {"người", "văn bản", "đảng bộ"} <= units
    guidance = [e["text"] for e in outline_page.elements if e["attrs"].get("class") == "fb-guidance"]
    assert any(text.startswith("- Khái quát đặc điểm tự nhiên") for text in guidance)
    helps = [e["text"] for e in outline_page.elements if "fb-help" in e["attrs"].get("class", "")]
    assert any("Chi tiết tại Phụ lục II-1 (PL-II-1)" in text for text in helps)


def test_outline_self_assessment_blocks_show_their_five_parts(outline_page):
    labels = outline_page.text_of("label")
    for part in ("Ưu điểm", "Hạn chế", "Nguyên nhân", "Giải pháp", "Trách nhiệm"):
        assert labels.count(part) == 12


def test_outline_computed_ratios_are_shown_read_only_and_undefined_when_empty(outline_page):
    outputs = outline_page.find_all("output")
    assert len(outputs) == 3
    assert {o["text"] for o in outputs} == {"không xác định"}
    assert all(o["attrs"].get("data-fb-unit") == "%" for o in outputs)


@pytest.mark.parametrize("code", APPENDIX_CODES)
def test_every_appendix_renders_its_table_with_column_headers_and_labels(code):
    compiled = fixture(code)
    page = Page(render_form(form_class_for(compiled)()))
    tables = [info for info in compiled.fields.values() if info.type == "table"]
    assert tables
    headers = page.text_of("th")
    for table in tables:
        assert table.label in page.text_of("legend")
        for column in table.columns:
            assert any(h.startswith(column.label) for h in headers), column.label
        for row in table.rows or ():
            assert row.label in headers
        if any(c.total for c in table.columns):
            assert "Tổng cộng" in headers
    for info in compiled.fields.values():
        if info.type == "computed":
            assert " ".join(page.by_id(f"id_{info.key}-label")["text"].split()).endswith(info.label)
    assert page.unlabelled_controls() == []


@pytest.mark.parametrize("code", FIXTURE_CODES)
def test_every_fixture_renders_filled_in_both_modes(code):
    compiled = fixture(code)
    data = sample_data(compiled, rows=2)
    initial = initial_from_data(compiled, data)
    edit = render_form(form_class_for(compiled)(initial=initial))
    readonly = Page(render_form(form_class_for(compiled)(initial=initial), mode="readonly"))
    assert "Nội dung mẫu" in edit or not any(i.type == "text" for i in compiled.fields.values())
    assert readonly.find_all("input") == [] and readonly.find_all("select") == []
    assert "data-fb-root" not in readonly.elements[0]["attrs"]


def test_free_table_opens_with_blank_rows_and_fixed_table_shows_row_labels():
    compiled = every_type()
    page = Page(render_form(form_class_for(compiled)()))
    markers = [e["attrs"]["value"] for e in page.find_all("input", type="hidden", name="van_ban-row")]
    assert markers == ["0", "__row__"]  # one blank row, and the <template> row that JavaScript copies
    assert page.by_id("id_can_bo-cap_tinh-tong_so")["attrs"]["aria-required"] == "true"
    assert "Cấp tỉnh" in page.text_of("th") and "Cấp xã" in page.text_of("th")
    assert page.text_of("label").count("Tên văn bản, dòng 1") == 1
    assert [e["attrs"]["scope"] for e in page.find_all("th")].count("col") >= 8


def test_values_totals_and_computed_values_are_written_the_vietnamese_way():
    compiled = every_type()
    data = {"phan_ii": {"muc_1": {"so_van_ban": 1200, "so_dien_tu": 300},
                        "muc_2": {"kinh_phi": 1234567.5, "ngay_ban_hanh": "2026-03-31"}},
            "van_ban": [{"ten": "A", "so_trang": 1500, "kinh_phi": 0.1}, {"ten": "B", "so_trang": 2, "kinh_phi": 0.2}],
            "can_bo": {"cap_tinh": {"tong_so": 3, "nu": 1}}}
    page = Page(render_form(form_class_for(compiled)(initial=initial_from_data(compiled, data))))
    assert page.by_id("id_so_van_ban")["attrs"]["value"] == "1.200"
    assert page.by_id("id_kinh_phi")["attrs"]["value"] == "1.234.567,5"
    assert page.by_id("id_ngay_ban_hanh")["attrs"]["value"] == "31/03/2026"
    assert page.by_id("id_ty_le")["text"] == "25,0%"
    assert page.by_id("id_ty_le_nu_tinh")["text"] == "33,33%"
    assert page.by_id("id_so_van_ban_ke")["text"] == "2"
    totals = {e["attrs"]["data-fb-total"]: e["text"] for e in page.find_all("output") if "data-fb-total" in e["attrs"]}
    assert totals == {"so_trang": "1.502", "kinh_phi": "0,3", "tong_so": "3"}


def test_division_by_zero_reads_khong_xac_dinh():
    compiled = every_type()
    page = Page(render_form(form_class_for(compiled)({"so_van_ban": "0", "so_dien_tu": "5"})))
    assert page.by_id("id_ty_le")["text"] == "không xác định"


def test_readonly_mode_shows_values_as_text_with_units_and_option_labels():
    compiled = every_type()
    data = {"phan_ii": {"muc_1": {"so_van_ban": 1200},
                        "muc_2": {"kinh_phi": 2.5, "hinh_thuc": "truc_tiep", "linh_vuc": ["kiem_tra", "ky_luat"],
                                  "co_ke_hoach": True, "ngay_ban_hanh": "2026-03-31", "noi_dung": "A\nB"}},
            "van_ban": [{"ten": "KH", "loai": "kh", "da_so_hoa": False, "so_trang": 1000}]}
    page = Page(render_form(form_class_for(compiled)(initial=initial_from_data(compiled, data)), mode="readonly"))
    values = {e["attrs"]["id"]: " ".join(e["text"].split()) for e in page.elements
              if e["attrs"].get("class", "").startswith("fb-field fb-readonly")}
    assert values["id_so_van_ban"].endswith("1.200 văn bản")
    assert values["id_kinh_phi"].endswith("2,5 triệu đồng")
    assert values["id_hinh_thuc"].endswith("Trực tiếp")
    assert values["id_linh_vuc"].endswith("Kiểm tra; Kỷ luật")
    assert values["id_co_ke_hoach"].endswith("Có")
    assert values["id_ngay_ban_hanh"].endswith("31/03/2026")
    assert values["id_ten_don_vi"].endswith("—")
    cells = [" ".join(e["text"].split()) for e in page.find_all("td")]
    assert {"KH", "Kế hoạch", "Không", "1.000"} <= set(cells)


def test_labels_and_guidance_are_escaped():
    doc = every_type_definition()
    doc["items"][0]["guidance"] = "<script>alert(1)</script>"
    doc["items"][0]["children"][0]["children"][0]["label"] = 'Số <b>"văn bản"</b>'
    html = render_form(form_class_for(compile_definition(doc))())
    assert "<script>alert" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_render_refuses_an_unknown_mode():
    with pytest.raises(ValueError):
        render_form(form_class_for(every_type())(), mode="print")


def test_media_brings_the_renderer_css_and_deferred_js():
    media = str(form_class_for(every_type())().media)
    assert "formbuilder/renderer.css" in media
    assert 'src="/static/formbuilder/renderer.js" defer' in media


def test_required_fields_are_marked_and_numbered_labels_keep_their_number():
    page = Page(render_form(form_class_for(every_type())()))
    assert page.by_id("id_noi_dung")["attrs"]["aria-required"] == "true"
    assert "a) Nội dung *" in page.text_of("label")
    assert "b) Tên đơn vị" in page.text_of("label")
