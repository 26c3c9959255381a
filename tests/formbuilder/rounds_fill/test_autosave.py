"""Autosave POST /bao-cao/<id>/luu-nhap/: the new revision, or why nothing was saved."""
from formbuilder.rounds.models import Submission
from formbuilder.rounds.services import submission_save_draft

from .conftest import FULL


def autosave(client, sub, values, *, step="phan_i", revision=None):
    return client.post(f"/bao-cao/{sub.pk}/luu-nhap/", {"step": step, "revision": sub.revision if revision is None
                                                        else revision, **values})


def test_autosave_saves_the_step_and_answers_the_new_revision(client, drafter, sub_a):
    client.force_login(drafter)
    response = autosave(client, sub_a, {"tinh_hinh": "Nháp tự động"})
    answer = response.json()
    assert response.status_code == 200
    assert answer["status"] == "saved" and answer["revision"] == 1
    assert answer["message"] == f"Đã lưu lúc {answer['saved_at']}" and len(answer["saved_at"]) == 5
    assert Submission.objects.get(pk=sub_a.pk).data == {"phan_i": {"tinh_hinh": "Nháp tự động"}}
    # Saving the same values again is no change: the revision stays.
    assert autosave(client, sub_a, {"tinh_hinh": "Nháp tự động"}, revision=1).json()["revision"] == 1


def test_autosave_after_someone_else_saved_is_a_conflict(client, drafter, sub_a, tree, make_user):
    other = make_user("soan.a2", unit=tree.A, role="drafter", first_name="Minh", last_name="Trần")
    submission_save_draft(submission=sub_a, data={"phan_i": {"tinh_hinh": "Bản của Minh"}}, expected_revision=0,
                          acting_user=other)
    client.force_login(drafter)
    response = autosave(client, sub_a, {"tinh_hinh": "Bản của Lan"}, revision=0)
    answer = response.json()
    assert response.status_code == 409
    assert answer["status"] == "conflict" and answer["revision"] == 1
    assert answer["conflict_url"] == f"/bao-cao/{sub_a.pk}/xung-dot/"
    assert "Minh Trần" in answer["message"]
    assert Submission.objects.get(pk=sub_a.pk).data == {"phan_i": {"tinh_hinh": "Bản của Minh"}}


def test_own_save_racing_the_autosave_is_not_a_conflict(client, drafter, sub_a):
    """The autosave of a blur lands first, then the button posts the same values with the old revision."""
    client.force_login(drafter)
    autosave(client, sub_a, {"tinh_hinh": "Giống nhau"}, revision=0)
    response = client.post(f"/bao-cao/{sub_a.pk}/nhap/phan_i/", {"tinh_hinh": "Giống nhau", "revision": 0,
                                                                  "hanh_dong": "tiep"})
    assert response.status_code == 302 and response["Location"].endswith("/nhap/phan_ii/")


def test_invalid_values_are_not_autosaved(client, drafter, sub_a):
    client.force_login(drafter)
    response = autosave(client, sub_a, {"so_van_ban": "-1"}, step="phan_ii")
    assert response.status_code == 422
    assert response.json() == {"status": "invalid", "message": "Chưa tự động lưu được: còn ô nhập chưa đúng.",
                               "errors": ["Số văn bản: phải là số nguyên không âm"]}
    assert autosave(client, sub_a, {"so_van_ban": "abc"}, step="phan_ii").json()["errors"] == [
        "Số văn bản: phải là số nguyên"]
    assert autosave(client, sub_a, {}, step="phan_x").status_code == 400
    assert Submission.objects.get(pk=sub_a.pk).revision == 0


def test_locked_or_submitted_drafts_are_not_autosaved(client, drafter, sub_a):
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=drafter)
    from formbuilder.rounds.services import submission_submit

    submission_submit(submission=sub_a, acting_user=drafter)
    client.force_login(drafter)
    sub_a.refresh_from_db()
    response = autosave(client, sub_a, {"tinh_hinh": "Sửa"})
    assert response.status_code == 423
    assert response.json()["message"] == "Báo cáo đang ở trạng thái “Đã nộp, chờ duyệt”, không thể sửa."


def test_only_the_units_drafters_may_autosave(client, sub_a, tree, make_user, reviewer):
    client.force_login(make_user("soan.b", unit=tree.B, role="drafter"))
    assert autosave(client, sub_a, {"tinh_hinh": "x"}).status_code == 404
    client.force_login(reviewer)
    response = autosave(client, sub_a, {"tinh_hinh": "x"})
    assert response.status_code == 403 and response.json()["status"] == "denied"
    assert client.get(f"/bao-cao/{sub_a.pk}/luu-nhap/").status_code == 405
    assert Submission.objects.get(pk=sub_a.pk).revision == 0
