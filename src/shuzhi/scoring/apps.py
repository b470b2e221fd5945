from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class ScoringConfig(AppConfig):
    name = "shuzhi.scoring"
    label = "scoring"
    verbose_name = "考核计分"
    navigation = [NavItem("考核结果", "scoring:index", "scoring.view", order=30)]
    demo_builder = "shuzhi.scoring.demo.build_demo"
    demo_order = 10
    role_permissions = {
        "scoring.view": {"admin", "viewer", "reviewer", "inspector"},
        "scoring.enter": {"admin", "reviewer"},
        "scoring.compute": {"admin"},
        "scoring.publish": {"admin"},
    }

    def ready(self) -> None:
        from shuzhi.scoring import receivers

        receivers.connect()
