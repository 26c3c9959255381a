"""Meta-validation of definition documents: every defect found, each in precise Vietnamese."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from formbuilder.engine import DefinitionError, Limits, Problem, compile_definition, validate_definition
from formbuilder.engine.meta import META_SCHEMA, definition_problems

from .definitions import example_definition, minimal


def problems(doc, **limits):
    return [(p.path, p.message) for p in definition_problems(doc, limits=Limits(**limits))]


def number(key, **extra):
    return {"type": "number", "key": key, "label": key.replace("_", " ").capitalize(), **extra}


def text(key, **extra):
    return {"type": "text", "key": key, "label": key.capitalize(), **extra}


def section(key, *children, **extra):
    return {"type": "section", "key": key, "title": key.capitalize(), "children": list(children), **extra}


def table(key, *columns, **extra):
    return {"type": "table", "key": key, "label": key.capitalize(), "columns": list(columns), **extra}


def column(key, type_="integer", **extra):
    return {"key": key, "label": key.capitalize(), "type": type_, **extra}


def computed(key, formula, **extra):
    return {"type": "computed", "key": key, "label": key.capitalize(), "formula": formula, **extra}


def test_meta_schema_is_a_valid_2020_12_schema():
    Draft202012Validator.check_schema(META_SCHEMA)


def test_example_definition_has_no_problem():
    assert problems(example_definition()) == []
    validate_definition(example_definition())


def test_extension_properties_and_source_are_allowed():
    doc = minimal(text("ghi_chu", **{"x-widget": "editor"}), source="seed 002, dòng 98", **{"x-origin": "import"})
    assert problems(doc) == []


class TestStructure:
    def test_document_must_be_an_object(self):
        assert problems([]) == [("", "Giá trị phải là đối tượng")]

    def test_header(self):
        doc = {"format": "baocao.form/2", "code": " PL ", "kind": "report", "title": "", "items": [],
               "author": "x"}
        assert problems(doc) == [
            ("", "Thuộc tính không được phép: “author”"),
            ("code", "Mã “ PL ” không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới, "
                     "bắt đầu bằng chữ cái hoặc chữ số, tối đa 60 ký tự"),
            ("format", "Định dạng phải là “baocao.form/1”, nhận “baocao.form/2”"),
            ("kind", "Giá trị không hợp lệ: “report” (chỉ nhận: outline, appendix, kpi_set)"),
            ("title", "Không được để trống"),
            ("items", "Biểu mẫu chưa có mục hoặc trường nào"),
        ]

    def test_codes_follow_the_model_rule_in_either_case(self):
        """One rule with the model (formbuilder.models.CODE_VALIDATOR): letters of either case, ≤ 60 characters."""
        assert problems(minimal(text("ghi_chu"), code="pl-ii-8.1_b")) == []
        assert problems(minimal(text("ghi_chu"), code="P" * 60)) == []
        too_long = "P" * 61
        assert [p for p, _ in problems(minimal(text("ghi_chu"), code=too_long))] == ["code"]
        assert [p for p, _ in problems(minimal(text("ghi_chu"), code="PL/II"))] == ["code"]
        assert [p for p, _ in problems(minimal(text("ghi_chu"), code="phụ-lục"))] == ["code"]

    def test_missing_header_properties(self):
        assert problems({"format": "baocao.form/1"}) == [
            ("", "Thiếu thuộc tính bắt buộc “code”"),
            ("", "Thiếu thuộc tính bắt buộc “kind”"),
            ("", "Thiếu thuộc tính bắt buộc “title”"),
            ("", "Thiếu thuộc tính bắt buộc “items”"),
        ]

    def test_unknown_node_type(self):
        assert problems(minimal({"type": "slider", "key": "muc_do", "label": "Mức độ"})) == [
            ("items[0].type", "Loại nút không hợp lệ: “slider” (chỉ nhận: section, text, number, choice, "
                              "boolean, date, file, table, computed, self_assessment)"),
        ]

    def test_node_faults_are_reported_inside_the_right_type(self):
        doc = minimal({"type": "text", "key": "noi_dung", "multiline": "có", "colour": "red"},
                      {"type": "section", "key": "phan_i", "title": "Phần I"})
        assert problems(doc) == [
            ("items[0]", "Thiếu thuộc tính bắt buộc “label”"),
            ("items[0]", "Thuộc tính không được phép: “colour”"),
            ("items[0].multiline", "Giá trị phải là true/false"),
            ("items[1]", "Thiếu thuộc tính bắt buộc “children”"),
        ]

    def test_key_pattern(self):
        assert problems(minimal(text("So_VB"))) == [
            ("items[0].key", "Khóa “So_VB” không hợp lệ: chỉ dùng chữ thường không dấu (a–z), chữ số và “_”, "
                             "bắt đầu bằng chữ cái, tối đa 63 ký tự"),
        ]

    def test_column_type(self):
        assert problems(minimal(table("bang", column("a", "money")))) == [
            ("items[0].columns[0].type", "Loại cột không hợp lệ: “money” (chỉ nhận: text, integer, number, "
                                         "date, choice, boolean)"),
        ]

    def test_rows_shape(self):
        assert problems(minimal(table("bang", column("a"), rows="fixed"))) == [
            ("items[0].rows", "“rows” phải là \"free\" hoặc {\"fixed\": [{\"key\": ..., \"label\": ...}]}"),
        ]

    def test_target_direction(self):
        doc = minimal(computed("ty_le", "1", target={"direction": "≥", "value": 100}))
        assert problems(doc) == [
            ("items[0].target.direction", "Giá trị không hợp lệ: “≥” (chỉ nhận: >=, <=, =, >, <)"),
        ]


class TestKeys:
    def test_duplicate_field_key_names_both_places(self):
        doc = minimal(section("phan_i", number("tong_so"), number("so_van_ban")), number("so_nguoi"),
                      number("ty_le"), number("so_van_ban"))
        assert problems(doc) == [
            ("items[3]", "Khóa trường “so_van_ban” bị trùng (items[0].children[1] và items[3])"),
        ]

    def test_duplicate_section_key(self):
        doc = minimal(section("phan_i", number("a")), section("phan_i", number("b")))
        assert problems(doc) == [("items[1]", "Khóa mục “phan_i” bị trùng (items[0] và items[1])")]

    def test_self_assessment_fields_count_as_keys(self):
        doc = minimal({"type": "self_assessment", "key": "danh_gia"}, text("danh_gia__han_che"))
        assert problems(doc) == [("items[1]", "Khóa trường “danh_gia__han_che” bị trùng (items[0] và items[1])")]

    def test_self_assessment_key_too_long_for_its_fields(self):
        key = "d" * 60
        assert problems(minimal({"type": "self_assessment", "key": key})) == [
            ("items[0]", f"Khóa khối tự đánh giá “{key}” quá dài: khóa sinh ra “{key}__uu_diem” vượt 63 ký tự"),
        ]


class TestFields:
    def test_choice_without_options(self):
        doc = minimal({"type": "choice", "key": "hinh_thuc", "label": "Hình thức", "options": []})
        assert problems(doc) == [("items[0]", "Trường lựa chọn “hinh_thuc” chưa có phương án nào")]

    def test_duplicate_option_value(self):
        options = [{"value": "a", "label": "A"}, {"value": "a", "label": "A lần hai"}]
        doc = minimal({"type": "choice", "key": "hinh_thuc", "label": "Hình thức", "options": options})
        assert problems(doc) == [("items[0]", "Phương án “a” của trường lựa chọn “hinh_thuc” bị trùng")]

    def test_minimum_above_maximum(self):
        assert problems(minimal(number("so_nguoi", minimum=10, maximum=5))) == [
            ("items[0]", "Giá trị nhỏ nhất (10) lớn hơn giá trị lớn nhất (5) ở trường “so_nguoi”"),
        ]

    def test_text_max_length_must_be_positive(self):
        assert problems(minimal(text("ten", max_length=0))) == [("items[0].max_length", "Phải lớn hơn hoặc bằng 1")]


class TestTables:
    def test_table_without_columns(self):
        assert problems(minimal(table("van_ban"))) == [("items[0]", "Bảng “van_ban” chưa có cột nào")]

    def test_duplicate_column_key(self):
        doc = minimal(table("van_ban", column("so"), column("ten", "text"), column("so")))
        assert problems(doc) == [
            ("items[0].columns[2]", "Cột “so” của bảng “van_ban” bị trùng (columns[0] và columns[2])"),
        ]

    def test_column_options(self):
        doc = minimal(table("van_ban", column("loai", "choice"),
                            column("so", "integer", options=[{"value": "1", "label": "Một"}])))
        assert problems(doc) == [
            ("items[0].columns[0]", "Cột “loai” của bảng “van_ban” chưa có phương án nào"),
            ("items[0].columns[1]", "Cột “so” của bảng “van_ban” có phương án nhưng không phải kiểu lựa chọn (choice)"),
        ]

    def test_column_range(self):
        doc = minimal(table("van_ban", column("so", minimum=3, maximum=1)))
        assert problems(doc) == [
            ("items[0].columns[0]", "Giá trị nhỏ nhất (3) lớn hơn giá trị lớn nhất (1) ở cột “so” của bảng “van_ban”"),
        ]

    def test_totals_must_name_numeric_columns(self):
        doc = minimal(table("van_ban", column("ten", "text"), column("so"), totals=["ten", "khac", "so"]))
        assert problems(doc) == [
            ("items[0].totals", "Cột “ten” của bảng “van_ban” không phải cột số nên không tính tổng được"),
            ("items[0].totals", "Cột tính tổng “khac” không có trong bảng “van_ban”"),
        ]

    def test_row_counts(self):
        doc = minimal(table("van_ban", column("so"), min_rows=10, max_rows=5),
                      table("phu_luc", column("so"), max_rows=6000))
        assert problems(doc) == [
            ("items[0]", "Số dòng tối thiểu (10) lớn hơn số dòng tối đa (5) ở bảng “van_ban”"),
            ("items[1]", "Bảng “phu_luc” đặt 6000 dòng, vượt giới hạn 5000 dòng"),
        ]

    def test_fixed_rows(self):
        rows = {"fixed": [{"key": "cap_tinh", "label": "Cấp tỉnh"}, {"key": "cap_tinh", "label": "Tỉnh"}]}
        doc = minimal(table("can_bo", column("so"), rows=rows, min_rows=1),
                      table("trong", column("so"), rows={"fixed": []}))
        assert problems(doc) == [
            ("items[0].rows", "Dòng “cap_tinh” của bảng “can_bo” bị trùng"),
            ("items[0]", "Bảng “can_bo” có dòng cố định nên không dùng min_rows/max_rows"),
            ("items[1].rows", "Bảng “trong” chưa có dòng cố định nào"),
        ]


class TestFormulas:
    def test_missing_field(self):
        doc = minimal(number("so_dat"), computed("ty_le", "so_dat / tong_so * 100"))
        assert problems(doc) == [
            ("items[1].formula", "Công thức của “ty_le” dùng trường không tồn tại: “tong_so”"),
        ]

    def test_cycle_is_named(self):
        doc = minimal(computed("a", "b + 1"), computed("b", "c * 2"), computed("c", "a - 1"))
        assert problems(doc) == [("items[0].formula", "Công thức tạo vòng lặp: “a” → “b” → “c” → “a”")]

    def test_self_reference_is_a_cycle(self):
        assert problems(minimal(computed("a", "a + 1"))) == [
            ("items[0].formula", "Công thức tạo vòng lặp: “a” → “a”"),
        ]

    def test_non_numeric_field(self):
        doc = minimal(text("ten"), {"type": "date", "key": "ngay", "label": "Ngày"},
                      computed("x", "ten + ngay + count(ten)"))
        assert problems(doc) == [
            ("items[2].formula", "Công thức của “x” dùng trường không phải số: “ten” (văn bản)"),
            ("items[2].formula", "Công thức của “x” dùng trường không phải số: “ngay” (ngày)"),
        ]

    def test_table_references(self):
        rows = {"fixed": [{"key": "cap_tinh", "label": "Cấp tỉnh"}]}
        doc = minimal(
            table("bang", column("so"), column("ten", "text")),
            table("co_dinh", column("so"), rows=rows),
            number("a"),
            computed("x", "bang + bang.so + sum(bang.ten) + count(bang.ten) + sum(bang.khac)"),
            computed("y", "co_dinh.cap_tinh.so + co_dinh.cap_xa.so + bang.dong.so + a.b + a.b.c.d"),
            computed("z", "count(bang) + sum(bang.so) + max(co_dinh.so, co_dinh.cap_tinh.so)"),
        )
        assert problems(doc) == [
            ("items[3].formula", "Công thức của “x” dùng bảng “bang” như một số; hãy dùng sum(bang.<cột>) "
                                 "hoặc count(bang)"),
            ("items[3].formula", "Công thức của “x” dùng cột “bang.so” ngoài các hàm sum, avg, min, max, count"),
            ("items[3].formula", "Công thức của “x” dùng cột không phải số: “bang.ten” (văn bản)"),
            ("items[3].formula", "Công thức của “x” dùng cột không tồn tại: “bang.khac”"),
            ("items[4].formula", "Công thức của “y” dùng dòng không tồn tại: “co_dinh.cap_xa”"),
            ("items[4].formula", "Công thức của “y” dùng “bang.dong.so” nhưng bảng “bang” không có dòng cố định"),
            ("items[4].formula", "Công thức của “y” dùng “a.b” nhưng “a” không phải là bảng"),
            ("items[4].formula", "Công thức của “y” dùng “a.b.c.d” nhưng “a” không phải là bảng"),
        ]

    def test_syntax_error(self):
        assert problems(minimal(number("a"), computed("x", "a +* 2"))) == [
            ("items[1].formula", "Công thức của “x” không hợp lệ: Không mong đợi “*” ở vị trí 4"),
        ]

    def test_formula_length_limit(self):
        assert problems(minimal(number("a"), computed("x", "a + 1")), max_formula_length=3) == [
            ("items[1].formula", "Công thức của “x” dài quá 3 ký tự"),
        ]


class TestLimits:
    def test_depth(self):
        doc = minimal(section("c1", section("c2", section("c3", number("a")))))
        assert problems(doc, max_depth=2) == [("items[0].children[0].children[0]", "Mục “c3” lồng quá sâu: cấp 3, tối đa 2 cấp")]

    def test_hostile_nesting_is_refused_without_recursing(self):
        node = number("a")
        for level in range(3000):
            node = section(f"s{level}", node)
        assert problems(minimal(node)) == [("", "Định nghĩa lồng nhau quá sâu (tối đa 8 cấp mục)")]

    def test_field_count_includes_self_assessment_fields(self):
        doc = minimal(number("a"), {"type": "self_assessment", "key": "dg"})
        assert problems(doc, max_fields=5) == [("items", "Biểu mẫu có 6 trường, vượt giới hạn 5 trường")]

    def test_options_and_columns(self):
        options = [{"value": str(i), "label": str(i)} for i in range(4)]
        doc = minimal({"type": "choice", "key": "c", "label": "C", "options": options},
                      table("t", column("a"), column("b"), column("c")))
        assert problems(doc, max_options=3, max_columns=2) == [
            ("items[0]", "Trường lựa chọn “c” có 4 phương án, vượt giới hạn 3"),
            ("items[1]", "Bảng “t” có 3 cột, vượt giới hạn 2 cột"),
        ]


def test_definition_error_lists_every_problem():
    doc = minimal(table("van_ban"), {"type": "choice", "key": "hinh_thuc", "label": "H", "options": []})
    with pytest.raises(DefinitionError) as caught:
        validate_definition(doc)
    assert caught.value.problems == [
        Problem("items[0]", "Bảng “van_ban” chưa có cột nào"),
        Problem("items[1]", "Trường lựa chọn “hinh_thuc” chưa có phương án nào"),
    ]
    assert str(caught.value) == (
        "Định nghĩa biểu mẫu có 2 lỗi:\n"
        "- items[0]: Bảng “van_ban” chưa có cột nào\n"
        "- items[1]: Trường lựa chọn “hinh_thuc” chưa có phương án nào"
    )


_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, width=16),
              st.sampled_from(["", "a", "so", "section", "table", "choice", "computed", "free", "a / b", "x.y"])),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(
                                   ["type", "key", "label", "title", "children", "columns", "options", "rows",
                                    "fixed", "value", "formula", "totals", "minimum", "maximum", "items"]),
                                   children, max_size=5)),
    max_leaves=20,
)
_PLACES = ["type", "key", "label", "title", "children", "columns", "options", "rows", "formula", "totals",
           "minimum", "maximum", "required", "min_rows", "max_rows", "number", "target"]


def _nodes(doc):
    stack = list(doc["items"])
    while stack:
        node = stack.pop()
        yield node
        stack.extend(n for n in node.get("children", []) if isinstance(n, dict))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(_PLACES), _json), max_size=3))
def test_broken_definitions_give_problems_never_exceptions(edits):
    doc = example_definition()
    nodes = list(_nodes(doc))
    for index, place, value in edits:
        nodes[index % len(nodes)][place] = value
    found = definition_problems(doc)
    assert all(isinstance(p, Problem) and p.message for p in found)
    if not found:
        compile_definition(doc)


@settings(max_examples=100, deadline=None)
@given(_json)
def test_any_json_gives_problems_never_exceptions(doc):
    assert definition_problems(doc)
