"""The per-unit parent id and depth table the SQL roll-up joins on (integer ids, not paths)."""
from __future__ import annotations

from django.db import connection

from hierarchy.models import Unit

from .models import UnitLink


def links_are_fresh(cursor) -> bool:
    """Return True when every unit has a link written for its current path and no other link exists.

    One integer-key join and a string comparison per unit: far cheaper than rebuilding, and a
    tree changes far less often than its values are rolled up. A move changes the moved units'
    paths; a new child changes its parent's ``numchild``.
    """
    unit, link = Unit._meta.db_table, UnitLink._meta.db_table
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM {unit} u LEFT JOIN {link} l ON l.unit_id = u.id "
        f"WHERE l.unit_id IS NULL OR l.path <> u.path OR l.internal <> (u.numchild > 0)), "
        f"(SELECT COUNT(*) FROM {unit}), (SELECT COUNT(*) FROM {link})")
    changed, units, links = cursor.fetchone()
    return changed == 0 and units == links


def unit_links_refresh(*, force: bool = False) -> int:
    """Make UnitLink match the tree's materialised paths; return the number of links rewritten (0: fresh).

    When any unit was added, moved or removed the table is rebuilt in two statements: a parent's
    path is its child's path minus one step, so one self-join on the path finds every parent.
    Run inside the recompute's transaction, so a roll-up never sees a half-refreshed table.
    """
    unit, link = Unit._meta.db_table, UnitLink._meta.db_table
    with connection.cursor() as cursor:
        if not force and links_are_fresh(cursor):
            return 0
        cursor.execute(f"DELETE FROM {link}")
        cursor.execute(
            f"INSERT INTO {link} (unit_id, parent_id, depth, internal, path) "
            f"SELECT u.id, p.id, u.depth, u.numchild > 0, u.path FROM {unit} u "
            f"LEFT JOIN {unit} p ON p.path = SUBSTR(u.path, 1, LENGTH(u.path) - %s)",
            [Unit.steplen])
        count = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {link}")  # the planner must know how few units are internal
    return count
