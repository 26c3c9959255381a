from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "formbuilder.rounds"
    label = "rounds"
    verbose_name = "Đợt báo cáo"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the notification receivers)
