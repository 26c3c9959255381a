"""Builders for the review-side tests: a published outline and a round opened on the small tree."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open, submission_save_draft, \
    submission_submit

from ..rounds_helpers import fixed_rule, published_outline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OPEN = dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN)
DUE_DAY = dt.date(2026, 4, 9)
FULL = {"phan_i": {"tinh_hinh": "Ổn định"}, "phan_ii": {"so_van_ban": 12}, "phan_iii": {"uu_diem": "Kịp thời"}}


@pytest.fixture
def version(db):
    return published_outline()


@pytest.fixture
def opened(tree, version):
    """A one-off round due 09/4/2026 (entry open 3 days more), assigned to the communes A and B of province P, opened on 01/4/2026."""
    round_ = round_create(code="dot-2", title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                          rule=fixed_rule(DUE_DAY, grace_days=3), versions=[version])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    return round_


@pytest.fixture
def people(tree, make_user):
    """Drafters of A and B, and the reviewer of province P."""
    return type("People", (), {
        "a": make_user("soan.a", unit=tree.A, role="drafter", email="soan.a@example.invalid"),
        "b": make_user("soan.b", unit=tree.B, role="drafter"),
        "reviewer": make_user("duyet.p", unit=tree.P, role="reviewer", email="duyet.p@example.invalid"),
    })


def sub_of(round_, code) -> Submission:
    return Submission.objects.get(assignment__round=round_, assignment__unit__code=code)


def submit(round_, code, user, data=FULL, at=OPEN) -> Submission:
    sub = sub_of(round_, code)
    sub = submission_save_draft(submission=sub, data=data, expected_revision=sub.revision, acting_user=user, now=at)
    return submission_submit(submission=sub, acting_user=user, now=at)
