"""Server-side SVG charts: accessible title and description, bars coloured by status with their text."""
import xml.etree.ElementTree as ET

from indicators.dashboard.charts import COLOURS, Bar, bar_chart, column_chart
from indicators.engine.targets import Status

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_trend_chart_has_title_description_and_one_column_per_period():
    svg = parse(column_chart(chart_id="xu-huong-1", title="Xu hướng “Tỷ lệ” <tỉnh>", unit="%", target=80,
                             bars=[Bar("Tháng 3/2026", 75.0, Status.AMBER), Bar("Tháng 4/2026", 90.5, Status.GREEN),
                                   Bar("Tháng 5/2026", None)]))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "xu-huong-1-t xu-huong-1-d"
    assert svg.find(f"{SVG}title").text == "Xu hướng “Tỷ lệ” <tỉnh>"
    desc = svg.find(f"{SVG}desc").text
    assert desc == ("Tháng 3/2026: 75 % (gần đạt); Tháng 4/2026: 90,5 % (đạt); Tháng 5/2026: không xác định "
                    "(không xác định). Chỉ tiêu phấn đấu: 80.")
    rects = svg.findall(f"{SVG}rect")
    assert [r.get("fill") for r in rects] == [COLOURS[Status.AMBER], COLOURS[Status.GREEN]]
    assert [r.find(f"{SVG}title").text for r in rects] == ["Tháng 3/2026: 75 % — Gần đạt", "Tháng 4/2026: 90,5 % — Đạt"]
    assert any(line.get("stroke-dasharray") for line in svg.findall(f"{SVG}line"))  # the target line


def test_comparison_chart_has_one_bar_per_unit_and_handles_negative_and_empty_values():
    svg = parse(bar_chart(chart_id="so-sanh-1", title="So sánh", bars=[
        Bar("Xã Vĩnh Am", 4.0, Status.RED), Bar("Phường Long Xuyên", -2.0, Status.RED), Bar("Xã Mới", None)]))
    rects = svg.findall(f"{SVG}rect")
    assert len(rects) == 2 and all(float(r.get("width")) > 0 for r in rects)
    labels = [t.text for t in svg.findall(f"{SVG}text")]
    assert "Xã Vĩnh Am" in labels and "-2" in labels and "?" in labels
    assert int(svg.get("height")) == 6 + 6 + 3 * 18


def test_a_chart_without_values_still_describes_itself():
    svg = parse(column_chart(chart_id="x", title="Trống", bars=[]))
    assert svg.find(f"{SVG}desc").text == "chưa có số liệu."
    assert svg.findall(f"{SVG}rect") == []
