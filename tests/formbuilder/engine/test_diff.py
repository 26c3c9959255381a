"""Readable differences between two definition versions, matched by key."""
import copy

from formbuilder.engine import Change, diff_definitions

from .definitions import example_definition


def changed(edit):
    """Return the (kind, key, description) of each change made by ``edit`` on a copy of the example."""
    old = example_definition()
    new = copy.deepcopy(old)
    edit(new)
    return [(c.kind, c.key, c.description) for c in diff_definitions(old, new)]


def muc_1(doc):
    return doc["items"][0]["children"][0]["children"]


def test_identical_versions_have_no_change():
    assert diff_definitions(example_definition(), example_definition()) == []


def test_field_added_into_a_numbered_section():
    def edit(doc):
        muc_1(doc).append({"type": "number", "key": "so_nguoi", "label": "Số người", "integer": True})

    assert changed(edit) == [("added", "so_nguoi", "Thêm trường “Số người” (so_nguoi) vào mục II.1")]


def test_section_and_table_added_and_removed():
    def edit(doc):
        doc["items"].insert(1, {"type": "section", "key": "phan_iii", "number": "III.", "title": "Phương hướng",
                                "children": []})
        del doc["items"][2]  # van_ban

    assert changed(edit) == [
        ("added", "phan_iii", "Thêm mục “Phương hướng” (phan_iii) vào cấp ngoài cùng của biểu mẫu"),
        ("removed", "van_ban", "Bỏ bảng “Danh mục văn bản” (van_ban) khỏi cấp ngoài cùng của biểu mẫu"),
    ]


def test_removed_field_names_its_old_section():
    assert changed(lambda doc: muc_1(doc).pop(0)) == [
        ("removed", "tong_so_van_ban", "Bỏ trường “Tổng số văn bản” (tong_so_van_ban) khỏi mục II.1"),
        ]


def test_moved_by_key():
    def edit(doc):
        doc["items"][0]["children"][0]["children"].append(doc["items"][0]["children"].pop(1))

    assert changed(edit) == [("moved", "noi_dung", "Chuyển trường “Nội dung” (noi_dung) từ mục II sang mục II.1")]


def test_reordering_within_a_section_is_not_a_change():
    assert changed(lambda doc: muc_1(doc).reverse()) == []


def test_label_number_required_unit_help():
    def edit(doc):
        field = muc_1(doc)[0]
        field.update(label="Tổng số văn bản đã ban hành", required=False, unit="bản", help="Kể cả văn bản mật")
        doc["items"][0]["number"] = "III."
        doc["items"][0]["title"] = "Kết quả"

    assert changed(edit) == [
        ("label", "phan_ii", "Đổi tên mục (phan_ii): “Kết quả thực hiện” → “Kết quả”"),
        ("number", "phan_ii", "Đổi số thứ tự của “Kết quả” (phan_ii): “II.” → “III.”"),
        ("label", "tong_so_van_ban", "Đổi nhãn (tong_so_van_ban): “Tổng số văn bản” → “Tổng số văn bản đã ban hành”"),
        ("required", "tong_so_van_ban",
         "Trường “Tổng số văn bản đã ban hành” (tong_so_van_ban) không còn bắt buộc"),
        ("unit", "tong_so_van_ban",
         "Đổi đơn vị tính của “Tổng số văn bản đã ban hành” (tong_so_van_ban): “văn bản” → “bản”"),
        ("help", "tong_so_van_ban", "Đổi hướng dẫn của “Tổng số văn bản đã ban hành” (tong_so_van_ban)"),
    ]


def test_type_change_hides_type_specific_details():
    def edit(doc):
        doc["items"][0]["children"][1] = {"type": "choice", "key": "noi_dung", "label": "Nội dung",
                                          "options": [{"value": "a", "label": "A"}]}

    assert changed(edit) == [("type", "noi_dung", "Đổi kiểu của “Nội dung” (noi_dung): văn bản → lựa chọn")]


def test_options_formula_constraints_and_target():
    def edit(doc):
        options = doc["items"][0]["children"][2]["options"]
        options[0]["label"] = "Trực tuyến (họp trực tuyến)"
        options.pop(1)
        options.append({"value": "ket_hop", "label": "Kết hợp"})
        muc_1(doc)[2]["formula"] = "so_van_ban_dien_tu / tong_so_van_ban"
        muc_1(doc)[2]["target"] = {"direction": ">=", "value": 90, "unit": "%"}
        muc_1(doc)[0]["maximum"] = 10000
        doc["items"][0]["children"][1]["max_length"] = 4000

    assert changed(edit) == [
        ("constraints", "tong_so_van_ban",
         "Đổi ràng buộc của “Tổng số văn bản” (tong_so_van_ban): giá trị lớn nhất (không có) → 10000"),
        ("formula", "ty_le_dien_tu", "Đổi công thức của “Tỷ lệ văn bản điện tử” (ty_le_dien_tu): "
                                     "“so_van_ban_dien_tu / tong_so_van_ban * 100” → “so_van_ban_dien_tu / tong_so_van_ban”"),
        ("target", "ty_le_dien_tu", "Đổi chỉ tiêu phấn đấu của “Tỷ lệ văn bản điện tử” (ty_le_dien_tu): "
                                    "(không có) → ≥ 90%"),
        ("constraints", "noi_dung", "Đổi ràng buộc của “Nội dung” (noi_dung): độ dài tối đa 2000 → 4000"),
        ("options", "hinh_thuc", "Đổi phương án của “Hình thức” (hinh_thuc): thêm “Kết hợp” (ket_hop); "
                                 "bỏ “Trực tiếp” (truc_tiep); đổi nhãn (truc_tuyen): “Trực tuyến” → "
                                 "“Trực tuyến (họp trực tuyến)”"),
    ]


def test_table_columns_rows_and_totals():
    def edit(doc):
        van_ban, can_bo = doc["items"][1], doc["items"][2]
        van_ban["columns"][2].update(label="Số trang văn bản", type="number")
        van_ban["columns"].pop(3)
        van_ban["columns"].append({"key": "ghi_chu", "label": "Ghi chú", "type": "text"})
        can_bo["rows"]["fixed"][1]["label"] = "Cấp xã, phường"
        can_bo["rows"]["fixed"].append({"key": "cap_huyen", "label": "Cấp huyện"})
        can_bo["totals"] = ["so_nguoi"]

    assert changed(edit) == [
        ("columns", "van_ban", "Đổi cột của bảng “Danh mục văn bản” (van_ban): thêm cột “Ghi chú” (ghi_chu); "
                               "bỏ cột “Loại” (loai); đổi cột “Số trang văn bản” (so_trang): "
                               "nhãn “Số trang” → “Số trang văn bản”, kiểu “số nguyên” → “số”"),
        ("rows", "can_bo", "Đổi dòng của bảng “Cán bộ theo cấp” (can_bo): thêm dòng “Cấp huyện” (cap_huyen); "
                           "đổi nhãn dòng (cap_xa): “Cấp xã” → “Cấp xã, phường”"),
        ("totals", "can_bo", "Đổi dòng tổng cộng của bảng “Cán bộ theo cấp” (can_bo): bỏ tổng cột “da_dao_tao”"),
    ]


def test_free_rows_become_fixed():
    def edit(doc):
        doc["items"][1]["rows"] = {"fixed": [{"key": "nq", "label": "Nghị quyết"}]}
        del doc["items"][1]["max_rows"]

    assert changed(edit) == [
        ("rows", "van_ban", "Đổi dòng của bảng “Danh mục văn bản” (van_ban): chuyển sang dòng cố định"),
        ("constraints", "van_ban", "Đổi ràng buộc của “Danh mục văn bản” (van_ban): số dòng tối đa 100 → (không có)"),
    ]


def test_self_assessment_block_is_one_change():
    def edit(doc):
        doc["items"][-1]["title"] = "Tự đánh giá"
        doc["items"].append({"type": "self_assessment", "key": "danh_gia_2", "number": "IV."})

    assert changed(edit) == [
        ("label", "danh_gia", "Đổi tên mục (danh_gia): “Đánh giá chung” → “Tự đánh giá”"),
        ("added", "danh_gia_2", "Thêm khối tự đánh giá “Tự đánh giá” (danh_gia_2) vào cấp ngoài cùng của biểu mẫu"),
    ]


def test_form_header_changes():
    def edit(doc):
        doc["title"] = "Phụ lục II-1"
        doc["description"] = "Mới"

    changes = diff_definitions(example_definition(), {**example_definition(), "title": "Phụ lục II-1",
                                                      "description": "Mới"})
    assert changed(edit) == [
        ("form", None, "Đổi tên biểu mẫu: “Kết quả chuyển đổi số trong công tác văn bản” → “Phụ lục II-1”"),
        ("form", None, "Đổi mô tả biểu mẫu"),
    ]
    assert changes[0] == Change("form", None, "Phụ lục II-1", changes[0].description,
                                "Kết quả chuyển đổi số trong công tác văn bản", "Phụ lục II-1")
    assert str(changes[1]) == "Đổi mô tả biểu mẫu"
