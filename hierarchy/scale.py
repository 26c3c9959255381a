"""Generate a large organisation tree for benchmarks (about 200,000 units), in bulk.

Paths are computed directly (as treebeard would) and inserted with bulk_create, so the
tree is valid for every treebeard and selector operation afterwards.
"""
from __future__ import annotations

from django.db import transaction

from baocao_site.text import fold

from .models import Level, Unit, UnitKind


@transaction.atomic
def generate_scale_tree(*, root_code: str = "SCALE", provinces: int = 34, communes: int = 100,
                        cells: int = 60, batch_size: int = 5000) -> Unit:
    """Create root → provinces → communes → cells and return the root.

    The default shape (34 × 100 × 60) gives 207,435 units, the order of magnitude of the
    country's party cells under its 3,321 communes.
    """
    level = {lv.rank: lv for lv in Level.objects.all()}
    kinds = {k.code: k for k in UnitKind.objects.filter(code__in=["trung_uong", "tinh", "xa", "chi_bo"])}
    last_root = Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    root_path = Unit._get_path(None, 1, (Unit._str2int(last_root) + 1) if last_root else 1)
    root = Unit(path=root_path, depth=1, numchild=provinces, code=root_code, name="Trung ương (dữ liệu thử tải)",
                kind=kinds["trung_uong"], level=level[0], search_name=fold(f"trung uong {root_code}"))
    root.save()  # save() keeps search_name; the tree fields are already set
    batch: list[Unit] = []

    def push(unit: Unit) -> None:
        batch.append(unit)
        if len(batch) >= batch_size:
            Unit.objects.bulk_create(batch)
            batch.clear()

    for p in range(1, provinces + 1):
        p_path = Unit._get_path(root_path, 2, p)
        p_code, p_name = f"{root_code}-T{p:02d}", f"Tỉnh thử tải {p}"
        push(Unit(path=p_path, depth=2, numchild=communes, code=p_code, name=p_name, kind_id=kinds["tinh"].pk,
                  level_id=level[1].pk, search_name=fold(f"{p_name} {p_code}")))
        for c in range(1, communes + 1):
            c_path = Unit._get_path(p_path, 3, c)
            c_code, c_name = f"{p_code}-X{c:03d}", f"Xã thử tải {p}.{c}"
            push(Unit(path=c_path, depth=3, numchild=cells, code=c_code, name=c_name, kind_id=kinds["xa"].pk,
                      level_id=level[2].pk, search_name=fold(f"{c_name} {c_code}")))
            for b in range(1, cells + 1):
                b_code, b_name = f"{c_code}-CB{b:02d}", f"Chi bộ {b}"
                push(Unit(path=Unit._get_path(c_path, 4, b), depth=4, numchild=0, code=b_code, name=b_name,
                          kind_id=kinds["chi_bo"].pk, level_id=level[3].pk, search_name=fold(f"{b_name} {b_code}")))
    if batch:
        Unit.objects.bulk_create(batch)
    return root


def drop_scale_tree(*, root: Unit) -> int:
    """Delete a generated tree in one statement per table; return the number of units removed."""
    from .models import Membership

    subtree = Unit.objects.filter(path__startswith=root.path)
    Membership.objects.filter(unit__path__startswith=root.path).delete()
    return subtree._raw_delete(subtree.db)
