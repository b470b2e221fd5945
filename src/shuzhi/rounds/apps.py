from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "shuzhi.rounds"
    label = "rounds"
    verbose_name = "述职评议考核"
    role_permissions = {
        "rounds.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        "rounds.manage": {"admin"},
    }
