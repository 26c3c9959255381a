"""The dashboard's .xlsx holds what the page shows: read back with openpyxl."""
import io

import openpyxl
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def workbook(client, unit, **params):
    response = client.get(reverse("dashboard:export", args=[unit.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response, openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_of_the_province_has_the_table_completeness_children_and_trend(client, tree, reported,
                                                                              province_reviewer):
    from indicators.models import Target

    Target.objects.filter(indicator=reported.ind["ty_le"]).update(baseline=50)
    client.force_login(province_reviewer)
    response, wb = workbook(client, tree.P, ky=reported.april.pk)
    assert response["Content-Disposition"] == 'attachment; filename="chi-tieu-p-2026-m04.xlsx"'
    assert wb.sheetnames == ["Chỉ tiêu", "Tiến độ", "Đơn vị trực thuộc", "Xu hướng"]
    table = rows(wb["Chỉ tiêu"])
    assert table[0][0] == "Bảng chỉ tiêu: Tỉnh An Giang" and table[1][:2] == ["Kỳ", "Tháng 4/2026"]
    assert table[4] == ["Mã chỉ tiêu", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Chỉ tiêu phấn đấu", "Giá trị cơ sở",
                        "Tiến độ so với cơ sở (%)", "Đánh giá", "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo"]
    by_code = {r[0]: r for r in table[5:]}
    ratio = by_code["ty_le"]
    assert ratio[:6] + ratio[7:] == ["ty_le", "ty_le", 70, "%", "≥ 80 %", 50, "Gần đạt", 3, 2]
    assert ratio[6] == pytest.approx(200 / 3)  # (70 − 50) ÷ (80 − 50): two thirds of the way
    assert by_code["dat"][2:8] == [7, "hồ sơ", "≥ 5 hồ sơ", "—", "—", "Đạt"]  # no baseline, no progress
    assert by_code["tb"][2] == "chưa có số liệu"
    assert wb["Chỉ tiêu"].cell(row=6, column=8).fill.fgColor.rgb.endswith("1A7F37")  # "Đạt" in green
    progress = rows(wb["Tiến độ"])
    assert progress[1] == ["Tỉnh An Giang (gồm các đơn vị trực thuộc)", 2, 2, 1, 1, 0, 1, 100, 50]
    assert progress[3] == ["Phường Long Xuyên", 1, 1, 0, 1, 0, 0, 100, 0]
    children = rows(wb["Đơn vị trực thuộc"])
    ratio = children[0].index("ty_le (%)")
    assert children[0][ratio + 1] == "ty_le — đánh giá"
    assert [r[:2] + r[ratio:ratio + 2] for r in children[1:]] == [
        ["A", "Xã Vĩnh Am", 100, "Đạt"], ["B", "Phường Long Xuyên", 50, "Chưa đạt"]]
    trend = [r for r in rows(wb["Xu hướng"]) if r[0] == "ty_le"]
    assert [r[2:6] for r in trend] == [["Tháng 3/2026", 75, "%", "Gần đạt"], ["Tháng 4/2026", 70, "%", "Gần đạt"]]


def test_export_neutralises_text_that_a_spreadsheet_would_run(client, tree, reported, province_reviewer):
    from hierarchy.models import Unit

    Unit.objects.filter(pk=tree.A.pk).update(name="=HYPERLINK(\"http://x\")")
    client.force_login(province_reviewer)
    _, wb = workbook(client, tree.P, ky=reported.april.pk)
    names = [r[1] for r in rows(wb["Đơn vị trực thuộc"])[1:]]
    assert names[0] == "'=HYPERLINK(\"http://x\")"
    assert wb["Đơn vị trực thuộc"].cell(row=2, column=2).data_type == "s"


def test_export_of_a_commune_has_no_children_sheet_and_undefined_rates(client, tree, reported,
                                                                       province_reviewer):
    client.force_login(province_reviewer)
    _, wb = workbook(client, tree.A, ky=reported.march.pk)
    assert wb.sheetnames == ["Chỉ tiêu", "Tiến độ", "Xu hướng"]
    assert rows(wb["Tiến độ"])[1] == ["Xã Vĩnh Am", 0, 0, 0, 0, 0, 0,
                                     "không xác định", "không xác định"]
