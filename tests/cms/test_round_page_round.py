"""The round page shows its round, as the rounds app reports it through the cms hooks: forms,
deadlines in Vietnamese, the user's links, and progress within the units the user may see."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from cms.models import RoundPage
from formbuilder.engine.calendar import VN_TZ, DueRule, LevelOverride, PeriodType, ReportingRule
from formbuilder.rounds.cms_hooks import deadline_text, round_page_details, round_page_progress
from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import (
    round_add_target, round_create, round_open, submission_save_draft, submission_submit,
)
from tests.formbuilder.rounds_helpers import fixed_rule, published_outline

OPENED = dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN_TZ)
FULL = {"phan_i": {"tinh_hinh": "Ổn định"}, "phan_ii": {"so_van_ban": 12}, "phan_iii": {"uu_diem": "Kịp thời"}}


@pytest.fixture
def round_(tree):
    """Round "dot2-2026" of province P, one outline (DC-THU v1), due 09/4/2026, to communes A and B."""
    round_ = round_create(code="dot2-2026", title="Tự kiểm tra đợt 2", issuing_unit=tree.P,
                          rule=fixed_rule(dt.date(2026, 4, 9)), versions=[published_outline()])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPENED)
    return round_


@pytest.fixture
def people(tree, make_user):
    return type("People", (), {
        "a": make_user("soan.a", unit=tree.A, role="drafter"),
        "c": make_user("soan.c", unit=tree.C, role="drafter"),  # province Q: no report in the round
        "reviewer": make_user("duyet.p", unit=tree.P, role="reviewer"),
    })


@pytest.fixture
def a_submitted(round_, people):
    """Commune A has submitted its report; commune B has not."""
    sub = Submission.objects.get(assignment__round=round_, assignment__unit__code="A")
    sub = submission_save_draft(submission=sub, data=FULL, expected_revision=sub.revision, acting_user=people.a,
                                now=OPENED)
    return submission_submit(submission=sub, acting_user=people.a, now=OPENED)


@pytest.fixture
def round_page(home, publish):
    return publish(home, RoundPage(title="Trang đợt 2", slug="dot-2", round_code="dot2-2026",
                                   deadline_text="chậm nhất ngày 09/4/2026"))


def test_deadline_text_is_vietnamese_in_vietnam_time():
    assert deadline_text(dt.datetime(2026, 4, 9, 23, 59, 59, tzinfo=VN_TZ)) == "hết ngày 09/04/2026 (thứ Năm)"
    assert deadline_text(dt.datetime(2026, 4, 12, 10, 0, tzinfo=dt.timezone.utc)) == \
        "17:00 ngày 12/04/2026 (Chủ nhật)"


def test_anonymous_reader_sees_forms_and_deadline_but_no_progress_or_links(client, round_, a_submitted,
                                                                          round_page):
    html = client.get(round_page.url).content.decode()
    assert 'data-testid="round-forms"' in html
    assert "<td>DC-THU</td><td>Đề cương thử</td><td>1</td>" in html
    assert "hết ngày 09/04/2026 (thứ Năm)" in html and "chậm nhất ngày 09/4/2026" in html
    assert 'data-testid="round-progress"' not in html
    assert 'data-testid="round-links"' not in html
    assert reverse("rounds:tasks") not in html


def test_drafter_sees_progress_of_their_unit_and_a_link_to_their_report(client, people, a_submitted, round_page):
    client.force_login(people.a)
    html = client.get(round_page.url).content.decode()
    assert "Báo cáo đã nộp trong các đơn vị bạn theo dõi: 1/1 (100%)" in html
    assert "Xem chi tiết tiến độ" not in html  # a drafter does not follow the round's progress page
    assert f'href="{reverse("rounds:tasks")}"' in html
    assert f'href="{reverse("rounds:history", args=[a_submitted.pk])}">Đề cương thử — Xã Vĩnh Am</a>' in html
    assert "Phường Long Xuyên" not in html  # commune B's report is not theirs


def test_draft_report_open_for_entry_links_to_the_form(client, tree, people, home, publish):
    due = dt.date.today() + dt.timedelta(days=30)  # still open for entry whenever the test runs
    round_ = round_create(code="dot-sau", title="Đợt sau", issuing_unit=tree.P, rule=fixed_rule(due),
                          versions=[published_outline()])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_, now=OPENED)
    sub = Submission.objects.get(assignment__round=round_)
    page = publish(home, RoundPage(title="Đợt sau", slug="dot-sau", round_code="dot-sau"))
    client.force_login(people.a)
    html = client.get(page.url).content.decode()
    assert f'href="{reverse("rounds:fill", args=[sub.pk])}">Đề cương thử — Xã Vĩnh Am</a>' in html
    assert "Đang soạn · Nhập báo cáo" in html


def test_reviewer_sees_progress_of_their_subtree_with_a_link_to_follow_it(client, people, round_, a_submitted,
                                                                         round_page):
    client.force_login(people.reviewer)
    html = client.get(round_page.url).content.decode()
    assert "1/2 (50%)" in html
    assert '<progress id="round-progress-bar" max="2" value="1">' in html
    assert f'href="{reverse("rounds:progress", args=[round_.pk])}">Xem chi tiết tiến độ</a>' in html


def test_user_without_reports_in_the_round_sees_no_progress(client, people, a_submitted, round_page):
    client.force_login(people.c)
    html = client.get(round_page.url).content.decode()
    assert 'data-testid="round-progress"' not in html
    assert 'data-testid="round-forms"' in html
    assert f'href="{reverse("rounds:tasks")}"' in html


def test_page_without_a_matching_round_keeps_its_own_deadline(client, home, publish, people):
    page = publish(home, RoundPage(title="Đợt chưa có", slug="chua-co", round_code="khong-co",
                                   deadline=dt.date(2026, 5, 4)))
    client.force_login(people.a)
    html = client.get(page.url).content.decode()
    assert '<time datetime="2026-05-04">04/05/2026</time>' in html
    assert 'data-testid="round-forms"' not in html and 'data-testid="round-progress"' not in html


def test_levels_with_different_due_times_are_listed_by_level(client, tree, home, publish):
    rule = ReportingRule(period_type=PeriodType.ONE_OFF, due=DueRule.fixed(
        dt.date(2026, 4, 7), level_overrides={2: LevelOverride(extra_days=2)}))
    round_ = round_create(code="dot2-2026", title="Tự kiểm tra đợt 2", issuing_unit=tree.TW, rule=rule,
                          versions=[published_outline()])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.P)
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPENED)
    page = publish(home, RoundPage(title="Trang đợt 2", slug="dot-2", round_code="dot2-2026"))
    html = client.get(page.url).content.decode()
    assert "Cấp tỉnh: <time" in html and "hết ngày 07/04/2026 (thứ Ba)" in html
    assert "Cấp xã: <time" in html and "hết ngày 09/04/2026 (thứ Năm)" in html


def _request(user):
    request = RequestFactory().get("/dot-2/")
    request.user = user
    return request


@pytest.mark.parametrize("who, expected", [("a", (1, 1, False)), ("reviewer", (1, 2, True))])
def test_progress_costs_three_queries(people, a_submitted, round_page, django_assert_num_queries, who, expected):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=getattr(people, who).pk)  # nothing cached yet
    page = RoundPage.objects.get(pk=round_page.pk)
    with django_assert_num_queries(3):  # memberships, the round, the counts
        progress = round_page_progress(page, _request(user))
    assert (progress.done, progress.total, bool(progress.url)) == expected


def test_anonymous_progress_costs_nothing(round_, round_page, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert round_page_progress(round_page, _request(AnonymousUser())) is None


def test_details_cost_three_queries_for_anonymous(round_, round_page, django_assert_num_queries):
    page = RoundPage.objects.get(pk=round_page.pk)
    with django_assert_num_queries(3):  # the round, its forms, its due times
        details = round_page_details(page, _request(AnonymousUser()))
    assert [(f.code, f.version) for f in details.forms] == [("DC-THU", 1)]
    assert details.status == "Đang nhận báo cáo" and details.links == ()


def test_a_series_code_shows_the_latest_round_of_a_recurring_series(client, tree, home, publish):
    from formbuilder.rounds.services_admin import round_open_next
    from tests.formbuilder.rounds_helpers import monthly_rule, period

    march = round_create(code="cds-thu-2026-03", title="Chỉ tiêu tháng", issuing_unit=tree.P, rule=monthly_rule(),
                         versions=[published_outline()], period=period(index=3), recurring=True)
    round_add_target(round=march, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=march, now=dt.datetime(2026, 3, 1, 8, 0, tzinfo=VN_TZ))
    april = round_open_next(round=march, now=dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN_TZ))
    assert april.code == "cds-thu-2026-04"
    page = publish(home, RoundPage(title="Chỉ tiêu hằng tháng", slug="chi-tieu-thang", round_code="cds-thu"))
    html = client.get(page.url).content.decode()
    assert "hết ngày 18/04/2026 (thứ Bảy)" in html
    assert "18/03/2026" not in html


def test_a_code_prefix_of_a_round_that_does_not_recur_shows_nothing(client, round_, home, publish):
    page = publish(home, RoundPage(title="Đợt 2", slug="dot2", round_code="dot2"))
    assert 'data-testid="round-forms"' not in client.get(page.url).content.decode()
