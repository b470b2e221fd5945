from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "shuzhi.records"
    label = "records"
    verbose_name = "日常纪实"
