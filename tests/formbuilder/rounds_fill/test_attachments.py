"""Attachments: stored per submission under a generated name, size-limited, downloadable by who sees the unit."""
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.rounds.models import Submission



def upload(client, sub, name="Biên bản họp chi bộ.PDF", content=b"%PDF-1.4 noi dung", **extra):
    sub.refresh_from_db()
    return client.post(f"/bao-cao/{sub.pk}/nhap/phan_iii/", {
        "revision": sub.revision, "hanh_dong": "luu", "uu_diem": "Kịp thời",
        "bien_ban": SimpleUploadedFile(name, content, content_type="application/pdf"), **extra})


def test_an_upload_is_stored_under_the_submission_with_a_generated_name(client, drafter, sub_a, settings):
    client.force_login(drafter)
    assert upload(client, sub_a).status_code == 302
    stored = Submission.objects.get(pk=sub_a.pk).data["phan_iii"]["bien_ban"]
    assert stored["name"] == "Biên bản họp chi bộ.PDF" and stored["size"] == 17
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored["ref"])
    path = settings.MEDIA_ROOT / "bao-cao" / str(sub_a.pk) / stored["ref"]
    assert path.read_bytes() == b"%PDF-1.4 noi dung"
    # The step shows the file as attached; saving again without a new file keeps it.
    html = client.get(f"/bao-cao/{sub_a.pk}/nhap/phan_iii/").content.decode()
    assert "Tệp đã đính kèm: <strong>Biên bản họp chi bộ.PDF</strong>" in html
    token = re.search(r'name="bien_ban-ref" value="([^"]+)"', html).group(1)
    sub = Submission.objects.get(pk=sub_a.pk)
    client.post(f"/bao-cao/{sub.pk}/nhap/phan_iii/", {"revision": sub.revision, "uu_diem": "Tốt",
                                                       "bien_ban-ref": token})
    assert Submission.objects.get(pk=sub_a.pk).data["phan_iii"] == {"uu_diem": "Tốt", "bien_ban": stored}


def test_a_name_cannot_choose_where_the_file_lands(client, drafter, sub_a, settings):
    client.force_login(drafter)
    upload(client, sub_a, name="../../etc/passwd.sh;.exe")
    stored = Submission.objects.get(pk=sub_a.pk).data["phan_iii"]["bien_ban"]
    assert stored["name"] == "passwd.sh;.exe"
    assert re.fullmatch(r"[0-9a-f]{32}\.exe", stored["ref"])  # generated name, cleaned extension only
    assert (settings.MEDIA_ROOT / "bao-cao" / str(sub_a.pk) / stored["ref"]).exists()


def test_a_file_over_the_limit_is_refused_in_vietnamese_and_the_rest_kept_on_screen(client, drafter, sub_a,
                                                                                   settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    client.force_login(drafter)
    html = upload(client, sub_a, name="lon.pdf", content=b"x" * 2048).content.decode()
    assert "Biên bản họp: tệp “lon.pdf” (2 KB) vượt quá dung lượng cho phép (10 byte)." in html
    assert "Kịp thời</textarea>" in html
    assert Submission.objects.get(pk=sub_a.pk).data == {}
    assert not (settings.MEDIA_ROOT / "bao-cao").exists()


def test_a_forged_file_reference_is_refused(client, drafter, sub_a):
    client.force_login(drafter)
    sub_a.refresh_from_db()
    html = client.post(f"/bao-cao/{sub_a.pk}/nhap/phan_iii/", {
        "revision": 0, "uu_diem": "x", "bien_ban-ref": "khong-ky"}).content.decode()
    assert "Biên bản họp: tệp đính kèm không hợp lệ" in html
    assert Submission.objects.get(pk=sub_a.pk).data == {}


def test_download_only_for_users_who_see_the_unit(client, drafter, reviewer, sub_a, tree, make_user):
    client.force_login(drafter)
    upload(client, sub_a)
    ref = Submission.objects.get(pk=sub_a.pk).data["phan_iii"]["bien_ban"]["ref"]
    url = f"/bao-cao/{sub_a.pk}/tep/{ref}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 noi dung"
    assert "attachment" in response["Content-Disposition"]
    assert "Bi%C3%AAn%20b%E1%BA%A3n" in response["Content-Disposition"]
    client.force_login(reviewer)  # the province sees its communes
    assert client.get(url).status_code == 200
    client.force_login(make_user("soan.b", unit=tree.B, role="drafter"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("soan.c", unit=tree.C, role="drafter"))
    assert client.get(url).status_code == 404
    client.force_login(drafter)
    assert client.get(f"/bao-cao/{sub_a.pk}/tep/{'0' * 32}.pdf/").status_code == 404
    assert client.get(f"/bao-cao/{sub_a.pk}/tep/..%2F..%2Fsettings.py/").status_code == 404


def test_the_check_step_links_the_attachments(client, drafter, sub_a):
    client.force_login(drafter)
    upload(client, sub_a)
    ref = Submission.objects.get(pk=sub_a.pk).data["phan_iii"]["bien_ban"]["ref"]
    html = client.get(f"/bao-cao/{sub_a.pk}/nhap/kiem-tra/").content.decode()
    assert f'Biên bản họp: <a href="/bao-cao/{sub_a.pk}/tep/{ref}/">Biên bản họp chi bộ.PDF</a> (17 byte)' in html
