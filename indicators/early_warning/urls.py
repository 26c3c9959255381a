"""URLs of the early-warning pages, mounted at /canh-bao/."""
app_name = "early_warning"
urlpatterns: list = []
