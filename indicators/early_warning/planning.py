"""Who is warned about which indicators (cảnh báo sớm): pure decisions over plain data, no Django.

A reviewer (or unit administrator) of a unit is told about the indicators off target, or
projected to miss, anywhere in that unit's subtree: one message per reviewer, kind and period,
listing the first few. Late and missing reports are not repeated here: the daily reminders
already escalate them to the upper level (``bao_qua_han``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from formbuilder.rounds.notifications import Message

OFF_TARGET = "canh_bao_chi_tieu"
AT_RISK = "nguy_co_chi_tieu"
MAX_TEXT = 500
MAX_LISTED = 5
_WHAT = {OFF_TARGET: "không đạt chỉ tiêu phấn đấu", AT_RISK: "có nguy cơ không đạt chỉ tiêu phấn đấu vào cuối kỳ"}


@dataclass(frozen=True)
class Alert:
    """One indicator needing attention at one unit."""

    kind: str  # OFF_TARGET or AT_RISK
    unit_path: str
    unit_name: str
    indicator_name: str


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def message_key(kind: str, period_key: str) -> str:
    """Return the de-duplication key: one message per user, kind and period."""
    return f"{kind.replace('_', '-')}:{period_key}"


def plan_warnings(*, period_key: str, period_label: str, alerts: Iterable[Alert],
                  reviewers: Mapping[str, Iterable[int]], url: str) -> list[Message]:
    """Return one message per reviewer and kind listing the alerts of the reviewer's subtrees.

    ``reviewers`` maps a unit's path to the ids of its reviewers; a unit is in a reviewer's subtree
    when its path starts with the reviewer's unit path (the unit itself included).
    """
    alerts = sorted(set(alerts), key=lambda a: (len(a.unit_path), a.unit_path, a.indicator_name))
    seen: dict[tuple[int, str], list[Alert]] = {}
    for path, users in sorted(reviewers.items()):
        mine = [a for a in alerts if a.unit_path.startswith(path)]
        for user_id in dict.fromkeys(users):
            for alert in mine:
                listed = seen.setdefault((user_id, alert.kind), [])
                if alert not in listed:
                    listed.append(alert)
    messages = []
    for (user_id, kind), listed in sorted(seen.items()):
        listed.sort(key=lambda a: (len(a.unit_path), a.unit_path, a.indicator_name))
        names = "; ".join(f"“{a.indicator_name}” ({a.unit_name})" for a in listed[:MAX_LISTED])
        more = f" và {len(listed) - MAX_LISTED} chỉ tiêu khác" if len(listed) > MAX_LISTED else ""
        text = f"{period_label}: {len(listed)} chỉ tiêu {_WHAT[kind]}: {names}{more}."
        messages.append(Message(user_id, kind, message_key(kind, period_key), _short(text), url))
    return messages
