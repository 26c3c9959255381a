"""Vietnamese numbers and dates: what people type, what they read."""
import datetime
from decimal import Decimal

import pytest

from formbuilder.renderer.localize import format_date, format_number, format_with_unit, parse_date, parse_number


@pytest.mark.parametrize("text, expected", [
    ("1.234.567,5", "1234567.5"),      # Vietnamese
    ("1234567.5", "1234567.5"),        # plain, as spreadsheets write it
    ("1234567,5", "1234567.5"),
    ("1,234,567.5", "1234567.5"),      # English grouping
    ("1.234.567", "1234567"),
    ("1.234", "1234"),                 # a lone dot with three digits after 1-3 digits groups thousands
    ("12.500", "12500"),
    ("0.234", "0.234"),                # ... but a leading zero makes it a decimal point
    ("12.5", "12.5"),
    ("1234.567", "1234.567"),
    (" 1 234 567 ", "1234567"),
    ("1\u00a0234,5", "1234.5"),
    ("-12", "-12"),
    ("+3", "3"),
    (",5", "0.5"),
    ("0", "0"),
])
def test_parse_number_reads_vietnamese_and_plain_numbers(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", [
    "", "abc", "1e5", "inf", "NaN", "1.2.3,4,5", "12,34,5", "1..2", "1,2,3", "1.23.456", "--1", "1-2",
    "12a", "1" * 31,
])
def test_parse_number_refuses_what_is_not_a_plain_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("value, decimals, expected", [
    (1234567.5, None, "1.234.567,5"),
    (1234567, None, "1.234.567"),
    (1000.0, None, "1.000"),
    (-1234.25, None, "-1.234,25"),
    (0.5, None, "0,5"),
    (12.5, 2, "12,50"),
    (Decimal("99.95"), 1, "100,0"),
    (999, 0, "999"),
    (None, None, ""),
])
def test_format_number_writes_the_vietnamese_way(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_with_unit_glues_percent_and_spaces_other_units():
    assert format_with_unit(12.5, "%", 1) == "12,5%"
    assert format_with_unit(3, "văn bản") == "3 văn bản"
    assert format_with_unit(None, "%") == "không xác định"


@pytest.mark.parametrize("text, expected", [
    ("31/03/2026", datetime.date(2026, 3, 31)),
    ("1/3/2026", datetime.date(2026, 3, 1)),
    ("31-03-2026", datetime.date(2026, 3, 31)),
    ("31.03.2026", datetime.date(2026, 3, 31)),
    ("2026-03-31", datetime.date(2026, 3, 31)),
])
def test_parse_date_reads_dd_mm_yyyy_and_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "2026/03/31", "03/31/2026", "31/03/26", "hôm nay", ""])
def test_parse_date_refuses_other_shapes_and_missing_days(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_format_date_shows_iso_dates_as_dd_mm_yyyy_and_leaves_typed_text_alone():
    assert format_date("2026-03-31") == "31/03/2026"
    assert format_date(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert format_date("31/3/2026") == "31/3/2026"
    assert format_date(None) == ""
