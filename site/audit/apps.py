from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "baocao_site.audit"
    label = "audit"
    verbose_name = "Nhật ký thao tác"
