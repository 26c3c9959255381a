import csv

from django.core.management import call_command

from hierarchy.demo import ADMIN_UNITS_CSV
from hierarchy.models import Membership, Unit, UnitGroup


def test_official_fixture_has_34_provinces_and_3321_communes():
    with ADMIN_UNITS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(1 for r in rows if r["level"] == "tinh") == 34
    assert sum(1 for r in rows if r["level"] == "xa") == 3321


def test_load_demo_is_idempotent_and_follows_seed_002(db):
    call_command("load_demo")
    counts = (Unit.objects.count(), Membership.objects.count(), UnitGroup.objects.count())
    call_command("load_demo")
    assert (Unit.objects.count(), Membership.objects.count(), UnitGroup.objects.count()) == counts
    province = Unit.objects.get(code="T91")
    assert province.name == "Tỉnh An Giang"
    assert province.get_children().filter(level__code="xa").count() == 102
    assert UnitGroup.objects.get(code="dot2-2026-22-don-vi").units.count() == 22
    assert Unit.objects.get(name="Phường Long Xuyên").code == "X30307"


def test_load_admin_units_loads_the_whole_country_through_the_import_path(db):
    call_command("load_demo")
    call_command("load_admin_units")
    assert Unit.objects.filter(level__code="tinh", kind__code__in=["tinh", "thanh_pho_tw"]).count() == 34
    assert Unit.objects.filter(level__code="xa").count() == 3321
    assert Unit.objects.get(code="X11887").get_parent().name == "Thành phố Hải Phòng"
    assert Unit.objects.get(code="T91").get_parent().code == "TW"
    assert Unit.find_problems() == ([], [], [], [], [])
    call_command("load_admin_units")  # second run: nothing new
    assert Unit.objects.filter(level__code="xa").count() == 3321
