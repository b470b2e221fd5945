from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class ReportsConfig(AppConfig):
    name = "shuzhi.reports"
    label = "reports"
    verbose_name = "述职报告"
    navigation = [NavItem("述职报告", "reports:list", "reports.view", order=30)]
    home_todos = "shuzhi.reports.queries.home_todos"
    role_permissions = {
        "reports.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        # A secretary drafts the report of an organisation within their grant.
        "reports.draft": {"secretary"},
        # Acting on a step also needs the step's own role at the step's organisation.
        "reports.review": {"admin", "reviewer", "secretary"},
        "reports.configure": {"admin"},
    }
    demo_builder = "shuzhi.reports.demo.build_demo"
    demo_order = 20

    def ready(self) -> None:
        from shuzhi.reports import receivers

        receivers.connect()
