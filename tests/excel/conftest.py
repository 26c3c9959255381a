"""Builders for Excel tests: a published appendix with every cell type, an open round for the
communes of province P (units A and B), their drafters, and helpers to fill and upload files."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

import indicators.excel.models  # noqa: F401  (registered with the indicators app; see the report)
from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open
from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft

APPENDIX_ITEMS = [
    {"type": "number", "key": "so_vu", "label": "Số vụ việc", "integer": True, "minimum": 0, "unit": "vụ"},
    {"type": "number", "key": "kinh_phi", "label": "Kinh phí", "minimum": 0, "unit": "triệu đồng"},
    {"type": "text", "key": "ghi_chu", "label": "Ghi chú"},
    {"type": "date", "key": "ngay_bao_cao", "label": "Ngày báo cáo"},
    {"type": "boolean", "key": "da_hoan_thanh", "label": "Đã hoàn thành"},
    {"type": "choice", "key": "muc_do", "label": "Mức độ", "options": [
        {"value": "tot", "label": "Tốt"}, {"value": "kha", "label": "Khá"}, {"value": "yeu", "label": "Yếu"}]},
    {"type": "table", "key": "bien_che", "label": "Biên chế theo khối", "columns": [
        {"key": "duoc_giao", "label": "Được giao", "type": "integer", "minimum": 0, "unit": "người"},
        {"key": "co_mat", "label": "Có mặt", "type": "integer", "minimum": 0, "unit": "người"}],
     "rows": {"fixed": [{"key": "dang", "label": "Khối Đảng"}, {"key": "chinh_quyen", "label": "Khối chính quyền"}]},
     "totals": ["duoc_giao", "co_mat"]},
    {"type": "table", "key": "vu_viec", "label": "Danh sách vụ việc", "columns": [
        {"key": "ten", "label": "Tên vụ việc", "type": "text", "required": True},
        {"key": "ngay", "label": "Ngày phát hiện", "type": "date"},
        {"key": "xu_ly", "label": "Hình thức", "type": "choice", "options": [
            {"value": "khien_trach", "label": "Khiển trách"}, {"value": "canh_cao", "label": "Cảnh cáo"}]}]},
    {"type": "computed", "key": "ty_le_co_mat", "label": "Tỷ lệ có mặt", "unit": "%",
     "formula": "sum(bien_che.co_mat) / sum(bien_che.duoc_giao) * 100"},
]

FILLED = {
    "so_vu": 1234567, "kinh_phi": 1234.5, "ghi_chu": "=HYPERLINK(\"http://x\")", "ngay_bao_cao": "2026-03-31",
    "da_hoan_thanh": True, "muc_do": "kha",
    "bien_che": {"dang": {"duoc_giao": 10, "co_mat": 9}, "chinh_quyen": {"duoc_giao": 20, "co_mat": 18}},
    "vu_viec": [{"ten": "Vụ thứ nhất", "ngay": "2026-02-01", "xu_ly": "canh_cao"},
                {"ten": "+ Vụ thứ hai", "ngay": None, "xu_ly": None}],
}


def publish(code="PL-THU", items=None, kind="appendix", title="Phụ lục thử"):
    definition = form_definition_create(code=code, kind=kind, title=title)
    version = form_version_save_draft(version=definition.versions.get(), items=items or APPENDIX_ITEMS)
    return form_version_publish(version=version)


def open_round_for(tree, versions, *, code="dot-excel", days=10, level="xa", grace_days=None):
    due = timezone.localdate() + dt.timedelta(days=days)
    round_ = round_create(code=code, title="Thống kê quý I", issuing_unit=tree.P, versions=versions,
                          rule=ReportingRule(period_type=PeriodType.ONE_OFF, due=DueRule.fixed(due),
                                             grace_days=grace_days))
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels[level])
    round_open(round=round_, now=timezone.now() - dt.timedelta(days=5))
    return round_


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()


@pytest.fixture
def version(db):
    return publish()


@pytest.fixture
def round_(tree, version):
    return open_round_for(tree, [version])


@pytest.fixture
def drafter_a(tree, make_user):
    return make_user("soan.a", unit=tree.A)


@pytest.fixture
def drafter_ab(tree, make_user):
    """A drafter for both communes A and B."""
    from hierarchy.models import Membership

    user = make_user("soan.ab", unit=tree.A)
    Membership.objects.create(user=user, unit=tree.B, role="drafter")
    return user


def sub_of(round_, code) -> Submission:
    return Submission.objects.select_related("assignment__unit").get(assignment__round=round_,
                                                                     assignment__unit__code=code)


def xlsx_bytes(path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def fill(content: bytes, edits: dict[str, list[tuple[int, str, object]]]) -> bytes:
    """Return the workbook with cells changed: {sheet: [(row number, column key, value)]} (openpyxl).

    Columns are found by the hidden key row (row 3), as the import finds them.
    """
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content))
    for sheet_name, cells in edits.items():
        ws = wb[sheet_name]
        keys = {str(c.value): c.column for c in ws[3] if c.value is not None}
        for row, key, value in cells:
            column = keys[key] if key in keys else next(v for k, v in keys.items() if k.startswith(key))
            ws.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(content: bytes, sheet_name: str, unit_code: str, row_key: str | None = None) -> int:
    """Return the row number where ``unit_code`` (and fixed row ``row_key``) is on ``sheet_name``."""
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(content))[sheet_name]
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, 1).value == unit_code and (row_key is None or ws.cell(r, 3).value == row_key):
            return r
    raise AssertionError(f"{unit_code} not on {sheet_name}")
