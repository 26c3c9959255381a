"""The site's URLs with the Excel pages mounted at /excel/ (until site/urls.py includes them)."""
from django.urls import include, path

from baocao_site import urls as site_urls

urlpatterns = [path("excel/", include("indicators.excel.urls")), *site_urls.urlpatterns]
