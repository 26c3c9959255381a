"""Reading an indicator's value from submission data by its field key, whatever the field's kind."""
from formbuilder.engine import compile_definition
from indicators.engine.sources import Source, SourceKind, extract_values

DOCUMENT = {
    "format": "baocao.form/1", "code": "BCT-THU", "kind": "kpi_set", "title": "Thử", "items": [
        {"type": "section", "key": "a", "title": "A", "children": [
            {"type": "number", "key": "dat", "label": "Đạt"},
            {"type": "number", "key": "tong", "label": "Tổng"},
            {"type": "computed", "key": "ty_le", "label": "Tỷ lệ", "formula": "dat / tong * 100"},
            {"type": "boolean", "key": "co", "label": "Có"},
            {"type": "choice", "key": "loai", "label": "Loại", "multiple": True,
             "options": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}]},
            {"type": "table", "key": "bang", "label": "Bảng", "columns": [
                {"key": "ten", "label": "Tên", "type": "text"},
                {"key": "so", "label": "Số", "type": "integer"},
                {"key": "xong", "label": "Xong", "type": "boolean"}]},
        ]}]}


def test_every_kind_of_source():
    compiled = compile_definition(DOCUMENT)
    data = {"a": {"dat": 3, "tong": 0, "co": False, "loai": ["y"],
                  "bang": [{"ten": "a", "so": 2, "xong": True}, {"ten": "b", "so": 5}, {}]}}
    sources = [Source("dat", SourceKind.NUMBER, "dat"), Source("ty_le", SourceKind.NUMBER, "ty_le"),
               Source("co", SourceKind.YES_NO, "co"), Source("y", SourceKind.CHOICE, "loai", choice_value="y"),
               Source("x", SourceKind.CHOICE, "loai", choice_value="x"),
               Source("so", SourceKind.COLUMN_SUM, "bang", column_key="so"),
               Source("xong", SourceKind.COLUMN_SUM, "bang", column_key="xong"),
               Source("dong", SourceKind.ROW_COUNT, "bang"), Source("mat", SourceKind.NUMBER, "khong_co")]
    assert extract_values(compiled, data, sources) == {
        "dat": 3.0, "co": 0.0, "y": 1.0, "x": 0.0, "so": 7.0, "xong": 1.0, "dong": 2.0}  # ty_le: 3 ÷ 0 undefined


def test_empty_fields_give_no_value():
    compiled = compile_definition(DOCUMENT)
    assert extract_values(compiled, {}, [Source("dat", SourceKind.NUMBER, "dat"),
                                         Source("dong", SourceKind.ROW_COUNT, "bang"),
                                         Source("loai", SourceKind.CHOICE, "loai", choice_value="x")]) == {}
