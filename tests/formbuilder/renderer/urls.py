"""The site's URLs plus the renderer's, as site/urls.py will include them (``bieu-mau/``)."""
from django.urls import include, path

from baocao_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bieu-mau/", include("formbuilder.renderer.urls")), *site_urlpatterns]
