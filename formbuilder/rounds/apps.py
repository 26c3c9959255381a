from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "formbuilder.rounds"
    label = "rounds"
    verbose_name = "Đợt báo cáo"
