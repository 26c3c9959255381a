"""Figures of issue 2: visible units on the 200k tree, and the commune import rate."""
from __future__ import annotations

import csv
import io
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import line, timed_ms


def run():
    from hierarchy.demo import ADMIN_UNITS_CSV, ensure_levels_and_kinds
    from hierarchy.importing import unit_import
    from hierarchy.models import Level, Membership, Unit, UnitKind
    from hierarchy.scale import drop_scale_tree, generate_scale_tree
    from hierarchy.selectors import units_visible_to

    ensure_levels_and_kinds()
    start = time.perf_counter()
    root = generate_scale_tree(root_code="SCALE")
    yield line("hierarchy.generate_tree_s", time.perf_counter() - start, "s")
    yield line("hierarchy.tree_units", Unit.objects.filter(path__startswith=root.path).count(), "units")
    user = get_user_model().objects.create_user("bench.province", password="x")
    province = Unit.objects.get(code="SCALE-T17")
    Membership.objects.create(user=user, unit=province, role="reviewer")

    def visible():
        fresh = get_user_model().objects.get(pk=user.pk)  # memberships not cached: the full cost
        return list(units_visible_to(user=fresh).values_list("id", flat=True))

    count = len(visible())
    yield line("hierarchy.visible_units_ms", timed_ms(visible), "ms")
    with CaptureQueriesContext(connection) as ctx:
        visible()
    yield line("hierarchy.visible_units_queries", len(ctx.captured_queries) - 1, "queries")  # minus the user fetch
    yield line("hierarchy.visible_units_count", count, "units")
    user.delete()
    drop_scale_tree(root=root)

    # Import of the 3,321 communes through the import path (provinces loaded first).
    with ADMIN_UNITS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    root = Unit.add_root(code="BENCH-TW", name="Trung ương (thử tải nhập)",
                         kind=UnitKind.objects.get(code="trung_uong"), level=Level.objects.get(rank=0))

    def as_csv(selected):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in selected:
            writer.writerow({**r, "parent_code": r["parent_code"] or root.code})
        return out.getvalue().encode()

    provinces = as_csv([r for r in rows if not r["parent_code"]])
    communes = as_csv([r for r in rows if r["parent_code"]])
    assert unit_import(content=provinces, filename="p.csv", dry_run=False).applied
    start = time.perf_counter()
    result = unit_import(content=communes, filename="x.csv", dry_run=False)
    elapsed = time.perf_counter() - start
    assert result.applied and len(result.plan.new) == 3321, result.plan.counts()
    yield line("hierarchy.import_rows_per_s", 3321 / elapsed, "rows/s")
    drop_scale_tree(root=Unit.objects.get(pk=root.pk))
