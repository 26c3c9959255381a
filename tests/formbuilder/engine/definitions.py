"""Small explicit definition documents shared by the engine tests."""
from __future__ import annotations


def example_definition() -> dict:
    """Return a fresh definition using every node type: the shape of Phụ lục II.1 in seed 002."""
    return {
        "format": "baocao.form/1",
        "code": "PL-II-1",
        "kind": "appendix",
        "title": "Kết quả chuyển đổi số trong công tác văn bản",
        "description": "Số liệu tính đến hết kỳ báo cáo.",
        "items": [
            {"type": "section", "key": "phan_ii", "number": "II.", "title": "Kết quả thực hiện",
             "guidance": "Nêu số liệu cụ thể, có minh chứng.",
             "children": [
                 {"type": "section", "key": "muc_1", "number": "1.", "title": "Văn bản điện tử",
                  "children": [
                      {"type": "number", "key": "tong_so_van_ban", "label": "Tổng số văn bản",
                       "integer": True, "minimum": 0, "unit": "văn bản", "required": True},
                      {"type": "number", "key": "so_van_ban_dien_tu", "label": "Số văn bản điện tử",
                       "integer": True, "minimum": 0, "unit": "văn bản", "required": True},
                      {"type": "computed", "key": "ty_le_dien_tu", "label": "Tỷ lệ văn bản điện tử",
                       "formula": "so_van_ban_dien_tu / tong_so_van_ban * 100", "unit": "%", "decimals": 2},
                  ]},
                 {"type": "text", "key": "noi_dung", "label": "Nội dung", "multiline": True,
                  "max_length": 2000, "required": True},
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
            {"type": "table", "key": "van_ban", "label": "Danh mục văn bản", "rows": "free",
             "columns": [
                 {"key": "ten", "label": "Tên văn bản", "type": "text", "required": True, "max_length": 500},
                 {"key": "ngay", "label": "Ngày ban hành", "type": "date"},
                 {"key": "so_trang", "label": "Số trang", "type": "integer", "minimum": 0},
                 {"key": "loai", "label": "Loại", "type": "choice",
                  "options": [{"value": "nq", "label": "Nghị quyết"}, {"value": "kh", "label": "Kế hoạch"}]},
             ],
             "max_rows": 100, "totals": ["so_trang"]},
            {"type": "table", "key": "can_bo", "label": "Cán bộ theo cấp",
             "rows": {"fixed": [{"key": "cap_tinh", "label": "Cấp tỉnh"},
                                {"key": "cap_xa", "label": "Cấp xã"}]},
             "columns": [
                 {"key": "so_nguoi", "label": "Số người", "type": "integer", "minimum": 0,
                  "unit": "người", "required": True},
                 {"key": "da_dao_tao", "label": "Đã đào tạo", "type": "integer", "minimum": 0, "unit": "người"},
             ],
             "totals": ["so_nguoi", "da_dao_tao"]},
            {"type": "computed", "key": "ty_le_dao_tao", "label": "Tỷ lệ cán bộ đã đào tạo",
             "formula": "sum(can_bo.da_dao_tao) / sum(can_bo.so_nguoi) * 100", "unit": "%", "decimals": 1},
            {"type": "self_assessment", "key": "danh_gia", "number": "III.", "title": "Đánh giá chung"},
        ],
    }


def example_data() -> dict:
    """Return a complete, valid submission of :func:`example_definition`."""
    return {
        "phan_ii": {
            "muc_1": {"tong_so_van_ban": 200, "so_van_ban_dien_tu": 150},
            "noi_dung": "Đã triển khai phần mềm quản lý văn bản.",
            "hinh_thuc": "truc_tuyen",
            "linh_vuc": ["kiem_tra", "giam_sat"],
            "co_ke_hoach": True,
            "ngay_ban_hanh": "2026-03-30",
            "minh_chung": {"name": "ke-hoach.pdf", "ref": "uploads/2026/ke-hoach.pdf", "size": 12345},
        },
        "van_ban": [
            {"ten": "Kế hoạch 08-KH", "ngay": "2026-03-30", "so_trang": 12, "loai": "kh"},
            {"ten": "Nghị quyết 57", "so_trang": 8},
        ],
        "can_bo": {"cap_tinh": {"so_nguoi": 40, "da_dao_tao": 30}, "cap_xa": {"so_nguoi": 60, "da_dao_tao": 45}},
        "danh_gia": {"danh_gia__uu_diem": "Chủ động.", "danh_gia__han_che": "Còn chậm."},
    }


def minimal(*items, **header) -> dict:
    """Return a definition document holding just ``items``."""
    return {"format": "baocao.form/1", "code": "T-1", "kind": "outline", "title": "Thử", **header,
            "items": list(items)}
