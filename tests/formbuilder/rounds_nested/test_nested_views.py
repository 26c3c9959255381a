"""Pages of a split below the top level: the contributor's wizard, the review page, the admin split."""
import datetime as dt

from django.utils import timezone

from formbuilder.rounds.models import Assignment, SectionAssignment
from formbuilder.rounds.services import round_create, submission_save_draft, submission_submit

from ..rounds_helpers import fixed_rule
from .conftest import BOARD, sub_of


def step_url(sub, step):
    return f"/bao-cao/{sub.pk}/nhap/{step}/"


def test_the_inspection_committee_fills_its_sub_sections_in_its_parts_steps(client, live_round, tree, make_user):
    board = sub_of(live_round, "A")
    board = submission_save_draft(submission=board, data=BOARD, expected_revision=0,
                                  acting_user=make_user("soan.a", unit=tree.A, role="drafter"))
    sub = sub_of(live_round, "B")
    client.force_login(make_user("soan.b", unit=tree.B, role="drafter"))
    assert client.get(f"/bao-cao/{sub.pk}/nhap/")["Location"] == step_url(sub, "phan_iii")
    html = client.get(step_url(sub, "phan_iii")).content.decode()
    assert "Bước 1/2" in html and "III. Nhiệm vụ, giải pháp" in html and "Công tác kiểm tra, giám sát" in html
    assert 'name="kiem_tra"' in html and 'name="gioi_thieu"' not in html and "Chương trình hành động" not in html
    assert client.get(step_url(sub, "phan_i"))["Location"] == step_url(sub, "phan_iii")  # not its part
    for step, values in (("phan_iii", {"kiem_tra": "Kiểm tra 6 tổ chức đảng", "so_cuoc": "6",
                                       "gioi_thieu": "GHI ĐÈ"}),
                         ("phan_iv", {"ke_hoach": "Ban hành kế hoạch"})):
        sub.refresh_from_db()
        assert client.post(step_url(sub, step), {"revision": sub.revision, "hanh_dong": "tiep", **values}
                           ).status_code == 302
    assert client.post(step_url(sub, "kiem-tra"), {"hanh_dong": "nop"}).status_code == 302
    sub.refresh_from_db()
    assert sub.status == "submitted"
    assert sub.data == {"phan_iii": {"muc_3_4": {"kiem_tra": "Kiểm tra 6 tổ chức đảng", "so_cuoc": 6}},
                        "phan_iv": {"muc_4_10": {"ke_hoach": "Ban hành kế hoạch"}}}
    board.refresh_from_db()
    assert board.data == BOARD  # the board's draft of the same parts is untouched


def test_the_reviewer_comments_per_assigned_section_and_the_unit_sees_it_on_its_step(client, live_round, tree,
                                                                                      make_user):
    drafter = make_user("soan.b", unit=tree.B, role="drafter")
    sub = sub_of(live_round, "B")
    data = {"phan_iii": {"muc_3_4": {"kiem_tra": "Kiểm tra"}}, "phan_iv": {"muc_4_10": {"ke_hoach": "Có"}}}
    sub = submission_save_draft(submission=sub, data=data, expected_revision=0, acting_user=drafter)
    submission_submit(submission=sub, acting_user=drafter)
    client.force_login(make_user("duyet.p", unit=tree.P, role="reviewer"))
    html = client.get(f"/bao-cao/duyet/{sub.pk}/").content.decode()
    assert 'name="comment-muc_3_4"' in html and 'name="comment-muc_4_10"' in html
    assert 'name="comment-phan_iii"' not in html and "III.4. Công tác kiểm tra, giám sát" in html
    client.post(f"/bao-cao/duyet/{sub.pk}/", {"action": "return", "comment-muc_3_4": "Nêu tên tổ chức đảng",
                                              "comment-muc_4_10": ""})
    sub.refresh_from_db()
    assert (sub.status, sub.return_comments) == ("returned", {"muc_3_4": "Nêu tên tổ chức đảng"})
    client.force_login(drafter)
    html = client.get(step_url(sub, "phan_iii")).content.decode()
    assert "III.4. Công tác kiểm tra, giám sát: Nêu tên tổ chức đảng" in html
    assert "Nêu tên tổ chức đảng" not in client.get(step_url(sub, "phan_iv")).content.decode()


def test_the_admin_split_offers_nested_sections_and_shows_what_is_carved_out(admin_client, tree, nested_version):
    due = timezone.localdate() + dt.timedelta(days=10)
    round_ = round_create(code="chia-long", title="Chia lồng", issuing_unit=tree.P, rule=fixed_rule(due),
                          versions=[nested_version])
    manage = f"/quan-tri/dot-bao-cao/{round_.pk}/"
    prefix = f"split-{nested_version.pk}"
    html = admin_client.get(manage).content.decode()
    assert 'value="muc_3_4"' in html and "III.4. Công tác kiểm tra, giám sát" in html
    admin_client.post(manage, {"action": f"split:{nested_version.pk}", f"{prefix}-unit": "A",
                               f"{prefix}-sections": ["phan_i", "phan_iii", "phan_iv"]})
    admin_client.post(manage, {"action": f"split:{nested_version.pk}", f"{prefix}-unit": "B",
                               f"{prefix}-sections": ["muc_3_4", "muc_4_10"]})
    response = admin_client.post(manage, {"action": f"split:{nested_version.pk}", f"{prefix}-unit": "C",
                                          f"{prefix}-sections": ["muc_4_1"]}, follow=True)
    assert "Mọi mục của phần" not in response.content.decode()
    assert {sa.unit.code: sa.section_keys for sa in SectionAssignment.objects.filter(round=round_)} == {
        "A": ["phan_i", "phan_iii", "phan_iv"], "B": ["muc_3_4", "muc_4_10"], "C": ["muc_4_1"]}
    html = admin_client.get(manage).content.decode()
    assert ("Trừ các mục giao cho đơn vị khác: III.4. Công tác kiểm tra, giám sát; IV.1. Lãnh đạo, chỉ đạo; "
            "IV.10. Kế hoạch kiểm tra") in html
    response = admin_client.post(manage, {"action": "open"}, follow=True)
    assert "3 nhiệm vụ đã giao cho các đơn vị" in response.content.decode()
    assert Assignment.objects.get(round=round_, unit=tree.A).excluded_keys == ["muc_3_4", "muc_4_1", "muc_4_10"]
