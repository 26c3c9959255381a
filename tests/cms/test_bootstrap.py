"""``ensure_wagtail_tree`` makes again what Wagtail's data migrations made, after a flush."""
import pytest
from wagtail.models import Collection, Locale, Page

from cms.bootstrap import ensure_wagtail_tree

pytestmark = pytest.mark.django_db


def test_keeps_the_migrated_tree():
    root = Page.get_first_root_node()
    counts = (Page.objects.count(), Locale.objects.count(), Collection.objects.count())
    assert ensure_wagtail_tree().pk == root.pk
    assert (Page.objects.count(), Locale.objects.count(), Collection.objects.count()) == counts


def test_remakes_locale_root_page_and_collection_after_a_flush():
    Page.objects.all().delete()
    Collection.objects.all().delete()
    Locale.objects.all().delete()
    root = ensure_wagtail_tree()
    assert root.depth == 1 and root.is_root()
    assert Locale.objects.get().language_code == "vi"
    assert Collection.get_first_root_node().name == "Root"
    assert ensure_wagtail_tree().pk == root.pk
