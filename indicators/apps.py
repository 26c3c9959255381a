from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self):
        from formbuilder.rounds.signals import submission_changed

        from . import checks, receivers  # noqa: F401  (checks register themselves)

        submission_changed.connect(receivers.on_submission_changed, dispatch_uid="indicators.submission_changed")
