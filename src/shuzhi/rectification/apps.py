from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class RectificationConfig(AppConfig):
    name = "shuzhi.rectification"
    label = "rectification"
    verbose_name = "问题整改"
    navigation = [NavItem("问题整改", "rectification:home", "rectification.view", order=50)]
    role_permissions = {
        "rectification.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        # The organisation's own side: problems entered by hand, items, milestones, evidence.
        "rectification.manage": {"admin", "secretary", "inspector"},
        # Sign-off (销号) and return: only ever used against the PARENT organisation's scope.
        "rectification.sign_off": {"admin", "secretary", "reviewer"},
        "rectification.interview": {"admin"},
    }
    demo_builder = "shuzhi.rectification.demo.build_demo"
    demo_order = 40

    def ready(self) -> None:
        from shuzhi.rectification import receivers

        receivers.connect()
