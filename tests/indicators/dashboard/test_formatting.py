"""Vietnamese numbers and “không xác định” on the dashboards (pure Python, no database)."""
import math

from indicators.dashboard.formatting import number, quantity, rate, status_label
from indicators.engine.targets import Status


def test_numbers_are_written_the_vietnamese_way_with_at_most_two_decimals():
    assert number(1234567.5) == "1.234.567,5"
    assert number(75.0) == "75"
    assert number(200 / 3) == "66,67"
    assert number(-0.004) == "0"
    assert number(1000) == "1.000"


def test_undefined_values_read_khong_xac_dinh():
    assert number(None) == "không xác định"
    assert number(math.inf) == "không xác định"
    assert quantity(None, "%") == "không xác định"
    assert rate(None) == "không xác định"
    assert quantity(87.5, "%") == "87,5 %"
    assert quantity(1250, "hồ sơ") == "1.250 hồ sơ"


def test_status_labels_are_vietnamese_text():
    assert [status_label(s) for s in Status] == ["Đạt", "Gần đạt", "Chưa đạt", "Không xác định"]
