"""The pure section scope: which data a unit drafts when parts are split below the top level."""
from formbuilder.engine import compile_definition
from formbuilder.rounds.sections import SectionScope, carve_outs, review_parts, scope_for, split_problems, title_of
from formbuilder.rounds.wizard import form_class_for_step, step_comments, steps_for, with_step_values

from .conftest import BOARD, INSPECTION, NESTED_ITEMS

COMPILED = compile_definition({"format": "baocao.form/1", "code": "DC-LONG", "kind": "outline",
                               "title": "Đề cương thử", "items": NESTED_ITEMS})
CARVED = carve_outs(COMPILED, {"A": ["phan_i", "phan_iii", "phan_iv"], "B": ["muc_3_4", "muc_4_10"]})
BOARD_SCOPE = scope_for(COMPILED, ["phan_i", "phan_iii", "phan_iv"], CARVED["A"])
INSPECTION_SCOPE = scope_for(COMPILED, ["muc_3_4", "muc_4_10"], CARVED["B"])


def test_a_sub_section_given_to_another_unit_is_carved_out_of_the_part():
    assert CARVED == {"A": ["muc_3_4", "muc_4_10"], "B": []}
    assert BOARD_SCOPE == SectionScope((("phan_i",), ("phan_iii",), ("phan_iv",)),
                                       (("phan_iii", "muc_3_4"), ("phan_iv", "muc_4_10")))
    assert BOARD_SCOPE.covers(("phan_iii", "gioi_thieu")) and BOARD_SCOPE.covers(("phan_iii", "muc_3_1", "x"))
    assert not BOARD_SCOPE.covers(("phan_iii", "muc_3_4", "kiem_tra"))
    assert INSPECTION_SCOPE.covers(("phan_iii", "muc_3_4", "kiem_tra"))
    assert not INSPECTION_SCOPE.covers(("phan_iii", "gioi_thieu")) and not INSPECTION_SCOPE.covers(("phan_i",))
    assert INSPECTION_SCOPE.touches(("phan_iii",)) and not INSPECTION_SCOPE.touches(("phan_i",))


def test_one_units_data_never_overwrites_anothers_in_the_same_part():
    both = {**BOARD, "phan_iii": {**BOARD["phan_iii"], **INSPECTION["phan_iii"]},
            "phan_iv": {**BOARD["phan_iv"], **INSPECTION["phan_iv"]}}
    # The inspection committee posts its sections, and stray values elsewhere in part III: only its own land.
    posted = {"phan_iii": {"gioi_thieu": "GHI ĐÈ", "muc_3_4": {"kiem_tra": "Mới"}}}
    merged = INSPECTION_SCOPE.merge(both, posted)
    assert merged["phan_iii"]["gioi_thieu"] == "Tăng trưởng hai con số"
    assert merged["phan_iii"]["muc_3_4"] == {"kiem_tra": "Mới"}
    assert merged["phan_i"] == both["phan_i"]
    assert merged["phan_iv"] == BOARD["phan_iv"]  # its posted document has no IV.10 any more: cleared
    # The board saving part III leaves mục III.4 as the inspection committee wrote it.
    merged = BOARD_SCOPE.merge(both, {"phan_iii": {"gioi_thieu": "Sửa", "muc_3_4": {"kiem_tra": "GHI ĐÈ"}}})
    assert merged["phan_iii"] == {"gioi_thieu": "Sửa", "muc_3_4": both["phan_iii"]["muc_3_4"]}
    assert "phan_i" not in merged  # the board cleared its own part I
    assert INSPECTION_SCOPE.extract(both) == INSPECTION
    assert BOARD_SCOPE.extract(both) == BOARD


def test_overlapping_choices_are_refused_in_vietnamese():
    taken = {"phan_iii": "Đảng ủy UBND tỉnh", "muc_4_1": "Ban Tuyên giáo"}
    assert split_problems(COMPILED, keys=["muc_3_4"], taken=taken) == []  # carved out of part III
    assert split_problems(COMPILED, keys=["phan_iii"], taken={"muc_3_4": "UBKT"}) == []  # the part minus III.4
    assert split_problems(COMPILED, keys=["phan_iii"], taken=taken) == [
        "Phần đã được giao cho đơn vị khác: “III. Nhiệm vụ, giải pháp” (đã giao cho Đảng ủy UBND tỉnh)"]
    assert split_problems(COMPILED, keys=["phan_iii", "muc_3_4"], taken={}) == [
        "Phần “III.4. Công tác kiểm tra, giám sát” đã nằm trong phần “III. Nhiệm vụ, giải pháp” cũng được "
        "chọn; chỉ chọn một trong hai."]
    assert split_problems(COMPILED, keys=["phan_iv"], taken={"muc_4_1": "X", "muc_4_10": "Y"}) == [
        "Mọi mục của phần “IV. Nghị quyết 57” đã giao cho đơn vị khác; không còn gì để đơn vị này soạn."]
    assert split_problems(COMPILED, keys=["khong_co", "muc_3_4", "muc_3_4"], taken={}) == [
        "Biểu mẫu “DC-LONG” không có phần: khong_co", "Mỗi phần chỉ được chọn một lần: muc_3_4"]
    assert split_problems(COMPILED, keys=[], taken={}) == ["Cần chọn ít nhất một phần của đề cương."]


def test_the_wizard_shows_a_top_level_step_holding_only_the_units_sub_sections():
    steps = steps_for(COMPILED, INSPECTION_SCOPE)
    assert [(s.name, s.title, s.is_partial) for s in steps] == [
        ("phan_iii", "III. Nhiệm vụ, giải pháp", True), ("phan_iv", "IV. Nghị quyết 57", True)]
    form_class = form_class_for_step(COMPILED, steps[0])
    assert list(form_class.base_fields) == ["kiem_tra", "so_cuoc"]
    assert [n.key for n in form_class.layout] == ["phan_iii"]
    assert [c.key for c in form_class.layout[0].children] == ["muc_3_4"]
    board = steps_for(COMPILED, BOARD_SCOPE)
    assert [s.name for s in board] == ["phan_i", "phan_iii", "phan_iv"]
    assert list(form_class_for_step(COMPILED, board[1]).base_fields) == ["gioi_thieu", "chuong_trinh"]
    assert list(form_class_for_step(COMPILED, board[0]).base_fields) == ["tinh_hinh"]  # a whole part, as before
    # Saving the step keeps the rest of the unit's data (part IV) as it was.
    saved = with_step_values(INSPECTION, steps[0], {"phan_iii": {"muc_3_4": {"kiem_tra": "Mới"}}})
    assert saved == {"phan_iii": {"muc_3_4": {"kiem_tra": "Mới"}}, "phan_iv": INSPECTION["phan_iv"]}


def test_comments_go_per_assigned_section():
    assert [key for key, _ in review_parts(COMPILED, INSPECTION_SCOPE)] == ["muc_3_4", "muc_4_10"]
    assert [key for key, _ in review_parts(COMPILED, BOARD_SCOPE)] == ["phan_i", "phan_iii", "phan_iv"]
    assert [key for key, _ in review_parts(COMPILED, SectionScope())] == ["phan_i", "phan_iii", "phan_iv"]
    steps = steps_for(COMPILED, INSPECTION_SCOPE)
    comments = {"muc_3_4": "Nêu số cuộc", "muc_4_10": "Ghi số kế hoạch", "_chung": "Chung"}
    assert step_comments(COMPILED, steps[0], comments) == ["III.4. Công tác kiểm tra, giám sát: Nêu số cuộc"]
    assert step_comments(COMPILED, steps[1], comments) == ["IV.10. Kế hoạch kiểm tra: Ghi số kế hoạch"]
    assert title_of(COMPILED, "phan_iii") == "III. Nhiệm vụ, giải pháp"
