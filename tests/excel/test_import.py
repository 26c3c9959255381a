"""Import through the pages: dry run counts and errors by row and column, confirm, atomic commit,
history and audit rows, submit on request."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baocao_site.audit.models import AuditEntry
from formbuilder.rounds.models import SubmissionEvent
from indicators.excel.models import ImportJob

from .conftest import fill, row_of, sub_of

pytestmark = pytest.mark.django_db
FIELDS = "Thông tin chung"
FIXED = "1. Biên chế theo khối"
FREE = "2. Danh sách vụ việc"


@pytest.fixture
def template(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    return b"".join(client.get(f"/excel/mau/{round_.pk}/{version.pk}/").streaming_content)


def upload(client, content, name="so-lieu.xlsx", submit=False) -> ImportJob:
    data = {"file": SimpleUploadedFile(name, content)}
    if submit:
        data["submit"] = "on"
    response = client.post("/excel/nhap/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def filled(template):
    return fill(template, {
        FIELDS: [(4, "so_vu", 12), (4, "kinh_phi", "1.234,5"), (4, "muc_do", "Khá"), (4, "da_hoan_thanh", "Có"),
                 (5, "so_vu", 3)],
        FIXED: [(row_of(template, FIXED, "A", "dang"), "duoc_giao", 10), (row_of(template, FIXED, "A", "dang"),
                                                                         "co_mat", 9)],
        FREE: [(row_of(template, FREE, "A"), "ten", "Vụ một")],
    })


def test_dry_run_counts_and_writes_nothing(client, template, round_):
    job = upload(client, filled(template))
    assert job.status == "checked"
    assert (job.counts["new"], job.counts["updated"], job.counts["unchanged"], job.counts["errors"]) == (2, 0, 0, 0)
    assert sub_of(round_, "A").data == {} and sub_of(round_, "A").revision == 0
    page = client.get(f"/excel/nhap/{job.pk}/").content.decode()
    assert "Xác nhận ghi số liệu" in page and 'data-testid="count-new">2<' in page


def test_confirm_commits_every_unit_with_history_and_audit(client, template, round_, drafter_ab):
    job = upload(client, filled(template))
    response = client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.message == "Đã ghi 2 báo cáo."
    a, b = sub_of(round_, "A"), sub_of(round_, "B")
    assert a.data["so_vu"] == 12 and a.data["kinh_phi"] == 1234.5 and a.data["muc_do"] == "kha"
    assert a.data["da_hoan_thanh"] is True
    assert a.data["bien_che"]["dang"] == {"duoc_giao": 10, "co_mat": 9}
    assert a.data["vu_viec"] == [{"ten": "Vụ một", "ngay": None, "xu_ly": None}]
    assert b.data["so_vu"] == 3 and (a.revision, b.revision) == (1, 1) and a.updated_by == drafter_ab
    event = SubmissionEvent.objects.get(submission=a)
    assert event.action == "save" and ["so_vu", None, 12] in event.changes
    assert AuditEntry.objects.filter(action="submission.import_save").count() == 2
    assert AuditEntry.objects.filter(action="excel.import").count() == 1
    assert a.status == "draft"


def test_errors_listed_by_sheet_row_and_column_in_vietnamese(client, template, round_):
    content = fill(filled(template), {FIELDS: [(5, "so_vu", -3), (4, "muc_do", "Xuất sắc"),
                                               (4, "ngay_bao_cao", "31/02/2026")]})
    job = upload(client, content)
    assert job.status == "invalid" and job.counts["errors"] == 3
    assert [(e["sheet"], e["row"], e["column"], e["unit"], e["message"]) for e in job.errors] == [
        (FIELDS, 4, "F", "A", "Ngày báo cáo: không đúng định dạng ngày (dd/mm/yyyy)"),
        (FIELDS, 4, "H", "A", "Mức độ: “Xuất sắc” không nằm trong danh sách lựa chọn"),
        (FIELDS, 5, "C", "B", "Phường Long Xuyên: Số vụ việc: phải là số nguyên không âm"),
    ]
    page = client.get(f"/excel/nhap/{job.pk}/").content.decode()
    assert "Xác nhận ghi số liệu" not in page and "Số vụ việc (vụ)" in page
    assert client.post(f"/excel/nhap/{job.pk}/xac-nhan/").status_code == 302
    assert sub_of(round_, "A").data == {} and sub_of(round_, "B").data == {}


def test_table_cell_error_points_at_its_row_and_column(client, template):
    row = row_of(template, FIXED, "B", "chinh_quyen")
    job = upload(client, fill(template, {FIXED: [(row, "co_mat", 2.5)]}))
    [error] = job.errors
    assert (error["sheet"], error["row"], error["column"], error["header"]) == (FIXED, row, "F", "Có mặt (người)")
    assert error["message"] == "Có mặt: phải là số nguyên"


def test_engine_error_inside_a_free_table_row(client, template):
    row = row_of(template, FREE, "B")
    job = upload(client, fill(template, {FREE: [(row, "ngay", "01/02/2026")]}), submit=True)
    messages = [(e["row"], e["column"], e["message"]) for e in job.errors if e["unit"] == "B"]
    assert (row, "D", "Phường Long Xuyên: Danh sách vụ việc › dòng 1 › Tên vụ việc: bắt buộc nhập") in messages


def test_commit_is_atomic_when_a_report_changed_since_the_preview(client, template, round_, drafter_ab):
    from formbuilder.rounds.services import submission_save_draft

    job = upload(client, filled(template))
    b = sub_of(round_, "B")
    submission_save_draft(submission=b, data={"so_vu": 99}, expected_revision=0, acting_user=drafter_ab)
    client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    job.refresh_from_db()
    assert job.status == "failed" and "đã được sửa từ lúc xem trước" in job.message
    assert sub_of(round_, "A").data == {} and sub_of(round_, "A").revision == 0
    assert sub_of(round_, "B").data == {"so_vu": 99}


def test_confirming_twice_writes_once(client, template, round_):
    job = upload(client, filled(template))
    client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    assert sub_of(round_, "A").revision == 1
    job.refresh_from_db()
    assert job.status == "done"


def test_reimporting_the_same_file_changes_nothing(client, template, round_):
    content = filled(template)
    client.post(f"/excel/nhap/{upload(client, content).pk}/xac-nhan/")
    again = upload(client, content)
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 2)


def test_submit_on_request_when_complete(client, template, round_):
    content = fill(filled(template), {FREE: [(row_of(template, FREE, "B"), "ten", "Vụ hai")]})
    job = upload(client, content, submit=True)
    assert job.status == "checked", job.errors
    client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    a = sub_of(round_, "A")
    assert a.status == "submitted" and a.submitted_at is not None and a.is_late is False
    assert list(SubmissionEvent.objects.filter(submission=a).values_list("action", flat=True)) == ["save", "submit"]
    job.refresh_from_db()
    assert job.message == "Đã ghi 2 báo cáo, đã nộp 2."


def test_job_page_belongs_to_its_uploader(client, template, make_user, tree):
    job = upload(client, filled(template))
    client.force_login(make_user("khac", unit=tree.A))
    assert client.get(f"/excel/nhap/{job.pk}/").status_code == 404
    assert client.post(f"/excel/nhap/{job.pk}/xac-nhan/").status_code == 404
