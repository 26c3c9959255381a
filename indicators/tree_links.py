"""The per-unit parent id and depth table the SQL roll-up joins on (integer ids, not paths)."""
from __future__ import annotations

from django.db import connection

from hierarchy.models import Unit

from .models import UnitLink


def unit_links_refresh() -> int:
    """Rebuild UnitLink from the tree's materialised paths in two statements; return the unit count.

    A parent's path is its child's path minus one step, so one self-join on the path index
    finds every parent. Run inside the recompute's transaction, so a roll-up never sees a
    half-refreshed table.
    """
    unit, link = Unit._meta.db_table, UnitLink._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {link}")
        cursor.execute(
            f"INSERT INTO {link} (unit_id, parent_id, depth, internal) "
            f"SELECT u.id, p.id, u.depth, u.numchild > 0 FROM {unit} u "
            f"LEFT JOIN {unit} p ON p.path = SUBSTR(u.path, 1, LENGTH(u.path) - %s)",
            [Unit.steplen])
        count = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {link}")  # the planner must know how few units are internal
    return count
