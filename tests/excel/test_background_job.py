"""Large files are checked and committed by huey tasks; the job page shows progress and can be left."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.excel.models import ImportJob

from .conftest import fill, sub_of

FIELDS = "Thông tin chung"


@pytest.fixture
def huey_immediate():
    """Return a setter for huey's immediate mode, restored afterwards."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate

    def _set(value: bool) -> None:
        HUEY.immediate = value

    yield _set
    HUEY.immediate = before


@pytest.fixture
def every_file_in_background(settings):
    settings.EXCEL_IMPORT_BACKGROUND_BYTES = 0


def template_of(client, round_, version):
    return b"".join(client.get(f"/excel/mau/{round_.pk}/{version.pk}/").streaming_content)


def upload(client, content) -> ImportJob:
    response = client.post("/excel/nhap/", {"file": SimpleUploadedFile("lon.xlsx", content)})
    assert response.status_code == 302
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


@pytest.mark.django_db
def test_immediate_mode_runs_the_tasks_at_once(client, round_, version, drafter_ab, huey_immediate,
                                               every_file_in_background, django_capture_on_commit_callbacks):
    huey_immediate(True)
    client.force_login(drafter_ab)
    content = fill(template_of(client, round_, version), {FIELDS: [(4, "so_vu", 7), (5, "so_vu", 8)]})
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, content)
    job.refresh_from_db()
    assert job.background and job.status == "checked" and job.percent == 100
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    job.refresh_from_db()
    assert job.status == "done" and sub_of(round_, "A").data["so_vu"] == 7 and sub_of(round_, "B").data["so_vu"] == 8


@pytest.mark.django_db(transaction=True)
def test_queued_tasks_run_by_the_consumer(client, round_, version, drafter_ab, huey_immediate,
                                          every_file_in_background, run_tasks):
    huey_immediate(False)
    client.force_login(drafter_ab)
    content = fill(template_of(client, round_, version), {FIELDS: [(4, "so_vu", 5)]})
    job = upload(client, content)
    assert job.status == "queued"
    page = client.get(f"/excel/nhap/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "<progress" in page
    assert "Có thể rời trang này và quay lại sau" in page
    assert client.get(f"/excel/nhap/{job.pk}/tien-do/").json()["status"] == "queued"

    run_tasks()  # also drains the round's opening notifications
    job.refresh_from_db()
    assert job.status == "checked" and job.counts["new"] == 1
    client.post(f"/excel/nhap/{job.pk}/xac-nhan/")
    job.refresh_from_db()
    assert job.status == "committing"
    assert sub_of(round_, "A").data == {}
    assert run_tasks() == 1
    job.refresh_from_db()
    assert job.status == "done" and sub_of(round_, "A").data["so_vu"] == 5
    progress = client.get(f"/excel/nhap/{job.pk}/tien-do/").json()
    assert (progress["status"], progress["label"]) == ("done", "Đã ghi")


@pytest.mark.django_db
def test_progress_is_stored_while_checking(client, round_, version, drafter_ab, monkeypatch):
    from indicators.excel import services

    client.force_login(drafter_ab)
    content = fill(template_of(client, round_, version), {FIELDS: [(4, "so_vu", 5)]})
    job = services.import_job_create(user=drafter_ab, content=content, filename="t.xlsx")
    seen = []
    original = services.jobs._progress_writer

    def spy(job):
        write = original(job)

        def _write(done, total):
            seen.append((done, total))
            write(done, total)
        return _write

    monkeypatch.setattr(services.jobs, "_progress_writer", spy)
    services.import_job_check(job=job)
    job.refresh_from_db()
    assert seen[-1][0] == seen[-1][1] and job.percent == 100 and job.status == "checked"
