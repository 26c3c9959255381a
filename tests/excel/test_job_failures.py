"""A job always ends: an unexpected error fails it (Vietnamese message, traceback logged, nothing
written, polling stops, upload removed), and the hourly clean-up ends abandoned jobs."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.utils import timezone

from indicators.excel import services, tasks
from indicators.excel.models import ImportJob
from indicators.excel.services import jobs

from .conftest import fill, sub_of

pytestmark = pytest.mark.django_db
FIELDS = "Thông tin chung"


def template_of(client, round_, version):
    return b"".join(client.get(f"/excel/mau/{round_.pk}/{version.pk}/").streaming_content)


@pytest.fixture
def checked_job(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    content = fill(template_of(client, round_, version), {FIELDS: [(4, "so_vu", 7), (5, "so_vu", 8)]})
    job = services.import_job_create(user=drafter_ab, content=content, filename="t.xlsx")
    return services.import_job_check(job=job)


def boom(*args, **kwargs):
    raise RuntimeError("lỗi bất ngờ")


def test_unexpected_error_while_checking_fails_the_job_and_stops_polling(client, round_, version, drafter_ab,
                                                                         monkeypatch, caplog):
    client.force_login(drafter_ab)
    content = fill(template_of(client, round_, version), {FIELDS: [(4, "so_vu", 7)]})
    job = services.import_job_create(user=drafter_ab, content=content, filename="t.xlsx")
    monkeypatch.setattr(jobs, "import_plan", boom)
    with caplog.at_level(logging.ERROR, logger="indicators.excel.services.jobs"):
        assert tasks.import_check_task.call_local(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.message.startswith("Lỗi hệ thống khi kiểm tra tệp; không ghi gì.")
    assert "RuntimeError: lỗi bất ngờ" in caplog.text  # the traceback is logged
    assert not services.job_file(job).exists()
    page = client.get(f"/excel/nhap/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page and "Lỗi hệ thống khi kiểm tra tệp" in page
    assert client.get(f"/excel/nhap/{job.pk}/tien-do/").json()["status"] == "failed"


def test_unexpected_error_while_committing_writes_nothing(checked_job, round_, drafter_ab, monkeypatch, caplog):
    def audit_then_boom(*, action, **kwargs):
        if action == "excel.import":  # after every submission was saved in the same transaction
            raise RuntimeError("lỗi bất ngờ")

    monkeypatch.setattr(jobs, "audit_record", audit_then_boom)
    with caplog.at_level(logging.ERROR, logger="indicators.excel.services.jobs"):
        job = services.import_job_commit(job=checked_job, acting_user=drafter_ab)
    assert job.status == "failed" and job.message.startswith("Lỗi hệ thống khi ghi số liệu từ tệp; không ghi gì.")
    assert "RuntimeError" in caplog.text
    assert sub_of(round_, "A").data == {} and sub_of(round_, "A").revision == 0
    assert sub_of(round_, "A").events.count() == 0
    assert not services.job_file(job).exists()


def test_error_escaping_the_service_still_fails_the_queued_job(checked_job, drafter_ab, monkeypatch, caplog):
    services.import_job_commit_queue(job=checked_job, acting_user=drafter_ab)
    import indicators.excel.services as package

    monkeypatch.setattr(package, "import_job_commit", boom)
    with caplog.at_level(logging.ERROR, logger="indicators.excel.tasks"):
        assert tasks.import_commit_task.call_local(str(checked_job.pk)) == "failed"
    job = ImportJob.objects.get(pk=checked_job.pk)
    assert job.status == "failed" and "Lỗi hệ thống khi ghi số liệu từ tệp" in job.message
    assert "task failed while" in caplog.text


def test_invalid_job_keeps_no_file(client, round_, version, drafter_ab):
    client.force_login(drafter_ab)
    content = fill(template_of(client, round_, version), {FIELDS: [(4, "so_vu", -3)]})
    job = services.import_job_check(job=services.import_job_create(user=drafter_ab, content=content,
                                                                   filename="t.xlsx"))
    assert job.status == "invalid" and not services.job_file(job).exists()


def test_clean_up_ends_abandoned_jobs_and_removes_their_files(checked_job, drafter_ab, settings):
    settings.EXCEL_IMPORT_STALE_MINUTES = 30
    settings.EXCEL_IMPORT_KEEP_HOURS = 24
    now = timezone.now()
    stuck = services.import_job_create(user=drafter_ab, content=b"x", filename="treo.xlsx")
    ImportJob.objects.filter(pk=stuck.pk).update(status="committing", updated_at=now - dt.timedelta(minutes=31))
    fresh = services.import_job_create(user=drafter_ab, content=b"x", filename="moi.xlsx")
    ImportJob.objects.filter(pk=fresh.pk).update(status="checking", updated_at=now - dt.timedelta(minutes=5))
    ImportJob.objects.filter(pk=checked_job.pk).update(updated_at=now - dt.timedelta(hours=25))
    orphan = services.job_file(checked_job).with_name("khong-phai-uuid.upload")
    orphan.write_bytes(b"x")

    assert services.import_jobs_clean_up(now=now) == {"stale": 1, "expired": 1, "files": 3}
    stuck.refresh_from_db()
    checked_job.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "failed" and stuck.message.startswith("Lượt nhập bị gián đoạn (quá 30 phút")
    assert checked_job.status == "failed" and checked_job.message.startswith("Lượt nhập đã hết hạn xác nhận")
    assert fresh.status == "checking" and services.job_file(fresh).exists()
    assert not services.job_file(stuck).exists() and not services.job_file(checked_job).exists()
    assert not orphan.exists()


def test_expired_job_cannot_be_committed(checked_job, drafter_ab):
    from formbuilder.rounds.errors import WorkflowError

    ImportJob.objects.filter(pk=checked_job.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    services.import_jobs_clean_up()
    with pytest.raises(WorkflowError):
        services.import_job_commit(job=ImportJob.objects.get(pk=checked_job.pk), acting_user=drafter_ab)
