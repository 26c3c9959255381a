"""The Excel path (submissions_bulk_save) and the web form (submission_save_draft, submission_submit)
give the same result for the same input: data, validation errors, history and audit.

Unit A goes through the web services, unit B (an identical report) through the bulk save; then
their outcomes are compared, so that the two implementations of the draft rules cannot drift.
The one intended difference: the import also audits each saved report ("submission.import_save",
source excel) where the web form's save records history only; and its audit rows say "source".
"""
from __future__ import annotations

import pytest

from baocao_site.audit.models import AuditEntry
from formbuilder.rounds.errors import SubmissionInvalid
from formbuilder.rounds.models import Assignment
from formbuilder.rounds.services import submission_save_draft, submission_submit
from formbuilder.selectors import compiled_form
from indicators.excel.services import submissions_bulk_save

from .conftest import open_round_for, publish, sub_of

pytestmark = pytest.mark.django_db

SECTIONED = [
    {"type": "section", "key": "phan_a", "title": "Phần A", "children": [
        {"type": "number", "key": "so_a", "label": "Số A", "integer": True, "minimum": 0, "required": True},
        {"type": "section", "key": "muc_a2", "title": "Mục A2", "children": [
            {"type": "number", "key": "so_a2", "label": "Số A2", "integer": True, "minimum": 0}]}]},
    {"type": "section", "key": "phan_b", "title": "Phần B", "children": [
        {"type": "number", "key": "so_b", "label": "Số B", "integer": True, "minimum": 0}]},
]


def history(sub):
    return [(e.action, e.from_status, e.to_status, e.revision, e.changes)
            for e in sub.events.order_by("pk")]


def audit(sub, *, without=("source",)):
    return [(a.action, {k: v for k, v in a.changes.items() if k not in without})
            for a in AuditEntry.objects.filter(object_type="rounds.submission", object_id=str(sub.pk),
                                               action__startswith="submission.").exclude(
                action="submission.import_save").order_by("pk")]


def web(sub, data, user, *, submit=False):
    """Return ("ok", None) or ("invalid", [(path, message)]) for the web form's save (and submit)."""
    try:
        sub = submission_save_draft(submission=sub, data=data, expected_revision=sub.revision, acting_user=user)
        if submit:
            submission_submit(submission=sub, acting_user=user)
    except SubmissionInvalid as exc:
        return "invalid", [(tuple(e.path), e.message) for e in exc.field_errors]
    return "ok", None


def excel(sub, data, user, *, submit=False):
    """Return the same for the bulk save of one submission."""
    try:
        submissions_bulk_save(items=[(sub, data)], acting_user=user, expected_revisions={str(sub.pk): sub.revision},
                              submit=submit)
    except SubmissionInvalid as exc:
        return "invalid", [(tuple(e.path), e.message) for e in exc.field_errors]
    return "ok", None


def same_outcome(round_, user, data, *, submit=False):
    a, b = sub_of(round_, "A"), sub_of(round_, "B")
    outcome_web, outcome_excel = web(a, data, user, submit=submit), excel(b, data, user, submit=submit)
    a, b = sub_of(round_, "A"), sub_of(round_, "B")
    assert outcome_web == outcome_excel
    assert (a.data, a.revision, a.status, a.is_late) == (b.data, b.revision, b.status, b.is_late)
    assert history(a) == history(b)
    assert audit(a) == audit(b)
    return outcome_web


@pytest.mark.parametrize("submit", [False, True])
def test_valid_data_gives_the_same_report(round_, drafter_ab, submit):
    data = {"so_vu": 12, "kinh_phi": 3.5, "ghi_chu": "=1+1", "muc_do": "tot", "da_hoan_thanh": True,
            "bien_che": {"dang": {"duoc_giao": 3, "co_mat": 2}},
            "vu_viec": [{"ten": "Vụ một", "ngay": "2026-02-01", "xu_ly": "canh_cao"}]}
    assert same_outcome(round_, drafter_ab, data, submit=submit) == ("ok", None)
    b = sub_of(round_, "B")
    assert b.data["so_vu"] == 12 and b.revision == 1
    assert [action for action, *_ in history(b)] == (["save", "submit"] if submit else ["save"])
    assert [action for action, _ in audit(b)] == (["submission.submit"] if submit else [])
    if not submit:
        # Saved again with the same data: no new revision and no event, on both paths.
        assert same_outcome(round_, drafter_ab, data) == ("ok", None)
        assert sub_of(round_, "B").revision == 1 and len(history(sub_of(round_, "B"))) == 1


def test_wrong_values_give_the_same_errors(round_, drafter_ab):
    data = {"so_vu": -1, "kinh_phi": "nhiều", "muc_do": "xuat_sac", "bien_che": {"dang": {"duoc_giao": 1.5}},
            "vu_viec": [{"ngay": "2026-02-01"}]}
    status, errors = same_outcome(round_, drafter_ab, data)
    assert status == "invalid" and len(errors) >= 4
    assert sub_of(round_, "B").data == {} and history(sub_of(round_, "B")) == []


def test_incomplete_report_is_refused_alike_when_submitting(tree, drafter_ab):
    version = publish(code="PL-PHAN", items=SECTIONED)
    round_ = open_round_for(tree, [version], code="dot-phan")
    status, errors = same_outcome(round_, drafter_ab, {}, submit=True)
    assert status == "invalid" and errors


def test_a_unit_given_part_of_the_form_is_merged_and_checked_alike(tree, drafter_ab):
    version = publish(code="PL-PHAN", items=SECTIONED)
    round_ = open_round_for(tree, [version], code="dot-phan")
    # A and B draft part A less its sub-section A2 (given to another unit), not part B.
    Assignment.objects.filter(round=round_).update(section_keys=["phan_a"], excluded_keys=["muc_a2"])
    compiled = compiled_form(version=version)

    def put(data, key, value):
        *parents, last = compiled.fields[key].path
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
        return data

    before = put(put(put({}, "so_a", 1), "so_a2", 2), "so_b", 3)
    for code in ("A", "B"):
        sub = sub_of(round_, code)
        type(sub).objects.filter(pk=sub.pk).update(data=before)
    # A2 and B are someone else's: their values (even wrong ones) are neither taken nor checked.
    data = put(put(put({}, "so_a", 5), "so_a2", -9), "so_b", -9)
    assert same_outcome(round_, drafter_ab, data) == ("ok", None)
    assert sub_of(round_, "B").data == put(put(put({}, "so_a", 5), "so_a2", 2), "so_b", 3)
    status, errors = same_outcome(round_, drafter_ab, put({}, "so_a", -1))
    assert status == "invalid" and [path for path, _ in errors] == [tuple(compiled.fields["so_a"].path)]
