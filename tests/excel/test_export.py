"""Exports of submissions (.xlsx and .csv) in Vietnamese formats; re-imported unchanged, they change nothing."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.rounds.services import submission_save_draft
from indicators.excel.models import ImportJob

from .conftest import FILLED, sub_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(round_, drafter_ab):
    submission_save_draft(submission=sub_of(round_, "A"), data=FILLED, expected_revision=0, acting_user=drafter_ab)
    submission_save_draft(submission=sub_of(round_, "B"), data={"so_vu": 0, "kinh_phi": 0.25},
                          expected_revision=0, acting_user=drafter_ab)
    return round_


def export(client, round_, version, fmt, unit=""):
    response = client.get("/excel/xuat/", {"form": f"{round_.pk}:{version.pk}", "format": fmt, "unit": unit})
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def reimport(client, content, name) -> ImportJob:
    response = client.post("/excel/nhap/", {"file": SimpleUploadedFile(name, content)})
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_reimport_changes_nothing(client, saved, version, drafter_ab, fmt):
    client.force_login(drafter_ab)
    content = export(client, saved, version, fmt)
    job = reimport(client, content, f"xuat.{fmt}")
    assert job.status == "checked", job.errors or job.message
    assert (job.counts["new"], job.counts["updated"], job.counts["unchanged"], job.counts["errors"]) == (0, 0, 2, 0)


def test_xlsx_export_keeps_numbers_dates_and_choices(client, saved, version, drafter_ab):
    client.force_login(drafter_ab)
    wb = openpyxl.load_workbook(io.BytesIO(export(client, saved, version, "xlsx")))
    ws = wb["Thông tin chung"]
    assert (ws["C4"].value, ws["C4"].number_format) == (1234567, "#,##0")
    assert (ws["D4"].value, ws["D4"].number_format) == (1234.5, "#,##0.##")
    assert ws["F4"].value.date().isoformat() == "2026-03-31" and ws["F4"].number_format == "dd/mm/yyyy"
    assert (ws["G4"].value, ws["H4"].value) == ("Có", "Khá")
    meta = {r[0].value: r[1].value for r in wb["_baocao"].iter_rows()}
    assert meta["kind"] == "export"
    free = wb["2. Danh sách vụ việc"]
    assert [[c.value for c in row][:4] for row in free.iter_rows(min_row=4, max_row=6)] == [
        ["A", "Xã Vĩnh Am", "1", "Vụ thứ nhất"], ["A", "Xã Vĩnh Am", "2", "'+ Vụ thứ hai"],
        ["B", "Phường Long Xuyên", None, None]]


def test_csv_export_is_semicolon_separated_utf8_with_bom_and_vietnamese_numbers(client, saved, version, drafter_ab):
    client.force_login(drafter_ab)
    content = export(client, saved, version, "csv")
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == ("Mã biểu mẫu;Phiên bản;Mã đợt;Mã đơn vị;Tên đơn vị;Mã trường;Tên trường;Dòng;Tên dòng;"
                        "Mã cột;Tên cột;Giá trị")
    body = "\n".join(lines[1:])
    assert f"PL-THU;1;{saved.pk};A;Xã Vĩnh Am;so_vu;Số vụ việc;;;;;1.234.567" in body
    assert "kinh_phi;Kinh phí;;;;;1.234,5" in body
    assert "ngay_bao_cao;Ngày báo cáo;;;;;31/03/2026" in body
    assert "B;Phường Long Xuyên;kinh_phi;Kinh phí;;;;;0,25" in body
    assert "bien_che;Biên chế theo khối;dang;Khối Đảng;duoc_giao;Được giao;10" in body


def test_export_is_limited_to_a_subtree_and_to_what_the_user_sees(client, saved, version, make_user, tree):
    reviewer = make_user("duyet.p", unit=tree.P, role="reviewer")
    client.force_login(reviewer)
    csv_text = export(client, saved, version, "csv", unit="B").decode("utf-8-sig")
    assert ";B;" in csv_text and ";A;" not in csv_text
    client.force_login(make_user("tinh.q", unit=tree.Q, role="reviewer"))
    response = client.get("/excel/xuat/", {"form": f"{saved.pk}:{version.pk}", "format": "csv"})
    assert response.status_code == 302  # the round is not among the forms this user may export


def test_indicator_results_export(client, saved, tree, make_user):
    from indicators.models import Indicator, IndicatorPeriod, IndicatorResult

    period = IndicatorPeriod.objects.create(key="2026-Q1", label="Quý I/2026")
    indicator = Indicator.objects.create(code="so_vu", name="Số vụ việc", unit_of_measure="vụ")
    IndicatorResult.objects.create(period=period, unit=tree.P, indicator=indicator, value=1234567.5, reporting=2,
                                   expected=2)
    IndicatorResult.objects.create(period=period, unit=tree.Q, indicator=indicator, value=1, reporting=1, expected=1)
    client.force_login(make_user("duyet.p", unit=tree.P, role="reviewer"))
    text = b"".join(client.get("/excel/xuat/chi-tieu/", {"period": "2026-Q1", "format": "csv"})
                    .streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == "P;Tỉnh An Giang;so_vu;Số vụ việc;vụ;Quý I/2026;1.234.567,5;2;2"
    assert "Nghệ An" not in text
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(
        client.get("/excel/xuat/chi-tieu/", {"period": "2026-Q1", "format": "xlsx"}).streaming_content)))
    assert [c.value for c in wb["Chỉ tiêu"][2]][:7] == ["P", "Tỉnh An Giang", "so_vu", "Số vụ việc", "vụ",
                                                      "Quý I/2026", 1234567.5]
