"""Targets (chỉ tiêu phấn đấu) and how a value is judged against them: green, amber or red."""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

TARGET_DIRECTIONS = (">=", "<=", "=")


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNKNOWN = "unknown"

    @property
    def label_vi(self) -> str:
        return {"green": "Đạt", "amber": "Gần đạt", "red": "Chưa đạt", "unknown": "Không xác định"}[self.value]


@dataclass(frozen=True)
class TargetSpec:
    """A target: ``direction`` ≥, ≤ or =, the value aimed at, and the status bands.

    For ≥ a value is green from ``green`` (default: the target value) and amber from ``amber``;
    for ≤ the same with ≤; for = the thresholds are tolerances around the value (default 0).
    Without ``amber``, a ≥ or ≤ target with a ``baseline`` (giá trị cơ sở) short of green has an
    amber band of the values that improved on the baseline; with neither there is no amber band.
    """

    direction: str
    value: float
    baseline: float | None = None
    green: float | None = None
    amber: float | None = None


def judge(value: float | None, target: TargetSpec | None) -> Status:
    """Return the status of ``value`` against ``target`` (unknown when either is missing)."""
    if value is None or target is None:
        return Status.UNKNOWN
    if target.direction == "=":
        gap = abs(value - target.value)
        if gap <= (target.green or 0):
            return Status.GREEN
        return Status.AMBER if target.amber is not None and gap <= target.amber else Status.RED
    green = target.value if target.green is None else target.green
    if target.direction == ">=":
        if value >= green:
            return Status.GREEN
        if target.amber is not None:
            return Status.AMBER if value >= target.amber else Status.RED
        return Status.AMBER if target.baseline is not None and target.baseline < value else Status.RED
    if value <= green:
        return Status.GREEN
    if target.amber is not None:
        return Status.AMBER if value <= target.amber else Status.RED
    return Status.AMBER if target.baseline is not None and target.baseline > value else Status.RED


def progress(value: float | None, target: TargetSpec | None) -> float | None:
    """Return how far ``value`` has come from the baseline toward the target, in percent (0 at the
    baseline, 100 at the target, negative when worse than the baseline), or None when there is no
    value, no baseline, an "=" target or no distance between baseline and target."""
    if value is None or target is None or target.baseline is None or target.direction == "=":
        return None
    distance = target.value - target.baseline
    if distance == 0 or not math.isfinite(value):
        return None
    return (value - target.baseline) / distance * 100


def _number(raw: Any) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw)


def target_problems(raw: dict, *, value_type: str, unit: str = "") -> list[tuple[str, str]]:
    """Return every (field, Vietnamese message) wrong with target ``raw`` for an indicator.

    ``value_type`` is the indicator's (integer, decimal, percent, boolean); ``unit`` its unit of
    measure, which a target naming a unit must use.
    """
    problems: list[tuple[str, str]] = []
    direction = raw.get("direction")
    if direction not in TARGET_DIRECTIONS:
        problems.append(("direction", f"Hướng so sánh “{direction}” không hợp lệ; chỉ dùng ≥ (>=), ≤ (<=) hoặc =."))
    value = raw.get("value")
    for name, label in (("value", "Giá trị chỉ tiêu"), ("baseline", "Giá trị cơ sở"),
                        ("green", "Ngưỡng xanh"), ("amber", "Ngưỡng vàng")):
        item = raw.get(name)
        if item is None and name != "value":
            continue
        if not _number(item):
            problems.append((name, f"{label} phải là một số (nhận được: {item!r})."))
    if problems:
        return problems
    if value_type == "boolean" and value not in (0, 1):
        problems.append(("value", "Chỉ tiêu có/không chỉ nhận giá trị 1 (có) hoặc 0 (không)."))
    if value_type == "percent" and value < 0:
        problems.append(("value", "Tỷ lệ phấn đấu không được âm."))
    target_unit = raw.get("unit")
    if target_unit and unit and target_unit != unit:
        problems.append(("unit", f"Đơn vị tính của chỉ tiêu phấn đấu (“{target_unit}”) khác đơn vị tính của chỉ tiêu "
                                 f"(“{unit}”)."))
    green, amber = raw.get("green"), raw.get("amber")
    if direction == "=":
        if green is not None and green < 0 or amber is not None and amber < 0:
            problems.append(("green", "Với hướng “=”, ngưỡng xanh và ngưỡng vàng là độ lệch cho phép, không được âm."))
        elif amber is not None and amber < (green or 0):
            problems.append(("amber", "Độ lệch của ngưỡng vàng phải lớn hơn hoặc bằng độ lệch của ngưỡng xanh."))
        return problems
    green = value if green is None else green
    if amber is not None and direction == ">=" and amber > green:
        problems.append(("amber", f"Với hướng ≥, ngưỡng vàng ({amber:g}) phải nhỏ hơn hoặc bằng ngưỡng xanh ({green:g})."))
    if amber is not None and direction == "<=" and amber < green:
        problems.append(("amber", f"Với hướng ≤, ngưỡng vàng ({amber:g}) phải lớn hơn hoặc bằng ngưỡng xanh ({green:g})."))
    return problems
