"""The designer's conversion StreamField ⇄ definition items: pure functions, no database."""
import json

import pytest

from formbuilder.demo import DEFINITIONS_DIR
from formbuilder.designer import (
    MAX_SECTION_LEVELS, DesignError, describe_path, document_with_items, items_to_stream, node_keys, slug,
    stream_to_items, stream_with_keys, suggest_key,
)

FIXTURES = sorted(DEFINITIONS_DIR.glob("*.json"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_fixture_is_there():
    assert len(FIXTURES) >= 16 and any(p.name == "DC-TKT-DOT2-2026.json" for p in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_document_to_stream_to_document_is_identity(path):
    document = load(path)
    stream = json.loads(json.dumps(items_to_stream(document["items"])))  # as stored: plain JSON
    assert stream_to_items(stream) == document["items"]
    assert document_with_items(document, stream_to_items(stream)) == document


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_identity_holds_through_wagtail_blocks(path):
    """The stream as Wagtail reads and writes it back (block values, list item ids) keeps the items."""
    from formbuilder.blocks import form_body_block

    block = form_body_block()
    items = load(path)["items"]
    value = block.to_python(items_to_stream(items))
    assert stream_to_items(json.loads(json.dumps(block.get_prep_value(value)))) == items


def test_the_outline_needs_five_section_levels():
    deepest = 0

    def depth(nodes, level):
        nonlocal deepest
        for node in nodes:
            if node["type"] == "section":
                deepest = max(deepest, level)
                depth(node["children"], level + 1)

    depth(load(DEFINITIONS_DIR / "DC-TKT-DOT2-2026.json")["items"], 1)
    assert deepest == MAX_SECTION_LEVELS == 5


def test_a_deeper_definition_is_refused_with_a_reason():
    node = {"type": "text", "key": "t", "label": "Nội dung"}
    for level in range(MAX_SECTION_LEVELS + 1, 0, -1):
        node = {"type": "section", "key": f"m{level}", "number": f"{level}.", "title": f"Mục {level}",
                "children": [node]}
    with pytest.raises(DesignError, match="lồng quá 5 cấp"):
        items_to_stream([node])


def test_an_unknown_node_type_is_refused():
    with pytest.raises(DesignError, match="không hỗ trợ"):
        items_to_stream([{"type": "ngay", "key": "n", "label": "Ngày"}])


def test_slugs_fold_vietnamese_and_start_with_a_letter():
    assert slug("Số văn bản điện tử", fallback="truong") == "so_van_ban_dien_tu"
    assert slug("Đảng ủy, HĐND (2025–2030)", fallback="truong") == "dang_uy_hdnd_2025_2030"
    assert slug("2.1. Kết quả", fallback="muc") == "muc_2_1_ket_qua"
    assert slug("", fallback="truong") == "truong"
    long = slug("Kết quả thực hiện nhiệm vụ chuyển đổi số trong các cơ quan đảng ở cấp xã", fallback="t")
    assert len(long) <= 40 and long.startswith("ket_qua_thuc_hien") and not long.endswith("_")


def test_suggested_keys_never_collide():
    taken = {"so_nguoi"}
    assert suggest_key("Số người", taken) == "so_nguoi_2"
    assert suggest_key("Số người", taken) == "so_nguoi_3"
    assert {"so_nguoi_2", "so_nguoi_3"} <= taken


def raw_stream(items):
    return json.loads(json.dumps(items_to_stream(items)))


def test_blank_keys_are_filled_and_written_ones_kept():
    items = [
        {"type": "section", "key": "", "number": "I.", "title": "Kết quả", "children": [
            {"type": "number", "key": "", "label": "Kết quả", "integer": True},
            {"type": "self_assessment", "key": "", "number": "2.", "title": "Tự đánh giá"},
            {"type": "choice", "key": "muc_do", "label": "Mức độ", "multiple": False,
             "options": [{"value": "", "label": "Tốt"}, {"value": "tot", "label": "Rất tốt"}]},
            {"type": "table", "key": "", "label": "Biên chế", "rows": {"fixed": [
                {"key": "", "label": "Cấp tỉnh"}, {"key": "", "label": "Cấp xã"}]}, "totals": [],
             "columns": [{"key": "", "label": "Số người", "type": "integer"},
                         {"key": "", "label": "Số người", "type": "integer"}]},
        ]},
        {"type": "text", "key": "ket_qua", "label": "Ghi chú", "multiline": True},
    ]
    filled = stream_to_items(raw_stream(items))
    section = filled[0]
    assert section["key"] == "ket_qua_2"  # "ket_qua" is written further down and stays there
    assert [c["key"] for c in section["children"]] == ["ket_qua_3", "tu_danh_gia", "muc_do", "bien_che"]
    assert [o["value"] for o in section["children"][2]["options"]] == ["tot_2", "tot"]
    table = section["children"][3]
    assert [r["key"] for r in table["rows"]["fixed"]] == ["cap_tinh", "cap_xa"]
    assert [c["key"] for c in table["columns"]] == ["so_nguoi", "so_nguoi_2"]
    assert filled[1]["key"] == "ket_qua"


def test_stream_with_keys_leaves_its_input_alone_and_is_stable():
    stream = raw_stream([{"type": "date", "key": "", "label": "Ngày báo cáo"}])
    once = stream_with_keys(stream)
    assert stream[0]["value"]["key"] == "" and once[0]["value"]["key"] == "ngay_bao_cao"
    once[0]["value"]["label"] = "Ngày lập báo cáo"  # relabelled later: the key stays
    assert stream_to_items(stream_with_keys(once))[0]["key"] == "ngay_bao_cao"


def test_attributes_are_written_only_when_they_hold_something():
    items = stream_to_items(raw_stream([
        {"type": "number", "key": "so", "label": "Số"},
        {"type": "computed", "key": "ty_le", "label": "Tỷ lệ", "formula": "so * 2"},
    ]))
    assert items == [
        {"type": "number", "key": "so", "label": "Số", "integer": False},
        {"type": "computed", "key": "ty_le", "label": "Tỷ lệ", "formula": "so * 2"},
    ]


def test_numbers_come_back_as_the_definition_writes_them():
    stream = raw_stream([{"type": "number", "key": "nam", "label": "Năm", "integer": True, "minimum": 2025,
                          "maximum": 2030.5}])
    stream[0]["value"]["minimum"] = 2025.0  # what a FloatBlock hands back
    assert stream_to_items(stream)[0]["minimum"] == 2025 and isinstance(stream_to_items(stream)[0]["minimum"], int)
    assert stream_to_items(stream)[0]["maximum"] == 2030.5


def test_old_style_list_values_are_read_too():
    stream = raw_stream([{"type": "choice", "key": "c", "label": "Chọn", "multiple": True,
                          "options": [{"value": "a", "label": "A"}]}])
    stream[0]["value"]["options"] = [{"value": "a", "label": "A"}]  # a ListBlock value without item wrappers
    assert stream_to_items(stream)[0]["options"] == [{"value": "a", "label": "A"}]


def test_extension_properties_are_carried_over_by_key():
    document = {"format": "baocao.form/1", "code": "X", "kind": "outline", "title": "X", "source": "seed",
                "items": [{"type": "text", "key": "a", "label": "A", "multiline": True, "x-ghi-chu": "giữ"}]}
    items = stream_to_items(raw_stream(document["items"]))
    assert "x-ghi-chu" not in items[0]
    result = document_with_items(document, items)
    assert result["items"][0]["x-ghi-chu"] == "giữ" and result["source"] == "seed"


def test_node_keys_walks_sections():
    items = load(DEFINITIONS_DIR / "PL-II-1.json")["items"]
    assert node_keys(items)[0] == items[0]["key"]
    assert node_keys([{"type": "section", "key": "s", "children": [{"type": "date", "key": "d"}]}]) == ["s", "d"]


def test_problem_paths_are_told_in_words():
    document = {"items": [{"type": "section", "key": "p1", "number": "I.", "title": "Kết quả", "children": [
        {"type": "table", "key": "bang", "label": "Danh mục", "columns": [{"key": "ten", "label": "Tên"}],
         "rows": {"fixed": [{"key": "r", "label": "Cấp tỉnh"}]}}]}]}
    assert describe_path(document, "items[0].children[0].columns[0].key") == \
        "Mục “I. Kết quả” › Bảng “Danh mục” › cột “Tên” › khóa"
    assert describe_path(document, "items[0].children[0].rows.fixed[0]") == \
        "Mục “I. Kết quả” › Bảng “Danh mục” › dòng “Cấp tỉnh”"
    assert describe_path(document, "") == "Biểu mẫu"
    assert describe_path(document, "items[5].key") == "nội dung thứ 6 › khóa"
