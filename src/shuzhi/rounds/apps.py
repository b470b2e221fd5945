from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class RoundsConfig(AppConfig):
    name = "shuzhi.rounds"
    label = "rounds"
    verbose_name = "述职评议考核"
    navigation = [NavItem("考核轮次", "rounds:list", "rounds.view", order=20)]
    home_rounds = "shuzhi.rounds.queries.home_rounds"
    role_permissions = {
        "rounds.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        "rounds.manage": {"admin"},
    }
