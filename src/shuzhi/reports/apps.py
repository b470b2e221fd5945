from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "shuzhi.reports"
    label = "reports"
    verbose_name = "述职报告"
