"""A small outline with nested sections, split as seed 002 part B.I splits its outline: the party board
drafts parts I, III and IV, the inspection committee mục III.4 and IV.10 inside them."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from formbuilder.rounds.models import Submission
from formbuilder.rounds.services import round_assign_sections, round_create, round_open

from ..rounds_helpers import fixed_rule, published_outline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OPEN = dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN)

NESTED_ITEMS = [
    {"type": "section", "key": "phan_i", "number": "I.", "title": "Khái quát", "children": [
        {"type": "text", "key": "tinh_hinh", "label": "Tình hình chung", "multiline": True, "required": True},
    ]},
    {"type": "section", "key": "phan_iii", "number": "III.", "title": "Nhiệm vụ, giải pháp", "children": [
        {"type": "text", "key": "gioi_thieu", "label": "Khái quát chung", "multiline": True, "required": True},
        {"type": "section", "key": "muc_3_1", "number": "1.", "title": "Chương trình hành động", "children": [
            {"type": "text", "key": "chuong_trinh", "label": "Kết quả xây dựng", "multiline": True,
             "required": True},
        ]},
        {"type": "section", "key": "muc_3_4", "number": "4.", "title": "Công tác kiểm tra, giám sát", "children": [
            {"type": "text", "key": "kiem_tra", "label": "Kết quả kiểm tra, giám sát", "multiline": True,
             "required": True},
            {"type": "number", "key": "so_cuoc", "label": "Số cuộc kiểm tra", "integer": True, "minimum": 0},
        ]},
    ]},
    {"type": "section", "key": "phan_iv", "number": "IV.", "title": "Nghị quyết 57", "children": [
        {"type": "section", "key": "muc_4_1", "number": "1.", "title": "Lãnh đạo, chỉ đạo", "children": [
            {"type": "text", "key": "lanh_dao", "label": "Kết quả", "multiline": True, "required": True},
        ]},
        {"type": "section", "key": "muc_4_10", "number": "10.", "title": "Kế hoạch kiểm tra", "children": [
            {"type": "text", "key": "ke_hoach", "label": "Kết quả thực hiện", "multiline": True, "required": True},
        ]},
    ]},
]

BOARD = {"phan_i": {"tinh_hinh": "Ổn định"},
         "phan_iii": {"gioi_thieu": "Tăng trưởng hai con số", "muc_3_1": {"chuong_trinh": "Đã ban hành"}},
         "phan_iv": {"muc_4_1": {"lanh_dao": "Đã quán triệt"}}}
INSPECTION = {"phan_iii": {"muc_3_4": {"kiem_tra": "Kiểm tra 6 tổ chức đảng", "so_cuoc": 6}},
              "phan_iv": {"muc_4_10": {"ke_hoach": "Ban hành kế hoạch năm 2026"}}}


@pytest.fixture
def nested_version(db):
    return published_outline(code="DC-LONG", items=NESTED_ITEMS)


def open_nested_round(tree, version, due_day=dt.date(2026, 4, 9), now=OPEN):
    """Province P consolidates; A (the party board) drafts I, III, IV; B (inspection) III.4 and IV.10."""
    round_ = round_create(code="long-nhau", title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                          rule=fixed_rule(due_day, grace_days=3), versions=[version], consolidating_unit=tree.P)
    round_assign_sections(round=round_, version=version, unit=tree.A, section_keys=["phan_i", "phan_iii", "phan_iv"])
    round_assign_sections(round=round_, version=version, unit=tree.B, section_keys=["muc_3_4", "muc_4_10"])
    round_open(round=round_, now=now)
    return round_


@pytest.fixture
def nested_round(tree, nested_version):
    """The split round, due 09/4/2026 (three days' grace), opened on 01/4/2026."""
    return open_nested_round(tree, nested_version)


@pytest.fixture
def live_round(tree, nested_version):
    """The split round due ten days from today, for the pages (which work at the real time)."""
    return open_nested_round(tree, nested_version, due_day=timezone.localdate() + dt.timedelta(days=10),
                             now=timezone.now())


def sub_of(round_, code) -> Submission:
    return Submission.objects.select_related("assignment").get(assignment__round=round_, assignment__unit__code=code)
