"""Filling, reviewing and the history of a report: English once chosen, Vietnamese (unchanged) before.

Data stay as entered: unit, round, form, section and field names, values, comments and people's names.
The form drawn inside the step page (formbuilder/renderer) is checked whole here; its every word and message
is checked in test_language_forms.
"""
import datetime as dt
import re

import pytest
from django.utils import timezone

from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
from formbuilder.rounds.models import Submission, SubmissionEvent, TargetKind
from formbuilder.rounds.services import (
    round_add_target, round_create, round_open, submission_return, submission_save_draft, submission_submit,
)
from tests.formbuilder.rounds_helpers import published_outline

from .test_language import html_lang, vietnamese_words

pytestmark = pytest.mark.django_db

FULL = {"phan_i": {"tinh_hinh": "Ổn định"}, "phan_ii": {"so_van_ban": 1234}, "phan_iii": {"uu_diem": "Kịp thời"}}
AT = dt.datetime(2026, 4, 3, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def reports(tree, make_user):
    """A round due in ten days for the communes of P; A's drafter and P's reviewer; names shown as entered."""
    version = published_outline()
    rule = ReportingRule(period_type=PeriodType.ONE_OFF,
                         due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=10)))
    round_ = round_create(code="dot-2", title="Tự kiểm tra đợt 2", issuing_unit=tree.P, rule=rule, versions=[version])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=timezone.now() - dt.timedelta(days=30))
    data = [tree.P.name, tree.A.name, tree.B.name, round_.title, version.definition.title, "Đặc điểm tình hình",
            "Kết quả", "Tự đánh giá", "Tình hình chung", "Số văn bản", "Ưu điểm", "Ổn định", "Kịp thời", "văn bản",
            "Lan Nguyễn", "Thiếu số liệu quý I", "Bổ sung", "Tiếng Việt"]
    return type("Reports", (), {
        "round": round_, "sub": Submission.objects.get(assignment__round=round_, assignment__unit=tree.A),
        "drafter": make_user("soan.a", unit=tree.A, role="drafter", first_name="Lan", last_name="Nguyễn"),
        "reviewer": make_user("duyet.p", unit=tree.P, role="reviewer"), "data": data})


def submitted(reports) -> Submission:
    sub = submission_save_draft(submission=reports.sub, data=FULL, expected_revision=0, acting_user=reports.drafter)
    return submission_submit(submission=sub, acting_user=reports.drafter)


def returned(reports) -> Submission:
    sub = submission_return(submission=submitted(reports), acting_user=reports.reviewer, comment="Bổ sung",
                            section_comments={"phan_ii": "Thiếu số liệu quý I"})
    SubmissionEvent.objects.filter(submission=sub).update(at=AT)
    return sub


def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def texts(html: str, pattern: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in re.findall(pattern, html, re.S)]


def messages_of(html: str) -> list[str]:
    return texts(html, r'<(?:li|div|p) class="msg[^"]*"[^>]*>(.*?)</(?:li|div|p)>')


# --- Filling ------------------------------------------------------------------------------------------

def test_fill_step_in_vietnamese_is_unchanged(client, reports):
    client.force_login(reports.drafter)
    url = f"/bao-cao/{reports.sub.pk}/nhap/phan_i/"
    html = client.get(url).content.decode()
    assert html_lang(html) == "vi"
    assert texts(html, r"<dt>(.*?)</dt>") == ["Đợt báo cáo", "Đơn vị", "Hạn nộp", "Trạng thái"]
    assert '<p class="step-count">Bước 1/3</p>' in html and 'aria-label="Bước 1/3: I. Đặc điểm tình hình"' in html
    assert html.count('title="Còn 1 mục chưa đủ khi nộp">còn 1</span>') == 3 and ">Kiểm tra và nộp</a>" in html
    assert ">Lưu và tiếp tục</button>" in html and ">Lưu nháp</button>" in html and ">Lịch sử</a>" in html
    assert 'aria-label="Vị trí"' in html and 'aria-label="Các bước nhập báo cáo"' in html

    response = client.post(url, {"revision": "0", "tinh_hinh": "Ổn định", "hanh_dong": "tiep"}, follow=True)
    html = response.content.decode()
    assert re.search(r"Đã lưu “I\. Đặc điểm tình hình” lúc \d\d:\d\d\.", " ".join(messages_of(html)))
    assert '<p class="step-count">Bước 2/3</p>' in html and ">Lưu và quay lại bước trước</button>" in html
    assert '<span class="badge ok">đủ</span>' in html


def test_fill_step_is_wholly_english_once_chosen(client, reports, settings):
    english(client, settings)
    client.force_login(reports.drafter)
    url = f"/bao-cao/{reports.sub.pk}/nhap/phan_i/"
    html = client.get(url).content.decode()
    assert html_lang(html) == "en"
    assert texts(html, r"<dt>(.*?)</dt>") == ["Reporting round", "Unit", "Due", "Status"]
    assert "Drafting</span> · <a" in html and ">History</a>" in html
    assert '<p class="step-count">Step 1/3</p>' in html and 'aria-label="Step 1/3: I. Đặc điểm tình hình"' in html
    assert html.count('title="1 item still incomplete for submission">1 left</span>') == 3
    assert ">Check and submit</a>" in html and ">Save and continue</button>" in html and ">Save draft</button>" in html
    assert vietnamese_words(html, reports.data) == set()

    response = client.post(url, {"revision": "0", "tinh_hinh": "Ổn định", "hanh_dong": "tiep"}, follow=True)
    html = response.content.decode()
    assert re.search(r"“I\. Đặc điểm tình hình” saved at \d\d:\d\d\.", " ".join(messages_of(html)))
    assert '<p class="step-count">Step 2/3</p>' in html and ">Save and go back</button>" in html
    assert '<span class="badge ok">complete</span>' in html
    assert vietnamese_words(html, reports.data) == set()


def test_check_and_submit_follow_the_language(client, reports, settings):
    client.force_login(reports.drafter)
    check = f"/bao-cao/{reports.sub.pk}/nhap/kiem-tra/"
    html = client.post(check, {"hanh_dong": "nop"}).content.decode()  # nothing entered yet: refused
    assert "Chưa nộp được: báo cáo còn 3 lỗi cần sửa. Bấm vào từng lỗi để tới đúng ô cần sửa." in html
    assert "<h3>Báo cáo còn 3 mục cần hoàn thiện trước khi nộp</h3>" in html and "1 lỗi</span>" in html

    english(client, settings)
    html = client.post(check, {"hanh_dong": "nop"}).content.decode()
    assert "Not submitted: the report has 3 errors to fix. Click each error to go to the field to fix." in html
    assert "<h3>The report has 3 items to complete before it can be submitted</h3>" in html
    assert html.count('<span class="badge flag">1 error</span>') == 3
    assert "<li>Tình hình chung: is required</li>" in html and "<li>Số văn bản: is required</li>" in html
    assert vietnamese_words(html, reports.data) == set()

    submission_save_draft(submission=reports.sub, data=FULL, expected_revision=0, acting_user=reports.drafter)
    html = client.get(check).content.decode()
    assert "<h2 id=\"check-heading\">Check and submit the report</h2>" in html
    assert "The report has all the required information." in html and ">Submit the report</button>" in html
    assert html.count("<summary>View the values entered</summary>") == 3
    assert vietnamese_words(html, reports.data) == set()

    html = client.post(check, {"hanh_dong": "nop"}, follow=True).content.decode()
    assert re.search(r"Report “Đề cương thử” submitted at \d\d/\d\d/\d{4} \d\d:\d\d\. The higher level will review it\.",
                     " ".join(messages_of(html)))
    html = client.get(f"/bao-cao/{reports.sub.pk}/nhap/phan_i/").content.decode()
    assert re.search(r"The report was submitted at [\d/: ]+ and is awaiting review, so it can no longer be edited\.",
                     html)
    assert ">View the whole report</a>" in html and vietnamese_words(html, reports.data) == set()


def test_a_drafter_of_another_unit_is_refused_in_the_chosen_language(client, reports, tree, make_user, settings):
    client.force_login(make_user("duyet.a", unit=tree.A, role="viewer"))
    url = f"/bao-cao/{reports.sub.pk}/nhap/"
    html = client.get(url).content.decode()
    assert f"Bạn chỉ được nhập báo cáo của đơn vị mình; báo cáo này thuộc {tree.A.name}." in html
    assert "<h1>Không có quyền thực hiện</h1>" in html

    english(client, settings)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 403 and "<h1>Not allowed to do this</h1>" in html
    assert f"You may only fill in your own unit&#x27;s reports; this report belongs to {tree.A.name}." in html
    assert vietnamese_words(html, reports.data) == set()


# --- History ------------------------------------------------------------------------------------------

def test_history_in_vietnamese_is_unchanged(client, reports):
    sub = returned(reports)
    client.force_login(reports.drafter)
    html = client.get(f"/bao-cao/{sub.pk}/lich-su/").content.decode()
    assert "<h1>Lịch sử báo cáo</h1>" in html and "Trạng thái hiện tại: <strong>Bị trả lại</strong>" in html
    assert "<strong>Lan Nguyễn</strong>: Lưu nháp</p>" in html
    assert "<strong>Lan Nguyễn</strong>: Nộp báo cáo (Đang soạn → Đã nộp, chờ duyệt)" in html
    assert "<strong>duyet.p</strong>: Trả lại (Đã nộp, chờ duyệt → Bị trả lại)" in html
    assert '<tr><th scope="row">Số văn bản</th><td>(trống)</td><td>1.234 văn bản</td></tr>' in html
    assert "Ý kiến: Bổ sung" in html and "<li>II. Kết quả: Thiếu số liệu quý I</li>" in html
    assert texts(html, r'<th scope="col">(.*?)</th>')[:3] == ["Mục", "Giá trị cũ", "Giá trị mới"]


def test_history_is_wholly_english_once_chosen(client, reports, settings):
    sub = returned(reports)
    english(client, settings)
    client.force_login(reports.drafter)
    html = client.get(f"/bao-cao/{sub.pk}/lich-su/").content.decode()
    assert html_lang(html) == "en" and "<title>History · Đề cương thử" in html
    assert "<h1>Report history</h1>" in html and "Current status: <strong>Returned</strong>" in html
    assert html.count(">03/04/2026 09:05</time> — <strong>") == 3
    assert "<strong>Lan Nguyễn</strong>: Draft saved</p>" in html
    assert "<strong>Lan Nguyễn</strong>: Report submitted (Drafting → Submitted, awaiting review)" in html
    assert "<strong>duyet.p</strong>: Returned (Submitted, awaiting review → Returned)" in html
    assert '<tr><th scope="row">Số văn bản</th><td>(empty)</td><td>1.234 văn bản</td></tr>' in html
    assert "Comments: Bổ sung" in html and "<li>II. Kết quả: Thiếu số liệu quý I</li>" in html
    assert texts(html, r'<th scope="col">(.*?)</th>')[:3] == ["Item", "Old value", "New value"]
    assert vietnamese_words(html, reports.data) == set()


def test_history_of_a_fresh_draft_in_english(client, reports, settings):
    english(client, settings)
    client.force_login(reports.drafter)
    html = client.get(f"/bao-cao/{reports.sub.pk}/lich-su/").content.decode()
    assert "<p>No changes yet.</p>" in html and vietnamese_words(html, reports.data) == set()


# --- Review and progress ------------------------------------------------------------------------------

def test_review_page_in_vietnamese_is_unchanged(client, reports):
    sub = submitted(reports)
    client.force_login(reports.reviewer)
    html = client.get(f"/bao-cao/duyet/{sub.pk}/").content.decode()
    assert f"<h1>Duyệt báo cáo: {reports.sub.assignment.unit.name}</h1>" in html
    assert texts(html, r"<dt>(.*?)</dt>") == ["Đợt báo cáo", "Biểu mẫu", "Hạn nộp", "Nộp lúc", "Trạng thái"]
    assert ">Ý kiến về phần “II. Kết quả”</label>" in html and ">Ý kiến chung</label>" in html
    assert 'value="return">Trả lại</button>' in html and 'value="approve">Duyệt</button>' in html
    assert texts(html, r'<th scope="col">(.*?)</th>') == ["Thời điểm", "Người thực hiện", "Thao tác", "Ý kiến"]
    assert "<td>Nộp</td>" in html

    response = client.post(f"/bao-cao/duyet/{sub.pk}/", {"action": "approve"}, follow=True)
    html = response.content.decode()
    assert f"Đã duyệt báo cáo của {reports.sub.assignment.unit.name}; báo cáo đã khóa." in messages_of(html)
    assert "<td>Duyệt</td>" in html and 'value="unapprove">Hủy duyệt</button>' in html


def test_review_page_is_wholly_english_once_chosen(client, reports, settings):
    sub = submitted(reports)
    english(client, settings)
    client.force_login(reports.reviewer)
    url = f"/bao-cao/duyet/{sub.pk}/"
    unit = reports.sub.assignment.unit.name
    html = client.get(url).content.decode()
    assert html_lang(html) == "en" and f"<title>Review report — {unit}" in html
    assert f"<h1>Review report: {unit}</h1>" in html
    assert texts(html, r"<dt>(.*?)</dt>") == ["Reporting round", "Form", "Due", "Submitted at", "Status"]
    assert ">Comments on “II. Kết quả”</label>" in html and ">General comments</label>" in html
    assert 'value="return">Return</button>' in html and 'value="approve">Approve</button>' in html
    assert texts(html, r'<th scope="col">(.*?)</th>') == ["Time", "By", "Actions", "Comments"]
    assert "<td>Submitted</td>" in html
    assert vietnamese_words(html, reports.data) == set()

    html = client.post(url, {"action": "approve"}, follow=True).content.decode()
    assert f"The report of {unit} is approved; it is now locked." in messages_of(html)
    assert "<td>Approved</td>" in html and 'value="unapprove">Withdraw approval</button>' in html
    assert vietnamese_words(html, reports.data) == set()

    html = client.post(url, {"action": "unapprove", "comment": "Bổ sung"}, follow=True).content.decode()
    assert f"Approval of the report of {unit} was withdrawn; the report is awaiting review again." in messages_of(html)
    assert "<td>Approval withdrawn</td>" in html and vietnamese_words(html, reports.data) == set()

    html = client.post(url, {"action": "return", "comment": "Bổ sung"}, follow=True).content.decode()
    assert f"The report was returned to {unit} with comments." in messages_of(html)
    assert "The report has not been submitted (or the unit is revising it), so it cannot be reviewed yet." in html
    assert "<strong>General comments when returned:</strong> Bổ sung" in html
    assert vietnamese_words(html, reports.data) == set()

    html = client.post(url, {"action": "khac"}, follow=True).content.decode()
    assert "Invalid action." in messages_of(html)


def test_progress_page_follows_the_language(client, reports, settings):
    submitted(reports)
    client.force_login(reports.reviewer)
    url = f"/bao-cao/dot/{reports.round.pk}/tien-do/"
    html = client.get(url).content.decode()
    assert "<h1>Tiến độ: Tự kiểm tra đợt 2</h1>" in html and "Toàn bộ đợt báo cáo; giờ Việt Nam" in html
    assert texts(html, r"<dt>(.*?)</dt>")[:2] == ["Phải nộp", "Đã nộp"] and ">Xem / duyệt</a>" in html
    assert ">Mở lại hạn nhập</button>" in html

    english(client, settings)
    html = client.get(url).content.decode()
    assert "<h1>Progress: Tự kiểm tra đợt 2</h1>" in html and "The whole reporting round; Vietnam time" in html
    assert texts(html, r"<dt>(.*?)</dt>") == ["Expected", "Submitted", "On time", "Submitted late", "Approved",
                                             "Returned", "Overdue, not submitted"]
    assert ">View / review</a>" in html and ">Reopen entry</button>" in html and ">Reopen until</label>" in html
    assert vietnamese_words(html, reports.data) == set()

    assignment = reports.round.assignments.get(unit__code="B")
    html = client.post(f"/bao-cao/dot/{reports.round.pk}/mo-lai/{assignment.pk}/", {"until": "khong"},
                       follow=True).content.decode()
    assert "The reopening date is not valid; enter it as dd/mm/yyyy." in messages_of(html)
