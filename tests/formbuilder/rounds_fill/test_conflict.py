"""The conflict screen /bao-cao/<id>/xung-dot/: both versions side by side, nothing overwritten silently."""
from formbuilder.rounds.models import Submission
from formbuilder.rounds.services import submission_save_draft

from .conftest import FULL


def test_a_stale_step_save_shows_both_versions_and_overwrites_nothing(client, drafter, sub_a, tree, make_user):
    other = make_user("soan.a2", unit=tree.A, role="drafter", first_name="Minh", last_name="Trần")
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=other)
    client.force_login(drafter)
    response = client.post(f"/bao-cao/{sub_a.pk}/nhap/phan_ii/", {"so_van_ban": "15", "revision": 0,
                                                                   "hanh_dong": "tiep"})
    assert response["Location"] == f"/bao-cao/{sub_a.pk}/xung-dot/"
    html = client.get(response["Location"]).content.decode()
    assert "Bản nháp vừa được người khác sửa" in html
    assert "Minh Trần đã lưu bản nháp của Xã Vĩnh Am lúc" in html
    assert ('<tr><th scope="row">Số văn bản</th><td class="theirs">12 văn bản</td>'
            '<td class="yours">15 văn bản</td></tr>') in html
    assert "Tình hình chung" not in html  # other parts are not in question
    assert Submission.objects.get(pk=sub_a.pk).data == FULL


def test_keep_theirs_drops_your_values(client, drafter, sub_a, tree, make_user):
    other = make_user("soan.a2", unit=tree.A, role="drafter")
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=other)
    client.force_login(drafter)
    client.post(f"/bao-cao/{sub_a.pk}/nhap/phan_ii/", {"so_van_ban": "15", "revision": 0})
    response = client.post(f"/bao-cao/{sub_a.pk}/xung-dot/", {"lua_chon": "giu-ban-da-luu", "revision": 1},
                           follow=True)
    assert response.redirect_chain[-1][0] == f"/bao-cao/{sub_a.pk}/nhap/phan_ii/"
    assert "Đã giữ bản đã lưu" in response.content.decode()
    assert Submission.objects.get(pk=sub_a.pk).data == FULL
    # Nothing left to decide.
    assert client.get(f"/bao-cao/{sub_a.pk}/xung-dot/")["Location"] == f"/bao-cao/{sub_a.pk}/nhap/"


def test_apply_mine_saves_over_theirs_with_the_revision_shown(client, drafter, sub_a, tree, make_user):
    other = make_user("soan.a2", unit=tree.A, role="drafter")
    submission_save_draft(submission=sub_a, data=FULL, expected_revision=0, acting_user=other)
    client.force_login(drafter)
    client.post(f"/bao-cao/{sub_a.pk}/nhap/phan_ii/", {"so_van_ban": "15", "revision": 0})
    # A third save between showing the screen and choosing brings the screen back.
    sub = Submission.objects.get(pk=sub_a.pk)
    submission_save_draft(submission=sub, data={**FULL, "phan_ii": {"so_van_ban": 13}}, expected_revision=1,
                          acting_user=other)
    response = client.post(f"/bao-cao/{sub_a.pk}/xung-dot/", {"lua_chon": "ap-dung-ban-cua-toi", "revision": 1})
    html = response.content.decode()
    assert "bản nháp lại vừa được lưu" in html and '<td class="theirs">13 văn bản</td>' in html
    assert 'name="revision" value="2"' in html
    response = client.post(f"/bao-cao/{sub_a.pk}/xung-dot/", {"lua_chon": "ap-dung-ban-cua-toi", "revision": 2})
    assert response["Location"] == f"/bao-cao/{sub_a.pk}/nhap/phan_ii/"
    sub = Submission.objects.get(pk=sub_a.pk)
    assert sub.data == {**FULL, "phan_ii": {"so_van_ban": 15}} and sub.revision == 3
    assert sub.events.last().changes == [["phan_ii.so_van_ban", 13, 15]]


def test_the_conflict_screen_is_only_for_the_units_drafters(client, sub_a, tree, make_user):
    client.force_login(make_user("soan.b", unit=tree.B, role="drafter"))
    assert client.get(f"/bao-cao/{sub_a.pk}/xung-dot/").status_code == 404
    assert client.post(f"/bao-cao/{sub_a.pk}/xung-dot/", {"lua_chon": "ap-dung-ban-cua-toi"}).status_code == 404
