from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("quan-tri/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", views.health, name="health"),
    path("don-vi/", include("hierarchy.urls")),
    path("bao-cao/", include("formbuilder.rounds.urls")),
    path("bieu-mau/", include("formbuilder.renderer.urls")),
    path("excel/", include("indicators.excel.urls")),
    path("chi-tieu/", include("indicators.dashboard.urls")),
    path("canh-bao/", include("indicators.early_warning.urls")),
    path("api/v1/", include("indicators.api.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else (home, guidance, plans, rounds).
urlpatterns += [path("", include(wagtail_urls))]
