"""Small explicit definitions and helpers shared by the renderer tests."""
from __future__ import annotations

import json
from pathlib import Path

from formbuilder.engine import compile_definition

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "definitions"
FIXTURE_CODES = sorted(p.stem for p in FIXTURES.glob("*.json"))
APPENDIX_CODES = [code for code in FIXTURE_CODES if code.startswith("PL-")]
OUTLINE_CODE = "DC-TKT-DOT2-2026"


def fixture(code: str):
    """Return the compiled fixture definition ``code`` (fixtures/definitions/<code>.json)."""
    return compile_definition(json.loads((FIXTURES / f"{code}.json").read_text(encoding="utf-8")))


def every_type_definition() -> dict:
    """Return a definition with one field of every type, a free and a fixed table, and computed values."""
    return {
        "format": "baocao.form/1",
        "code": "TEST-ALL",
        "kind": "appendix",
        "title": "Biểu mẫu thử mọi loại trường",
        "items": [
            {"type": "section", "key": "phan_ii", "number": "II.", "title": "Kết quả thực hiện",
             "guidance": "Nêu số liệu cụ thể.\n- Có minh chứng.",
             "children": [
                 {"type": "section", "key": "muc_1", "number": "1.", "title": "Văn bản điện tử",
                  "children": [
                      {"type": "number", "key": "so_van_ban", "label": "Số văn bản", "integer": True,
                       "minimum": 0, "unit": "văn bản", "required": True, "help": "Tính cả văn bản mật."},
                      {"type": "number", "key": "so_dien_tu", "label": "Số văn bản điện tử", "integer": True,
                       "minimum": 0, "unit": "văn bản"},
                      {"type": "computed", "key": "ty_le", "label": "Tỷ lệ văn bản điện tử",
                       "formula": "so_dien_tu / so_van_ban * 100", "unit": "%", "decimals": 1},
                  ]},
                 {"type": "section", "key": "muc_2", "number": "2.", "title": "Thông tin khác",
                  "children": [
                      {"type": "text", "key": "noi_dung", "label": "Nội dung", "multiline": True,
                       "number": "a)", "required": True, "max_length": 2000},
                      {"type": "text", "key": "ten_don_vi", "label": "Tên đơn vị", "number": "b)"},
                      {"type": "number", "key": "kinh_phi", "label": "Kinh phí", "unit": "triệu đồng"},
                      {"type": "choice", "key": "hinh_thuc", "label": "Hình thức",
                       "options": [{"value": "truc_tuyen", "label": "Trực tuyến"},
                                   {"value": "truc_tiep", "label": "Trực tiếp"}]},
                      {"type": "choice", "key": "linh_vuc", "label": "Lĩnh vực", "multiple": True,
                       "options": [{"value": "kiem_tra", "label": "Kiểm tra"},
                                   {"value": "giam_sat", "label": "Giám sát"},
                                   {"value": "ky_luat", "label": "Kỷ luật"}]},
                      {"type": "boolean", "key": "co_ke_hoach", "label": "Đã ban hành kế hoạch"},
                      {"type": "date", "key": "ngay_ban_hanh", "label": "Ngày ban hành"},
                      {"type": "file", "key": "minh_chung", "label": "Tài liệu minh chứng"},
                  ]},
                 {"type": "self_assessment", "key": "tu_danh_gia", "number": "3.", "title": "Tự đánh giá"},
             ]},
            {"type": "table", "key": "van_ban", "label": "Danh mục văn bản", "rows": "free",
             "columns": [
                 {"key": "ten", "label": "Tên văn bản", "type": "text", "required": True},
                 {"key": "ngay", "label": "Ngày ban hành", "type": "date"},
                 {"key": "so_trang", "label": "Số trang", "type": "integer", "minimum": 0},
                 {"key": "kinh_phi", "label": "Kinh phí", "type": "number", "unit": "triệu đồng"},
                 {"key": "loai", "label": "Loại", "type": "choice",
                  "options": [{"value": "nq", "label": "Nghị quyết"}, {"value": "kh", "label": "Kế hoạch"}]},
                 {"key": "da_so_hoa", "label": "Đã số hóa", "type": "boolean"},
             ],
             "max_rows": 3, "totals": ["so_trang", "kinh_phi"]},
            {"type": "table", "key": "can_bo", "label": "Cán bộ theo cấp",
             "rows": {"fixed": [{"key": "cap_tinh", "label": "Cấp tỉnh"}, {"key": "cap_xa", "label": "Cấp xã"}]},
             "columns": [
                 {"key": "tong_so", "label": "Tổng số", "type": "integer", "minimum": 0, "required": True},
                 {"key": "nu", "label": "Nữ", "type": "integer", "minimum": 0},
             ],
             "totals": ["tong_so"]},
            {"type": "computed", "key": "so_van_ban_ke", "label": "Số văn bản đã kê", "formula": "count(van_ban)"},
            {"type": "computed", "key": "ty_le_nu_tinh", "label": "Tỷ lệ nữ cấp tỉnh",
             "formula": "can_bo.cap_tinh.nu / can_bo.cap_tinh.tong_so * 100", "unit": "%", "decimals": 2},
        ],
    }


def every_type():
    """Return the compiled :func:`every_type_definition`."""
    return compile_definition(every_type_definition())
