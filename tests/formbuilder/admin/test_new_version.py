"""“Tạo phiên bản mới từ bản này”: a new draft copying the document; keys stay the same."""
from formbuilder.designer import node_keys
from formbuilder.models import FormVersion, VersionStatus

from .conftest import SMALL_ITEMS, design_post, edit_url


def new_from_url(version) -> str:
    return f"/quan-tri/bieu-mau/phien-ban/{version.pk}/phien-ban-moi/"


def test_new_version_copies_the_published_one_and_opens_in_the_designer(admin_client, published):
    assert "Tạo bản nháp mới của “DC-THU” từ phiên bản 1" in admin_client.get(new_from_url(published)).content.decode()
    response = admin_client.post(new_from_url(published), {"note": "Đợt 3"})
    new = FormVersion.objects.get(definition=published.definition, number=2)
    assert response["Location"] == edit_url(new)
    assert (new.status, new.based_on_id, new.note) == (VersionStatus.DRAFT, published.pk, "Đợt 3")
    assert new.document["items"] == SMALL_ITEMS
    html = admin_client.get(edit_url(new)).content.decode()
    assert "tạo từ phiên bản 1" in html and "so_dien_tu / so_van_ban * 100" in html

    # Saved through the designer, every key of v1 is still there.
    admin_client.post(edit_url(new), design_post(SMALL_ITEMS))
    assert node_keys(FormVersion.objects.get(pk=new.pk).document["items"]) == node_keys(SMALL_ITEMS)


def test_a_second_draft_is_refused(admin_client, published):
    admin_client.post(new_from_url(published), {"note": ""})
    response = admin_client.post(new_from_url(published), {"note": ""}, follow=True)
    assert "đã có bản nháp v2" in response.content.decode()
    assert FormVersion.objects.filter(definition=published.definition).count() == 2


def test_dropping_a_published_key_warns(admin_client, published):
    admin_client.post(new_from_url(published), {"note": ""})
    new = FormVersion.objects.get(definition=published.definition, number=2)
    items = [{**SMALL_ITEMS[0], "children": SMALL_ITEMS[0]["children"][:2]}]
    response = admin_client.post(edit_url(new), design_post(items), follow=True)
    assert "Các khóa của phiên bản 1 không còn trong bản này: ty_le." in response.content.decode()


def test_a_draft_started_by_mistake_can_be_deleted(admin_client, published):
    admin_client.post(new_from_url(published), {"note": ""})
    new = FormVersion.objects.get(definition=published.definition, number=2)
    assert "Xóa bản nháp" in admin_client.get(edit_url(new)).content.decode()
    url = f"/quan-tri/bieu-mau/phien-ban/{new.pk}/xoa-ban-nhap/"
    assert "Các phiên bản đã ban hành không bị ảnh hưởng" in admin_client.get(url).content.decode()
    response = admin_client.post(url, follow=True)
    assert "Đã xóa bản nháp phiên bản 2." in response.content.decode()
    assert list(published.definition.versions.values_list("number", flat=True)) == [1]

    # Neither a published version nor a definition's only draft can go.
    response = admin_client.post(f"/quan-tri/bieu-mau/phien-ban/{published.pk}/xoa-ban-nhap/", follow=True)
    assert "Chỉ xóa được bản nháp" in response.content.decode()
    assert FormVersion.objects.filter(pk=published.pk).exists()


def test_the_only_draft_of_a_definition_stays(admin_client, draft):
    assert "Xóa bản nháp" not in admin_client.get(edit_url(draft)).content.decode()
    response = admin_client.post(f"/quan-tri/bieu-mau/phien-ban/{draft.pk}/xoa-ban-nhap/", follow=True)
    assert "Không xóa phiên bản duy nhất" in response.content.decode()
    assert FormVersion.objects.filter(pk=draft.pk).exists()
