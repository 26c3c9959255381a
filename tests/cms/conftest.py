"""Builders for the guidance-site tests: a home page as the site root, pages, documents, editors."""
from __future__ import annotations

import pytest
from django.core.files.base import ContentFile


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home(db):
    """A published HomePage, root of the default site (Wagtail's welcome page is replaced)."""
    from wagtail.models import Page, Site

    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Trang chủ thử", slug="trang-chu", intro="<p>Giới thiệu</p>"))
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    return home


@pytest.fixture
def publish():
    """Return a function that adds ``page`` under ``parent`` and publishes it."""
    from wagtail.models import Page

    def _publish(parent, page, *, units=(), groups=()):
        Page.objects.get(pk=parent.pk).add_child(instance=page)
        if units:
            page.visible_units = list(units)
        if groups:
            page.visible_groups = list(groups)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _publish


@pytest.fixture
def make_document(db):
    """Return a function that stores a small text document."""
    from wagtail.documents import get_document_model

    def _make(title="Biểu mẫu", filename="bieu-mau.txt", text="Nội dung tài liệu thử"):
        document = get_document_model()(title=title)
        document.file.save(filename, ContentFile(text.encode("utf-8")), save=False)
        document.save()
        return document

    return _make


@pytest.fixture
def editor(make_user):
    """A staff user in Wagtail's "Moderators" group: admin access, may add and publish pages."""
    from django.contrib.auth.models import Group

    user = make_user("bientap", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
