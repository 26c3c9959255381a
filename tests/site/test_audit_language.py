"""The audit trail does not depend on the acting user's language: rows read in Vietnamese, always.

Role and status names are translatable; ``Membership`` and ``Submission`` show them in their ``str()``,
which the audit row stores. Done in English, the row would otherwise keep the English names.
"""
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from baocao_site.audit.models import AuditEntry
from baocao_site.audit.services import audit_record, audit_record_many
from hierarchy.models import Membership, Role
from hierarchy.services import membership_add, membership_remove
from formbuilder.rounds.models import TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open
from tests.formbuilder.rounds_helpers import fixed_rule, published_outline
from tests.formbuilder.rounds_review.conftest import DUE_DAY, OPEN, submit

pytestmark = pytest.mark.django_db


def rows(action: str) -> list[tuple[str, dict]]:
    return [(e.object_repr, e.changes) for e in AuditEntry.objects.filter(action=action).order_by("id")]


def test_membership_rows_are_vietnamese_whichever_language_is_active(tree, make_user):
    user = make_user("lan")
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            membership_remove(membership=membership_add(user=user, unit=tree.A, role=Role.REVIEWER))
    added, removed = rows("membership.add"), rows("membership.remove")
    assert added[0][0] == f"lan — Người duyệt — {tree.A.name}"
    assert added == [added[0]] * 3 and removed == [added[0]] * 3  # the English action wrote the same row


def test_lazy_labels_and_objects_in_changes_are_stored_in_vietnamese(tree, make_user):
    membership = Membership.objects.create(user=make_user("lan"), unit=tree.A, role=Role.DRAFTER)
    with translation.override("en"):
        entry = audit_record(actor=None, action="thu.nhan", obj=membership,
                             changes={"role": Role.DRAFTER.label, "labels": [gettext_lazy("Đã duyệt")],
                                      "membership": membership, "count": 2, "code": "A"})
        audit_record_many(actor=None, action="thu.nhieu", objs=[membership],
                          changes_for=lambda m: {"role": m.get_role_display()})
        assert str(Role.DRAFTER.label) == "Report drafter"  # English was indeed active
    entry.refresh_from_db()
    text = f"lan — Người soạn báo cáo — {tree.A.name}"
    assert entry.object_repr == text
    assert entry.changes == {"role": "Người soạn báo cáo", "labels": ["Đã duyệt"], "membership": text, "count": 2,
                             "code": "A"}
    assert rows("thu.nhieu") == [(text, {"role": "Người soạn báo cáo"})]


def test_review_done_in_english_records_the_same_vietnamese_rows(client, tree, make_user, settings):
    round_ = round_create(code="dot-2", title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                          rule=fixed_rule(DUE_DAY, grace_days=3), versions=[published_outline()])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    sub_a = submit(round_, "A", make_user("soan.a", unit=tree.A, role="drafter"))
    sub_b = submit(round_, "B", make_user("soan.b", unit=tree.B, role="drafter"))
    client.force_login(make_user("duyet.p", unit=tree.P, role="reviewer"))
    client.post(f"/bao-cao/duyet/{sub_a.pk}/", {"action": "approve"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/bao-cao/duyet/{sub_b.pk}/", {"action": "approve"}, follow=True)
    assert "Approved" in response.content.decode()  # the page did answer in English

    by_unit = {e.object_id: (e.object_repr, e.changes) for e in AuditEntry.objects.filter(action="submission.approve")}
    in_vietnamese, in_english = by_unit[str(sub_a.pk)], by_unit[str(sub_b.pk)]
    assert in_vietnamese[0].endswith(f"— {sub_a.assignment.unit.name} — DC-THU (Đã duyệt)")
    assert in_english[0].endswith(f"— {sub_b.assignment.unit.name} — DC-THU (Đã duyệt)")
    assert in_english[0].replace(sub_b.assignment.unit.name, sub_a.assignment.unit.name) == in_vietnamese[0]
    assert in_english[1] == in_vietnamese[1] == {"status": ["submitted", "approved"]}
