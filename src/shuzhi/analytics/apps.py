from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class AnalyticsConfig(AppConfig):
    name = "shuzhi.analytics"
    label = "analytics"
    verbose_name = "统计分析"
    navigation = [NavItem("统计分析", "analytics:home", "analytics.view", order=70)]
    role_permissions = {
        # Reading the figures of a subtree: the department and those who follow it.
        "analytics.view": {"admin", "reviewer", "inspector", "viewer"},
        # Building, renaming, merging and splitting themes, rooting one above.
        "analytics.manage": {"admin"},
    }

    demo_builder = "shuzhi.analytics.demo.build_demo"
    demo_order = 90

    def ready(self) -> None:
        from shuzhi.analytics import receivers

        receivers.connect()
