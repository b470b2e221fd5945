from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class RectificationConfig(AppConfig):
    name = "shuzhi.rectification"
    label = "rectification"
    verbose_name = "问题整改"
    navigation = [NavItem("问题整改", "rectification:home", "rectification.view", order=50)]
    home_todos = "shuzhi.rectification.queries.home_todos"
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
        from shuzhi.core import events
        from shuzhi.rectification import receivers

        events.problems_raised.connect(
            receivers.on_problems_raised, dispatch_uid="rectification.problems_raised"
        )
        events.interviews_required.connect(
            receivers.on_interviews_required, dispatch_uid="rectification.interviews_required"
        )
        events.prior_items_requested.connect(
            receivers.on_prior_items_requested, dispatch_uid="rectification.prior_items"
        )
