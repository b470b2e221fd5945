from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shuzhi.core"
    label = "core"
    verbose_name = "核心"
