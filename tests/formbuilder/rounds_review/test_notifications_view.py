"""The notifications list /bao-cao/thong-bao/ and the unread count of the header."""
from django.test import RequestFactory

from formbuilder.rounds.context_processors import notifications
from formbuilder.rounds.models import Notification


def test_list_open_and_mark_all_read(client, people):
    first = Notification.objects.create(user=people.a, text="Có báo cáo mới", url="/bao-cao/")
    Notification.objects.create(user=people.a, text="Còn 3 ngày đến hạn")
    Notification.objects.create(user=people.b, text="Của người khác")
    client.force_login(people.a)
    html = client.get("/bao-cao/thong-bao/").content.decode()
    assert "Có báo cáo mới" in html and "Còn 3 ngày đến hạn" in html and "Của người khác" not in html
    response = client.get(f"/bao-cao/thong-bao/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == "/bao-cao/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post("/bao-cao/thong-bao/")
    assert not Notification.objects.filter(user=people.a, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=people.b, read_at__isnull=True).count() == 1


def test_another_users_notification_is_not_found(client, people):
    other = Notification.objects.create(user=people.b, text="Riêng")
    client.force_login(people.a)
    assert client.get(f"/bao-cao/thong-bao/{other.pk}/").status_code == 404


def test_an_outside_url_is_not_followed(client, people):
    odd = Notification.objects.create(user=people.a, text="Lạ", url="https://example.com/")
    client.force_login(people.a)
    assert client.get(f"/bao-cao/thong-bao/{odd.pk}/")["Location"] == "/bao-cao/thong-bao/"


def test_unread_count_is_queried_only_when_shown(people, django_assert_num_queries):
    Notification.objects.create(user=people.a, text="Một")
    Notification.objects.create(user=people.a, text="Hai")
    request = RequestFactory().get("/")
    request.user = people.a
    with django_assert_num_queries(0):
        context = notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 2
        assert context["unread_notifications"]() == 2


def test_header_shows_the_count_when_the_context_processor_is_on(client, people, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": [
        *settings.TEMPLATES[0]["OPTIONS"]["context_processors"], "formbuilder.rounds.context_processors.notifications"]}}]
    Notification.objects.create(user=people.a, text="Một")
    client.force_login(people.a)
    html = client.get("/bao-cao/thong-bao/").content.decode()
    assert 'aria-label="1 thông báo chưa đọc">1</span>' in html
