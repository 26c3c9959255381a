"""URLs of the dashboards, mounted at /chi-tieu/."""
app_name = "dashboard"
urlpatterns: list = []
