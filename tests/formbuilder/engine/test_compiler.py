"""Compiling definitions into schemas, layout, field index and formula order."""
import pytest
from jsonschema import Draft202012Validator

from formbuilder.engine import ColumnInfo, DefinitionError, Limits, Option, RowInfo, Target, compile_definition

from .definitions import example_definition, minimal


def compiled_field(node, *, complete=True):
    """Return the compiled property schema of a lone top-level ``node``."""
    compiled = compile_definition(minimal(node))
    schema = compiled.schema if complete else compiled.draft_schema
    return schema["properties"][node["key"]]


def walk_schema(schema):
    """Yield every sub-schema, but not the inside of a file reference (an atomic value written by the upload)."""
    yield schema
    if schema.get("x-type") == "file":
        return
    for value in schema.values():
        if isinstance(value, dict):
            yield from walk_schema(value)


@pytest.fixture(scope="module")
def example():
    return compile_definition(example_definition())


class TestNodeTypes:
    def test_text(self):
        node = {"type": "text", "key": "noi_dung", "label": "Nội dung", "help": "Tóm tắt", "multiline": True,
                "max_length": 2000, "required": True}
        assert compiled_field(node) == {
            "title": "Nội dung", "description": "Tóm tắt", "x-key": "noi_dung", "x-type": "text",
            "type": "string", "minLength": 1, "maxLength": 2000,
        }
        assert compiled_field(node, complete=False)["type"] == ["string", "null"]
        assert "minLength" not in compiled_field(node, complete=False)

    def test_number(self):
        node = {"type": "number", "key": "so_nguoi", "label": "Số người", "integer": True, "minimum": 0,
                "maximum": 1000, "unit": "người", "number": "a)"}
        assert compiled_field(node) == {
            "title": "Số người", "x-key": "so_nguoi", "x-type": "number", "x-unit": "người", "x-number": "a)",
            "type": ["integer", "null"], "minimum": 0, "maximum": 1000,
        }

    def test_single_choice(self):
        options = [{"value": "truc_tuyen", "label": "Trực tuyến"}, {"value": "truc_tiep", "label": "Trực tiếp"}]
        node = {"type": "choice", "key": "hinh_thuc", "label": "Hình thức", "options": options, "required": True}
        assert compiled_field(node)["type"] == "string"
        assert compiled_field(node)["enum"] == ["truc_tuyen", "truc_tiep"]
        assert compiled_field(node)["x-options"] == options
        assert compiled_field(node, complete=False)["enum"] == ["truc_tuyen", "truc_tiep", None]

    def test_multiple_choice(self):
        node = {"type": "choice", "key": "linh_vuc", "label": "Lĩnh vực", "multiple": True, "required": True,
                "options": [{"value": "a", "label": "A"}]}
        schema = compiled_field(node)
        assert (schema["type"], schema["minItems"], schema["uniqueItems"]) == ("array", 1, True)
        assert schema["items"] == {"type": "string", "enum": ["a"]}
        assert "minItems" not in compiled_field(node, complete=False)

    def test_boolean_date_file(self):
        assert compiled_field({"type": "boolean", "key": "co", "label": "Có"})["type"] == ["boolean", "null"]
        date = compiled_field({"type": "date", "key": "ngay", "label": "Ngày", "required": True})
        assert (date["type"], date["format"]) == ("string", "date")
        file = compiled_field({"type": "file", "key": "tep", "label": "Tệp"})
        assert file["required"] == ["name", "ref", "size"]
        assert file["additionalProperties"] is False

    def test_computed_is_read_only_and_never_required(self):
        doc = minimal({"type": "number", "key": "a", "label": "A"},
                      {"type": "computed", "key": "gap_doi", "label": "Gấp đôi", "formula": "a * 2", "unit": "%",
                       "required": True})
        compiled = compile_definition(doc)
        assert compiled.schema["properties"]["gap_doi"] == {
            "title": "Gấp đôi", "x-key": "gap_doi", "x-type": "computed", "x-unit": "%",
            "type": ["number", "null"], "readOnly": True, "x-formula": "a * 2",
        }
        assert "required" not in compiled.schema
        assert compiled.fields["gap_doi"].required is False

    def test_computed_target(self):
        target = {"direction": ">=", "value": 100, "unit": "%", "baseline": None, "source": "seed 001, dòng 41"}
        doc = minimal({"type": "computed", "key": "ty_le", "label": "Tỷ lệ", "formula": "1", "target": target})
        compiled = compile_definition(doc)
        assert compiled.fields["ty_le"].target == Target(">=", 100, "%", None, "seed 001, dòng 41")
        assert str(compiled.fields["ty_le"].target) == "≥ 100%"
        assert compiled.schema["properties"]["ty_le"]["x-target"] == {
            "direction": ">=", "value": 100, "unit": "%", "source": "seed 001, dòng 41"}

    def test_free_table(self, example):
        schema = example.schema["properties"]["van_ban"]
        assert schema["type"] == ["array", "null"]
        assert schema["maxItems"] == 100
        assert "minItems" not in schema
        assert schema["items"]["required"] == ["ten"]
        assert schema["items"]["properties"]["ngay"] == {
            "title": "Ngày ban hành", "x-key": "ngay", "x-type": "date", "type": ["string", "null"], "format": "date"}
        assert schema["x-totals"] == ["so_trang"]
        assert "required" not in example.draft_schema["properties"]["van_ban"]["items"]

    def test_required_free_table_needs_rows(self):
        node = {"type": "table", "key": "t", "label": "T", "required": True, "min_rows": 3,
                "columns": [{"key": "a", "label": "A", "type": "text"}]}
        assert compiled_field(node)["minItems"] == 3
        assert compiled_field({**node, "min_rows": 0})["minItems"] == 1
        assert "minItems" not in compiled_field(node, complete=False)
        assert compiled_field(node)["maxItems"] == Limits().max_table_rows

    def test_fixed_table(self, example):
        schema = example.schema["properties"]["can_bo"]
        assert schema["type"] == "object"  # a required column makes every fixed row required
        assert schema["required"] == ["cap_tinh", "cap_xa"]
        assert schema["properties"]["cap_xa"]["title"] == "Cấp xã"
        assert schema["properties"]["cap_xa"]["required"] == ["so_nguoi"]
        assert example.schema["required"] == ["phan_ii", "can_bo"]
        draft = example.draft_schema["properties"]["can_bo"]
        assert draft["type"] == ["object", "null"] and "required" not in draft

    def test_self_assessment_expands_into_five_fields(self, example):
        keys = [f"danh_gia__{part}" for part in ("uu_diem", "han_che", "nguyen_nhan", "giai_phap", "trach_nhiem")]
        section = example.schema["properties"]["danh_gia"]
        assert list(section["properties"]) == keys
        assert [section["properties"][k]["title"] for k in keys] == [
            "Ưu điểm", "Hạn chế", "Nguyên nhân", "Giải pháp", "Trách nhiệm"]
        assert (section["title"], section["x-number"], section["x-block"]) == ("Đánh giá chung", "III.", "danh_gia")
        field = example.fields["danh_gia__han_che"]
        assert (field.type, field.multiline, field.path, field.block) == (
            "text", True, ("danh_gia", "danh_gia__han_che"), "danh_gia")

    def test_required_self_assessment_requires_all_five(self):
        compiled = compile_definition(minimal({"type": "self_assessment", "key": "dg", "required": True}))
        assert compiled.schema["properties"]["dg"]["required"] == [
            "dg__uu_diem", "dg__han_che", "dg__nguyen_nhan", "dg__giai_phap", "dg__trach_nhiem"]
        assert compiled.sections["dg"].title == "Tự đánh giá"


class TestWholeForm:
    def test_schemas_are_valid_2020_12(self, example):
        Draft202012Validator.check_schema(example.schema)
        Draft202012Validator.check_schema(example.draft_schema)
        assert example.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_header(self, example):
        assert (example.code, example.kind, example.title) == (
            "PL-II-1", "appendix", "Kết quả chuyển đổi số trong công tác văn bản")
        assert example.schema["x-code"] == "PL-II-1"
        assert example.schema["description"] == "Số liệu tính đến hết kỳ báo cáo."

    def test_sections_nest_data(self, example):
        phan_ii = example.schema["properties"]["phan_ii"]
        assert (phan_ii["x-number"], phan_ii["description"]) == ("II.", "Nêu số liệu cụ thể, có minh chứng.")
        assert phan_ii["required"] == ["muc_1", "noi_dung"]
        assert phan_ii["properties"]["muc_1"]["required"] == ["tong_so_van_ban", "so_van_ban_dien_tu"]
        assert phan_ii["additionalProperties"] is False

    def test_draft_schema_requires_nothing(self, example):
        nodes = list(walk_schema(example.draft_schema))
        assert len(nodes) > 40
        for node in nodes:
            if node.get("x-type") != "file":
                assert "required" not in node and "minItems" not in node and "minLength" not in node

    def test_field_index(self, example):
        info = example.fields["so_van_ban_dien_tu"]
        assert info.path == ("phan_ii", "muc_1", "so_van_ban_dien_tu")
        assert info.numbering == ("II.", "1.")
        assert (info.label, info.type, info.unit, info.integer, info.required) == (
            "Số văn bản điện tử", "number", "văn bản", True, True)
        assert example.fields["hinh_thuc"].options == (Option("truc_tuyen", "Trực tuyến"), Option("truc_tiep", "Trực tiếp"))
        assert example.fields["can_bo"].rows == (RowInfo("cap_tinh", "Cấp tỉnh"), RowInfo("cap_xa", "Cấp xã"))
        assert example.fields["can_bo"].column("so_nguoi") == ColumnInfo(
            "so_nguoi", "Số người", "integer", unit="người", minimum=0, required=True, total=True)
        assert example.fields["van_ban"].fixed_rows is False
        assert "phan_ii" not in example.fields and example.sections["phan_ii"].number == "II."

    def test_fields_keep_document_order(self, example):
        assert list(example.fields)[:4] == ["tong_so_van_ban", "so_van_ban_dien_tu", "ty_le_dien_tu", "noi_dung"]
        orders = [info.order for info in example.fields.values()]
        assert orders == sorted(orders)

    def test_layout(self, example):
        assert [(n.kind, n.key) for n in example.layout] == [
            ("section", "phan_ii"), ("field", "van_ban"), ("field", "can_bo"), ("field", "ty_le_dao_tao"),
            ("section", "danh_gia")]
        muc_1 = example.layout[0].children[0]
        assert (muc_1.title, muc_1.number) == ("Văn bản điện tử", "1.")
        assert [child.field.key for child in muc_1.children] == [
            "tong_so_van_ban", "so_van_ban_dien_tu", "ty_le_dien_tu"]
        assert example.layout[-1].block == "danh_gia"

    def test_formulas_in_dependency_order(self):
        doc = minimal(
            {"type": "computed", "key": "c", "label": "C", "formula": "b + 1"},
            {"type": "computed", "key": "b", "label": "B", "formula": "a * 2"},
            {"type": "number", "key": "a", "label": "A"},
            {"type": "computed", "key": "d", "label": "D", "formula": "c + b"},
        )
        formulas = compile_definition(doc).formulas
        assert list(formulas) == ["b", "c", "d"]
        assert formulas["d"].dependencies == {"c", "b"}
        assert formulas["c"].text == "b + 1"

    def test_bad_definition_raises_with_every_problem(self):
        with pytest.raises(DefinitionError) as caught:
            compile_definition(minimal({"type": "table", "key": "t", "label": "T", "columns": []},
                                       {"type": "computed", "key": "x", "label": "X", "formula": "y"}))
        assert [p.message for p in caught.value.problems] == [
            "Bảng “t” chưa có cột nào", "Công thức của “x” dùng trường không tồn tại: “y”"]

    def test_limits_are_applied(self):
        with pytest.raises(DefinitionError, match="vượt giới hạn 1 trường"):
            compile_definition(example_definition(), limits=Limits(max_fields=1))
