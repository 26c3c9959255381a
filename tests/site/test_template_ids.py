"""Primary keys written into templates are never localised.

``USE_THOUSAND_SEPARATOR`` makes ``{{ obj.pk }}`` render 1714 as “1.714”, which breaks URLs, form
values and test ids once a table passes a thousand rows (PostgreSQL sequences get there quickly).
"""
import re
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]
BARE_PK = re.compile(r"\{\{\s*[\w.]+\.pk\s*\}\}")


def project_templates():
    for app in ("site", "hierarchy", "formbuilder", "indicators", "cms"):
        yield from (ROOT / app).rglob("templates/**/*.html")


def test_no_template_prints_a_bare_pk():
    offenders = [f"{path.relative_to(ROOT)}: {match}" for path in project_templates()
                 for match in BARE_PK.findall(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_unlocalize_keeps_large_ids_plain(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    obj = type("Obj", (), {"pk": 1714})()
    rendered = Template('{% load l10n %}{{ obj.pk }}|{{ obj.pk|unlocalize }}').render(Context({"obj": obj}))
    assert rendered == "1.714|1714"
