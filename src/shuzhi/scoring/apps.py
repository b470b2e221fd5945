from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "shuzhi.scoring"
    label = "scoring"
    verbose_name = "考核计分"
