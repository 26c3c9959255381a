"""Load the hierarchy demo data of fixtures/demo.py (idempotent)."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from fixtures import demo

from .models import Level, Membership, Unit, UnitGroup, UnitKind
from .permissions import ensure_unit_admin_group

ADMIN_UNITS_CSV = Path(demo.__file__).resolve().parent / "admin_units" / "units_2025.csv"
MERGER_DAY = dt.date(2025, 7, 1)


def _province_communes(province_code: str) -> list[tuple[str, str, str]]:
    """Return (code, name, kind) of the province's communes from the official list, if present."""
    if not ADMIN_UNITS_CSV.exists():
        return []
    with ADMIN_UNITS_CSV.open(encoding="utf-8") as fh:
        return [(r["code"], r["name"], r["kind"]) for r in csv.DictReader(fh) if r["parent_code"] == province_code]


def _ensure_child(parent: Unit, code: str, name: str, kind: UnitKind, level: Level) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit:
        return unit
    parent = Unit.objects.get(pk=parent.pk)
    return parent.add_child(code=code, name=name, kind=kind, level=level, valid_from=MERGER_DAY)


def ensure_levels_and_kinds() -> tuple[dict[str, Level], dict[str, UnitKind]]:
    """Create the demo levels and kinds if missing; return them by code."""
    levels = {code: Level.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})[0]
              for code, name, rank in demo.LEVELS}
    kinds = {code: UnitKind.objects.update_or_create(code=code, defaults={"name": name})[0]
             for code, name in demo.KINDS}
    return levels, kinds


@transaction.atomic
def load_hierarchy_demo() -> dict[str, int]:
    """Create levels, kinds, the demo province with its bodies and communes, the group and users.

    Return counts of what exists afterwards. Running it twice changes nothing.
    """
    levels, kinds = ensure_levels_and_kinds()

    code, name, kind, level = demo.CENTRAL
    central = Unit.objects.filter(code=code).first() or Unit.add_root(
        code=code, name=name, kind=kinds[kind], level=levels[level])
    code, name, kind, level = demo.PROVINCE
    province = _ensure_child(central, code, name, kinds[kind], levels[level])

    by_name: dict[str, Unit] = {}
    for code, name, kind in demo.PROVINCIAL_BODIES:
        _ensure_child(province, code, name, kinds[kind], levels["tinh"])
    official = _province_communes(province.code)
    names_done = set()
    for code, name, kind in official:
        by_name[name] = _ensure_child(province, code, name, kinds.get(kind, kinds["xa"]), levels["xa"])
        names_done.add(name)
    for i, (name, kind) in enumerate(demo.SEED_COMMUNES, start=1):
        if name not in names_done:
            by_name[name] = Unit.objects.filter(name=name, path__startswith=province.path).first() or \
                _ensure_child(province, f"AG-X{i:03d}", name, kinds[kind], levels["xa"])

    group, _ = UnitGroup.objects.update_or_create(
        code=demo.ROUND2_GROUP["code"],
        defaults={"name": demo.ROUND2_GROUP["name"], "description": demo.ROUND2_GROUP["description"]},
    )
    members = list(Unit.objects.filter(code__in=demo.ROUND2_GROUP["bodies"]))
    members += [by_name[n] for n in demo.ROUND2_GROUP["communes"] if n in by_name]
    group.units.set(members)

    admin_group = ensure_unit_admin_group()
    User = get_user_model()
    for username, full_name, unit_ref, role, is_staff, is_superuser in demo.USERS:
        first, _, last = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": last, "last_name": first, "is_staff": is_staff, "is_superuser": is_superuser,
                      "email": f"{username}@example.invalid"},
        )
        if created:
            user.set_password(demo.DEMO_PASSWORD)
            user.save()
        if unit_ref:
            unit = Unit.objects.filter(code=unit_ref).first() or by_name.get(unit_ref)
            Membership.objects.get_or_create(user=user, unit=unit, role=role)
            if role == "unit_admin":
                user.groups.add(admin_group)
    return {"units": Unit.objects.count(), "groups": UnitGroup.objects.count(), "users": User.objects.count(),
            "memberships": Membership.objects.count()}
