"""URLs of the read-only API, mounted at /api/v1/."""
app_name = "api"
urlpatterns: list = []
