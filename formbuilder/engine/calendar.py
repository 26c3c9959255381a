"""The reporting calendar (lịch báo cáo): periods, data windows, due dates and locks.

Plain Python over frozen dataclasses, no Django: the adapter that opens rounds and the screens
that show deadlines share this one definition, and it is tested without a database.

A round's rule (``ReportingRule``) has independent parts:

* the period type (kỳ báo cáo): monthly, quarterly, half-year, 9-month, yearly — or a one-off
  round with a fixed deadline ("chậm nhất ngày 09/4/2026"), or an ad-hoc round (đột xuất) due
  within some hours or days of opening;
* the data cut-off window (kỳ số liệu): the calendar period, or shifted, e.g. from the 15th of
  the month before the period to the 14th of its last month;
* the due rule (hạn nộp), with per-level overrides so that upper levels, which consolidate the
  reports of the levels below, can have a later date;
* when entry locks: at the due time, or an optional grace of some days after it (issue 4:
  "entry locks after the due date plus an optional grace").

Every time is Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). A due *date* means
the end of that day, 23:59:59 Vietnam time. Datetimes going in must be timezone-aware; naive
ones are refused rather than guessed. Rules serialise to plain dicts for a JSONField.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import singledispatch
from types import MappingProxyType
from zoneinfo import ZoneInfo

__all__ = [
    "VN_TZ", "CalendarError", "PeriodType", "Period", "CutoffRule", "DueKind", "LevelOverride",
    "DueRule", "ReportingRule", "next_period", "previous_period", "period_containing",
    "periods_between", "lock_at", "is_late", "is_locked", "describe_rule",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_DAY = dt.time(23, 59, 59)
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_HOURS = 24 * 366
MAX_DAYS = 366
MAX_MONTHS_AFTER = 12
MAX_GRACE_DAYS = 365

DUE_PREFIX = "Quy tắc hạn nộp không hợp lệ"
CUTOFF_PREFIX = "Quy tắc kỳ số liệu không hợp lệ"
RULE_PREFIX = "Lịch báo cáo không hợp lệ"
PERIOD_PREFIX = "Kỳ báo cáo không hợp lệ"


class CalendarError(ValueError):
    """A rule, period or time the calendar cannot work with; ``messages`` lists every problem."""

    def __init__(self, messages: str | list[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


def _fail(prefix: str, problems: list[str]) -> CalendarError:
    return CalendarError([f"{prefix}: {p}" for p in problems])


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class PeriodType(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEARLY = "yearly"
    ONE_OFF = "one_off"
    AD_HOC = "ad_hoc"

    @property
    def label_vi(self) -> str:
        return _TYPE_LABELS[self]

    @property
    def is_recurring(self) -> bool:
        return self in _SHAPES


_TYPE_LABELS = {
    PeriodType.MONTHLY: "Hằng tháng", PeriodType.QUARTERLY: "Hằng quý", PeriodType.HALF_YEAR: "6 tháng",
    PeriodType.NINE_MONTHS: "9 tháng", PeriodType.YEARLY: "Hằng năm", PeriodType.ONE_OFF: "Một lần",
    PeriodType.AD_HOC: "Đột xuất",
}
# (first month, last month) of each period in a year, by index − 1. The 9-month period is
# cumulative from January, as in the plans it reports on, so it does not tile the year.
_SHAPES = {
    PeriodType.MONTHLY: tuple((m, m) for m in range(1, 13)),
    PeriodType.QUARTERLY: ((1, 3), (4, 6), (7, 9), (10, 12)),
    PeriodType.HALF_YEAR: ((1, 6), (7, 12)),
    PeriodType.NINE_MONTHS: ((1, 9),),
    PeriodType.YEARLY: ((1, 12),),
}
_ROMAN = ("I", "II", "III", "IV")
_HALF_NAMES = {1: "6 tháng đầu năm", 2: "6 tháng cuối năm"}


# --- dates and times ---------------------------------------------------------------------------

def _days_in_month(year: int, month: int) -> int:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + months
    return n // 12, n % 12 + 1


def _clamped_date(year: int, month: int, day: int) -> dt.date:
    # Day 31 in a 30-day month, or 29–31 in February, falls on the month's last day: a rule
    # "hạn ngày 31" still means "by the end of the month", never the start of the next one.
    return dt.date(year, month, min(day, _days_in_month(year, month)))


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=VN_TZ)


def _aware(value, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise CalendarError(f"Thời điểm không hợp lệ: {what} phải là datetime có múi giờ, nhận {value!r}")
    return value


def _vn_date(value) -> dt.date:
    """Return a date as is, or an aware datetime's date in Vietnam."""
    if isinstance(value, dt.datetime):
        return _aware(value, "thời điểm").astimezone(VN_TZ).date()
    if isinstance(value, dt.date):
        return value
    raise CalendarError(f"Ngày không hợp lệ: {value!r}")


def _whole_second(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=0)


def _fmt_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _fmt_time(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


# --- periods -----------------------------------------------------------------------------------

def _recurring_type(value, prefix: str) -> PeriodType:
    try:
        kind = PeriodType(value)
    except ValueError:
        raise _fail(prefix, [f"loại kỳ “{value}” không tồn tại"]) from None
    if not kind.is_recurring:
        raise _fail(prefix, [f"loại “{kind.label_vi}” không chia thành các kỳ"])
    return kind


def _index_problem(kind: PeriodType, index) -> str:
    count = len(_SHAPES[kind])
    name = {PeriodType.MONTHLY: "tháng", PeriodType.QUARTERLY: "quý",
            PeriodType.HALF_YEAR: "nửa năm thứ"}.get(kind)
    if name is None:
        return f"kỳ {kind.label_vi.lower()} chỉ có một kỳ mỗi năm (số thứ tự 1), nhận {index!r}"
    return f"{name} {index!r} không tồn tại (chỉ có {name} 1–{count})"


def _period_label(kind: PeriodType, year: int, index: int) -> str:
    if kind is PeriodType.MONTHLY:
        return f"Tháng {index}/{year}"
    if kind is PeriodType.QUARTERLY:
        return f"Quý {_ROMAN[index - 1]}/{year}"
    if kind is PeriodType.HALF_YEAR:
        return f"{_HALF_NAMES[index]} {year}"
    if kind is PeriodType.NINE_MONTHS:
        return f"9 tháng năm {year}"
    return f"Năm {year}"


@dataclass(frozen=True)
class Period:
    """One reporting period (kỳ báo cáo): ``Period(PeriodType.QUARTERLY, 2026, 1)`` is "Quý I/2026".

    ``index`` counts from 1 within the year: the month (1–12), the quarter (1–4), the half
    (1–2); it is always 1 for 9-month and yearly periods. ``start`` and ``end`` are the calendar
    span, both inclusive; the data window may differ (see ``CutoffRule``).
    """

    kind: PeriodType
    year: int
    index: int
    label_vi: str = field(init=False, compare=False)
    start: dt.date = field(init=False, compare=False)
    end: dt.date = field(init=False, compare=False)

    def __post_init__(self):
        kind = _recurring_type(self.kind, PERIOD_PREFIX)
        problems = []
        if not _is_int(self.year) or not MIN_YEAR <= self.year <= MAX_YEAR:
            problems.append(f"năm {self.year!r} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
        if not _is_int(self.index) or not 1 <= self.index <= len(_SHAPES[kind]):
            problems.append(_index_problem(kind, self.index))
        if problems:
            raise _fail(PERIOD_PREFIX, problems)
        first, last = _SHAPES[kind][self.index - 1]
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "label_vi", _period_label(kind, self.year, self.index))
        object.__setattr__(self, "start", dt.date(self.year, first, 1))
        object.__setattr__(self, "end", _clamped_date(self.year, last, 31))

    @property
    def first_month(self) -> int:
        return self.start.month

    @property
    def last_month(self) -> int:
        return self.end.month

    def contains(self, day) -> bool:
        return self.start <= _vn_date(day) <= self.end

    def to_dict(self) -> dict:
        return {"kind": self.kind.value, "year": self.year, "index": self.index}

    @classmethod
    def from_dict(cls, data: Mapping) -> Period:
        if not isinstance(data, Mapping):
            raise _fail(PERIOD_PREFIX, ["dữ liệu phải là một đối tượng (dict)"])
        return cls(data.get("kind"), data.get("year"), data.get("index"))


def next_period(period: Period) -> Period:
    """Return the period after ``period`` (December → January of the next year)."""
    if period.index < len(_SHAPES[period.kind]):
        return Period(period.kind, period.year, period.index + 1)
    return Period(period.kind, period.year + 1, 1)


def previous_period(period: Period) -> Period:
    """Return the period before ``period``."""
    if period.index > 1:
        return Period(period.kind, period.year, period.index - 1)
    return Period(period.kind, period.year - 1, len(_SHAPES[period.kind]))


def period_containing(kind: PeriodType | str, day: dt.date | dt.datetime) -> Period:
    """Return the period of ``kind`` whose calendar span holds ``day`` (a datetime counts in Vietnam time)."""
    kind = _recurring_type(kind, PERIOD_PREFIX)
    day = _vn_date(day)
    for index, (first, last) in enumerate(_SHAPES[kind], start=1):
        if first <= day.month <= last:
            return Period(kind, day.year, index)
    raise CalendarError(f"Ngày {_fmt_date(day)} không thuộc kỳ {kind.label_vi.lower()} nào "
                        f"(kỳ 9 tháng gồm tháng 1 đến tháng 9)")


def periods_between(kind_or_rule: PeriodType | str | ReportingRule, start, end) -> list[Period]:
    """Return, in order, the periods whose calendar span overlaps ``start``…``end`` (inclusive)."""
    kind = kind_or_rule.period_type if isinstance(kind_or_rule, ReportingRule) else kind_or_rule
    kind = _recurring_type(kind, PERIOD_PREFIX)
    start, end = _vn_date(start), _vn_date(end)
    if start > end:
        raise CalendarError(f"Khoảng thời gian không hợp lệ: ngày bắt đầu {_fmt_date(start)} "
                            f"sau ngày kết thúc {_fmt_date(end)}")
    return [period
            for year in range(start.year, end.year + 1)
            for index in range(1, len(_SHAPES[kind]) + 1)
            if (period := Period(kind, year, index)).start <= end and period.end >= start]


# --- data cut-off windows ----------------------------------------------------------------------

@dataclass(frozen=True)
class CutoffRule:
    """Which days' figures a period's report covers (kỳ số liệu).

    ``start_day`` 1 is the calendar period (1st to last day). Any other day d shifts the
    window back: from day d of the month before the period to day d − 1 of the period's last
    month — "từ ngày 15 tháng trước đến ngày 14 tháng này" for monthly rounds, 15/12 of the
    previous year to 14/12 for yearly ones. Consecutive windows tile time like the periods do.
    Days 29–31 are refused: February has no such day, and a boundary that slid with the month
    length would silently give windows of odd lengths.
    """

    start_day: int = 1

    def __post_init__(self):
        day = self.start_day
        if not _is_int(day):
            raise _fail(CUTOFF_PREFIX, [f"ngày bắt đầu kỳ số liệu phải là số nguyên, nhận {day!r}"])
        if not 1 <= day <= 31:
            raise _fail(CUTOFF_PREFIX, [f"ngày {day} không tồn tại trong tháng"])
        if day > 28:
            raise _fail(CUTOFF_PREFIX, [f"ngày bắt đầu kỳ số liệu phải từ 1 đến 28 (tháng 2 không có ngày {day})"])

    @classmethod
    def calendar(cls) -> CutoffRule:
        return cls(1)

    @classmethod
    def from_day(cls, day: int) -> CutoffRule:
        return cls(day)

    @property
    def is_calendar(self) -> bool:
        return self.start_day == 1

    def cutoff_window(self, period: Period) -> tuple[dt.date, dt.date]:
        """Return the first and last day (inclusive) of ``period``'s data window."""
        if self.is_calendar:
            return period.start, period.end
        year, month = _shift_month(period.year, period.first_month, -1)
        return dt.date(year, month, self.start_day), dt.date(period.year, period.last_month, self.start_day - 1)

    def period_for(self, kind: PeriodType | str, day) -> Period:
        """Return the period of ``kind`` whose data window holds ``day``."""
        kind = _recurring_type(kind, PERIOD_PREFIX)
        day = _vn_date(day)
        # A shifted window starts in the month before its period, so ``day`` belongs to a
        # period of its own year or of the next one.
        for year in (y for y in (day.year, day.year + 1) if MIN_YEAR <= y <= MAX_YEAR):
            for index in range(1, len(_SHAPES[kind]) + 1):
                period = Period(kind, year, index)
                date_from, date_to = self.cutoff_window(period)
                if date_from <= day <= date_to:
                    return period
        raise CalendarError(f"Ngày {_fmt_date(day)} không thuộc kỳ số liệu {kind.label_vi.lower()} nào")

    def to_dict(self) -> dict:
        return {"start_day": self.start_day}

    @classmethod
    def from_dict(cls, data: Mapping) -> CutoffRule:
        if not isinstance(data, Mapping):
            raise _fail(CUTOFF_PREFIX, ["dữ liệu phải là một đối tượng (dict)"])
        unknown = sorted(str(key) for key in data if key != "start_day")
        if unknown:
            raise _fail(CUTOFF_PREFIX, [f"khóa không được hỗ trợ: {', '.join(unknown)}"])
        return cls(data.get("start_day", 1))


# --- due dates ---------------------------------------------------------------------------------

class DueKind(StrEnum):
    DAY_OF_MONTH = "day_of_month"   # a day of the period's last month (or a month after it)
    FIXED_DATE = "fixed_date"       # one date, for one-off rounds
    WITHIN_HOURS = "within_hours"   # N hours after opening, to the minute
    WITHIN_DAYS = "within_days"     # end of the day N days after the opening day

    @property
    def label_vi(self) -> str:
        return {"day_of_month": "theo ngày trong tháng", "fixed_date": "ngày cố định",
                "within_hours": "trong số giờ kể từ khi mở đợt",
                "within_days": "trong số ngày kể từ ngày mở đợt"}[self.value]


_DUE_FIELDS = {DueKind.DAY_OF_MONTH: "day", DueKind.FIXED_DATE: "date",
               DueKind.WITHIN_HOURS: "hours", DueKind.WITHIN_DAYS: "days"}
_DUE_KEYS = {"kind", "day", "months_after", "date", "hours", "days", "level_overrides"}


def _day_problems(day) -> list[str]:
    if day is None:
        return ["thiếu ngày hạn nộp trong tháng"]
    if not _is_int(day):
        return [f"ngày hạn nộp phải là số nguyên từ 1 đến 31, nhận {day!r}"]
    if not 1 <= day <= 31:
        return [f"ngày {day} không tồn tại trong tháng"]
    return []


def _override_problems(day, extra_days) -> list[str]:
    if (day is None) == (extra_days is None):
        return ["cần đúng một trong hai: ngày trong tháng hoặc số ngày cộng thêm"]
    if day is not None:
        return _day_problems(day)
    if not _is_int(extra_days) or not 1 <= extra_days <= MAX_DAYS:
        return [f"số ngày cộng thêm phải từ 1 đến {MAX_DAYS}, nhận {extra_days!r}"]
    return []


@dataclass(frozen=True)
class LevelOverride:
    """A level's own due date: another ``day`` of the month, or ``extra_days`` after the common one."""

    day: int | None = None
    extra_days: int | None = None

    def __post_init__(self):
        if problems := _override_problems(self.day, self.extra_days):
            raise _fail(DUE_PREFIX, problems)

    def to_dict(self) -> dict:
        return {"day": self.day} if self.day is not None else {"extra_days": self.extra_days}


@dataclass(frozen=True)
class DueRule:
    """When a report is due (hạn nộp), with per-level overrides keyed by level rank (0 = top).

    Build one with ``DueRule.day_of_month(18)``, ``DueRule.fixed(date(2026, 4, 9))``,
    ``DueRule.within_hours(24)`` or ``DueRule.within_days(3)``; a field that does not belong
    to the kind is an error rather than silently ignored.
    """

    kind: DueKind
    day: int | None = None
    months_after: int = 0
    date: dt.date | None = None
    hours: int | None = None
    days: int | None = None
    level_overrides: Mapping[int, LevelOverride] = field(default_factory=dict, hash=False)

    def __post_init__(self):
        try:
            kind = DueKind(self.kind)
        except ValueError:
            raise _fail(DUE_PREFIX, [f"loại hạn “{self.kind}” không tồn tại"]) from None
        object.__setattr__(self, "kind", kind)
        problems = self._value_problems(kind)
        for name in ("day", "date", "hours", "days"):
            if name != _DUE_FIELDS[kind] and getattr(self, name) is not None:
                problems.append(f"trường “{name}” không dùng cho hạn {kind.label_vi}")
        if self.months_after != 0 and kind is not DueKind.DAY_OF_MONTH:
            problems.append(f"trường “months_after” không dùng cho hạn {kind.label_vi}")
        overrides = self.level_overrides
        if not isinstance(overrides, Mapping):
            problems.append("ghi đè theo cấp phải là một ánh xạ thứ bậc → ghi đè")
            overrides = {}
        for rank, override in overrides.items():
            if not _is_int(rank) or rank < 0:
                problems.append(f"thứ bậc cấp {rank!r} không hợp lệ (phải là số nguyên ≥ 0)")
            if not isinstance(override, LevelOverride):
                problems.append(f"cấp có thứ bậc {rank}: ghi đè phải là LevelOverride, nhận {override!r}")
            elif override.day is not None and kind is not DueKind.DAY_OF_MONTH:
                problems.append(f"cấp có thứ bậc {rank}: ghi đè theo ngày trong tháng chỉ dùng cho hạn "
                                "theo ngày trong tháng; hãy dùng số ngày cộng thêm")
        if problems:
            raise _fail(DUE_PREFIX, problems)
        object.__setattr__(self, "level_overrides", MappingProxyType(dict(sorted(overrides.items()))))

    def _value_problems(self, kind: DueKind) -> list[str]:
        if kind is DueKind.DAY_OF_MONTH:
            problems = _day_problems(self.day)
            if not _is_int(self.months_after) or not 0 <= self.months_after <= MAX_MONTHS_AFTER:
                problems.append(f"số tháng sau kỳ phải từ 0 đến {MAX_MONTHS_AFTER}, nhận {self.months_after!r}")
            return problems
        if kind is DueKind.FIXED_DATE:
            if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
                return [f"thiếu ngày hạn cố định (kiểu date), nhận {self.date!r}"]
            if not MIN_YEAR <= self.date.year <= MAX_YEAR:
                return [f"năm {self.date.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"]
            return []
        if kind is DueKind.WITHIN_HOURS:
            if not _is_int(self.hours) or not 1 <= self.hours <= MAX_HOURS:
                return [f"số giờ phải từ 1 đến {MAX_HOURS}, nhận {self.hours!r}"]
            return []
        if not _is_int(self.days) or not 1 <= self.days <= MAX_DAYS:
            return [f"số ngày phải từ 1 đến {MAX_DAYS}, nhận {self.days!r}"]
        return []

    @classmethod
    def day_of_month(cls, day: int, *, months_after: int = 0, level_overrides=None) -> DueRule:
        return cls(DueKind.DAY_OF_MONTH, day=day, months_after=months_after, level_overrides=level_overrides or {})

    @classmethod
    def fixed(cls, date: dt.date, *, level_overrides=None) -> DueRule:
        return cls(DueKind.FIXED_DATE, date=date, level_overrides=level_overrides or {})

    @classmethod
    def within_hours(cls, hours: int, *, level_overrides=None) -> DueRule:
        return cls(DueKind.WITHIN_HOURS, hours=hours, level_overrides=level_overrides or {})

    @classmethod
    def within_days(cls, days: int, *, level_overrides=None) -> DueRule:
        return cls(DueKind.WITHIN_DAYS, days=days, level_overrides=level_overrides or {})

    def due_at(self, period: Period | None = None, *, level_rank: int | None = None,
               opened_at: dt.datetime | None = None) -> dt.datetime:
        """Return the due time, aware, in Vietnam time.

        A day-of-month rule needs ``period``; within-hours/days rules need ``opened_at``; a
        fixed date already past at ``opened_at`` is an error. A level without an override
        uses the common date.
        """
        if level_rank is not None and not _is_int(level_rank):
            raise CalendarError(f"Thứ bậc cấp không hợp lệ: {level_rank!r}")
        override = self.level_overrides.get(level_rank)
        opened = None if opened_at is None else _aware(opened_at, "thời điểm mở đợt").astimezone(VN_TZ)
        if self.kind is DueKind.DAY_OF_MONTH:
            if not isinstance(period, Period):
                raise CalendarError("Không tính được hạn nộp: hạn theo ngày trong tháng cần biết kỳ báo cáo")
            year, month = _shift_month(period.year, period.last_month, self.months_after)
            day = override.day if override is not None and override.day is not None else self.day
            due = _end_of_day(_clamped_date(year, month, day))
        elif self.kind is DueKind.FIXED_DATE:
            due = _end_of_day(self.date)
            if opened is not None and due < opened:
                raise _fail(DUE_PREFIX, [f"hạn cố định {_fmt_date(self.date)} đã qua khi mở đợt lúc {_fmt_time(opened)}"])
        else:
            if opened is None:
                raise CalendarError(f"Không tính được hạn nộp: hạn {self.kind.label_vi} cần thời điểm mở đợt")
            if self.kind is DueKind.WITHIN_HOURS:
                due = opened + dt.timedelta(hours=self.hours)
            else:
                due = _end_of_day(opened.date() + dt.timedelta(days=self.days))
        if override is not None and override.extra_days is not None:
            due += dt.timedelta(days=override.extra_days)
        return due

    def to_dict(self) -> dict:
        data = {"kind": self.kind.value}
        if self.kind is DueKind.DAY_OF_MONTH:
            data["day"] = self.day
            if self.months_after:
                data["months_after"] = self.months_after
        elif self.kind is DueKind.FIXED_DATE:
            data["date"] = self.date.isoformat()
        else:
            data[_DUE_FIELDS[self.kind]] = getattr(self, _DUE_FIELDS[self.kind])
        if self.level_overrides:
            # JSON object keys are strings; ``from_dict`` turns them back into ranks.
            data["level_overrides"] = {str(rank): o.to_dict() for rank, o in self.level_overrides.items()}
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> DueRule:
        """Return the rule stored by ``to_dict``, or raise ``CalendarError`` listing every problem."""
        if not isinstance(data, Mapping):
            raise _fail(DUE_PREFIX, ["dữ liệu phải là một đối tượng (dict)"])
        problems = []
        if unknown := sorted(str(key) for key in data if key not in _DUE_KEYS):
            problems.append(f"khóa không được hỗ trợ: {', '.join(unknown)}")
        date = data.get("date")
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                problems.append(f"ngày “{date}” không đúng định dạng YYYY-MM-DD")
                date = None
        overrides = {}
        raw_overrides = data.get("level_overrides") or {}
        if not isinstance(raw_overrides, Mapping):
            problems.append("ghi đè theo cấp phải là một đối tượng")
            raw_overrides = {}
        for key, raw in raw_overrides.items():
            rank = key if _is_int(key) else int(key) if isinstance(key, str) and key.isdigit() else None
            if rank is None:
                problems.append(f"thứ bậc cấp “{key}” không hợp lệ (phải là số nguyên ≥ 0)")
            elif not isinstance(raw, Mapping) or set(raw) - {"day", "extra_days"}:
                problems.append(f"cấp có thứ bậc {rank}: ghi đè phải có dạng {{\"day\": …}} hoặc {{\"extra_days\": …}}")
            elif override_problems := _override_problems(raw.get("day"), raw.get("extra_days")):
                problems.extend(f"cấp có thứ bậc {rank}: {p}" for p in override_problems)
            else:
                overrides[rank] = LevelOverride(raw.get("day"), raw.get("extra_days"))
        try:
            rule = cls(data.get("kind"), day=data.get("day"), months_after=data.get("months_after", 0),
                       date=date, hours=data.get("hours"), days=data.get("days"), level_overrides=overrides)
        except CalendarError as exc:
            problems.extend(m.removeprefix(f"{DUE_PREFIX}: ") for m in exc.messages)
        if problems:
            raise _fail(DUE_PREFIX, problems)
        return rule


# --- the whole rule ----------------------------------------------------------------------------

def _rule_problems(period_type, due, cutoff, grace_days) -> list[str]:
    """Return what is wrong with a rule's parts together; ``None`` parts were reported elsewhere."""
    problems = []
    try:
        period_type = PeriodType(period_type)
    except ValueError:
        problems.append(f"loại kỳ “{period_type}” không tồn tại")
        period_type = None
    if period_type is not None and due is not None:
        if period_type.is_recurring and due.kind is not DueKind.DAY_OF_MONTH:
            problems.append(f"báo cáo {period_type.label_vi.lower()} cần hạn theo ngày trong tháng, "
                            f"không dùng hạn {due.kind.label_vi}")
        elif period_type is PeriodType.ONE_OFF and due.kind is not DueKind.FIXED_DATE:
            problems.append(f"báo cáo một lần cần hạn ngày cố định, không dùng hạn {due.kind.label_vi}")
        elif period_type is PeriodType.AD_HOC and due.kind not in (DueKind.WITHIN_HOURS, DueKind.WITHIN_DAYS):
            problems.append("báo cáo đột xuất cần hạn trong số giờ hoặc số ngày kể từ khi mở đợt, "
                            f"không dùng hạn {due.kind.label_vi}")
    if period_type is not None and cutoff is not None and not period_type.is_recurring and not cutoff.is_calendar:
        problems.append(f"kỳ số liệu dịch ngày chỉ dùng cho báo cáo định kỳ, không cho báo cáo "
                        f"{period_type.label_vi.lower()}")
    if grace_days is not None and (not _is_int(grace_days) or not 0 <= grace_days <= MAX_GRACE_DAYS):
        problems.append(f"số ngày gia hạn trước khi khóa phải từ 0 đến {MAX_GRACE_DAYS}, nhận {grace_days!r}")
    return problems


@dataclass(frozen=True)
class ReportingRule:
    """How a round recurs and when it is due: period type, due rule, data window and grace.

    ``grace_days`` None or 0 locks entry at the due time; N locks it N days later. A unit may
    still be let in afterwards by a per-unit reopening (``is_locked(exception_until=…)``).
    """

    period_type: PeriodType
    due: DueRule
    cutoff: CutoffRule = CutoffRule()
    grace_days: int | None = None

    def __post_init__(self):
        problems = []
        if not isinstance(self.due, DueRule):
            problems.append("thiếu quy tắc hạn nộp")
        if not isinstance(self.cutoff, CutoffRule):
            problems.append("quy tắc kỳ số liệu phải là CutoffRule")
        problems += _rule_problems(self.period_type, self.due if isinstance(self.due, DueRule) else None,
                                   self.cutoff if isinstance(self.cutoff, CutoffRule) else None, self.grace_days)
        if problems:
            raise _fail(RULE_PREFIX, problems)
        object.__setattr__(self, "period_type", PeriodType(self.period_type))

    def _check(self, period: Period | None) -> None:
        if period is not None and (not isinstance(period, Period) or period.kind is not self.period_type):
            raise CalendarError(f"Kỳ “{getattr(period, 'label_vi', period)}” không thuộc loại "
                                f"“{self.period_type.label_vi}” của lịch báo cáo")

    def due_at(self, period: Period | None = None, *, level_rank: int | None = None,
               opened_at: dt.datetime | None = None) -> dt.datetime:
        """Return the due time for ``period`` (or for a round opened at ``opened_at``) and level."""
        self._check(period)
        return self.due.due_at(period, level_rank=level_rank, opened_at=opened_at)

    def lock_at(self, period: Period | None = None, *, level_rank: int | None = None,
                opened_at: dt.datetime | None = None) -> dt.datetime | None:
        """Return when entry locks: the due time plus the grace (none: at the due time)."""
        return lock_at(self.due_at(period, level_rank=level_rank, opened_at=opened_at), self.grace_days)

    def cutoff_window(self, period: Period) -> tuple[dt.date, dt.date]:
        """Return the first and last day of ``period``'s data window."""
        self._check(period)
        return self.cutoff.cutoff_window(period)

    def period_for_data(self, day) -> Period:
        """Return the period whose data window holds ``day``."""
        return self.cutoff.period_for(self.period_type, day)

    def period_containing(self, day) -> Period:
        return period_containing(self.period_type, day)

    def periods_between(self, start, end) -> list[Period]:
        return periods_between(self.period_type, start, end)

    def to_dict(self) -> dict:
        return {"period_type": self.period_type.value, "due": self.due.to_dict(),
                "cutoff": self.cutoff.to_dict(), "grace_days": self.grace_days}

    @classmethod
    def from_dict(cls, data: Mapping) -> ReportingRule:
        """Return the rule stored by ``to_dict``, or raise ``CalendarError`` listing every problem."""
        if not isinstance(data, Mapping):
            raise _fail(RULE_PREFIX, ["dữ liệu phải là một đối tượng (dict)"])
        messages = []
        if unknown := sorted(str(k) for k in data if k not in {"period_type", "due", "cutoff", "grace_days"}):
            messages.append(f"{RULE_PREFIX}: khóa không được hỗ trợ: {', '.join(unknown)}")
        due = cutoff = None
        try:
            due = DueRule.from_dict(data.get("due"))
        except CalendarError as exc:
            messages += exc.messages
        try:
            cutoff = CutoffRule.from_dict(data.get("cutoff") or {})
        except CalendarError as exc:
            messages += exc.messages
        problems = _rule_problems(data.get("period_type"), due, cutoff, data.get("grace_days"))
        messages += [f"{RULE_PREFIX}: {p}" for p in problems]
        if messages:
            raise CalendarError(messages)
        return cls(data["period_type"], due, cutoff, data.get("grace_days"))


# --- locks and lateness ------------------------------------------------------------------------

def lock_at(due: dt.datetime, grace_days: int | None) -> dt.datetime:
    """Return when entry locks: ``grace_days`` days after ``due``, or ``due`` itself when there is no grace."""
    due = _aware(due, "hạn nộp")
    if grace_days is None:
        return due.astimezone(VN_TZ)
    if not _is_int(grace_days) or not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise CalendarError(f"Số ngày gia hạn không hợp lệ: phải từ 0 đến {MAX_GRACE_DAYS}, nhận {grace_days!r}")
    return due.astimezone(VN_TZ) + dt.timedelta(days=grace_days)


def is_late(submitted_at: dt.datetime, due: dt.datetime) -> bool:
    """Return whether a submission came after the due time.

    Compared to the whole second: a due time of 23:59:59 covers the whole of that second.
    """
    return _whole_second(_aware(submitted_at, "thời điểm nộp")) > _whole_second(_aware(due, "hạn nộp"))


def is_locked(now: dt.datetime, due: dt.datetime, grace_days: int | None,
              exception_until: dt.datetime | None = None) -> bool:
    """Return whether entry is locked at ``now``.

    ``exception_until`` (an extension granted to one unit) keeps entry open until then, even
    past the lock; it never locks earlier than the rule would.
    """
    now = _whole_second(_aware(now, "thời điểm hiện tại"))
    if exception_until is not None and now <= _whole_second(_aware(exception_until, "thời hạn ngoại lệ")):
        return False
    return now > _whole_second(lock_at(due, grace_days))


# --- descriptions ------------------------------------------------------------------------------

def _day_in_month(day: int, month: int) -> str:
    if month == 2 and day > 28:
        return "ngày cuối tháng 2"
    return f"ngày {min(day, _days_in_month(2001, month))}/{month}"


def _recurring_due_text(kind: PeriodType, due: DueRule) -> str:
    day, after = due.day, due.months_after
    if kind is PeriodType.MONTHLY:
        text = f"hạn ngày {day}" + ("" if after == 0 else " tháng sau" if after == 1
                                    else f" của tháng thứ {after} sau tháng báo cáo")
    elif kind is PeriodType.QUARTERLY:
        text = f"hạn ngày {day} " + {0: "của tháng cuối quý", 1: "của tháng đầu quý sau",
                                     2: "của tháng thứ hai quý sau", 3: "của tháng cuối quý sau"}.get(
            after, f"của tháng thứ {after} sau tháng cuối quý")
    else:
        dates = []
        for index, (_, last) in enumerate(_SHAPES[kind], start=1):
            year_offset, month = _shift_month(0, last, after)
            dates.append(_day_in_month(day, month) + (" năm sau" if year_offset else "")
                         + (f" ({_HALF_NAMES[index]})" if kind is PeriodType.HALF_YEAR else ""))
        return "hạn " + " và ".join(dates)
    if day > 28:
        text += " (tháng ít ngày hơn thì hạn là ngày cuối tháng)"
    return text


def _cutoff_text(kind: PeriodType, cutoff: CutoffRule) -> str:
    start, end = cutoff.start_day, cutoff.start_day - 1
    if kind is PeriodType.MONTHLY:
        return f"kỳ số liệu từ ngày {start} tháng trước đến ngày {end} tháng báo cáo"
    if kind is PeriodType.QUARTERLY:
        return f"kỳ số liệu từ ngày {start} của tháng trước quý đến ngày {end} của tháng cuối quý"
    spans = []
    for first, last in _SHAPES[kind]:
        year_offset, month = _shift_month(0, first, -1)
        spans.append(f"từ ngày {start}/{month}{' năm trước' if year_offset < 0 else ''} đến ngày {end}/{last}")
    return "kỳ số liệu " + " và ".join(spans)


def _overrides_text(due: DueRule) -> list[str]:
    return [f"cấp có thứ bậc {rank}: " + (f"hạn ngày {o.day}" if o.day is not None else f"thêm {o.extra_days} ngày")
            for rank, o in due.level_overrides.items()]


@singledispatch
def describe_rule(rule) -> str:
    """Return a Vietnamese sentence describing a rule, e.g. "Hằng tháng, hạn ngày 18"."""
    raise TypeError(f"Không mô tả được {rule!r}")


def _due_text(rule: DueRule) -> str:
    if rule.kind is DueKind.DAY_OF_MONTH:
        if rule.months_after == 0:
            return f"hạn ngày {rule.day} của tháng cuối kỳ"
        return f"hạn ngày {rule.day}, {rule.months_after} tháng sau tháng cuối kỳ"
    if rule.kind is DueKind.FIXED_DATE:
        return f"hạn ngày {_fmt_date(rule.date)}"
    if rule.kind is DueKind.WITHIN_HOURS:
        return f"hạn trong {rule.hours} giờ kể từ khi mở đợt"
    return f"hạn trong {rule.days} ngày kể từ ngày mở đợt"


@describe_rule.register
def _(rule: DueRule) -> str:
    text = _due_text(rule)
    return "; ".join([text[0].upper() + text[1:], *_overrides_text(rule)])


@describe_rule.register
def _(rule: CutoffRule) -> str:
    if rule.is_calendar:
        return "Kỳ số liệu theo lịch (từ ngày đầu đến ngày cuối kỳ)"
    return f"Kỳ số liệu từ ngày {rule.start_day} của tháng trước kỳ đến ngày {rule.start_day - 1} của tháng cuối kỳ"


@describe_rule.register
def _(rule: ReportingRule) -> str:
    kind = rule.period_type
    due_text = _recurring_due_text(kind, rule.due) if kind.is_recurring else _due_text(rule.due)
    parts = [f"{kind.label_vi}, {due_text}", *_overrides_text(rule.due)]
    if not rule.cutoff.is_calendar:
        parts.append(_cutoff_text(kind, rule.cutoff))
    parts.append(f"khóa nhập liệu {rule.grace_days} ngày sau hạn" if rule.grace_days
                 else "khóa nhập liệu ngay khi hết hạn")
    return "; ".join(parts)
