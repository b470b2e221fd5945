from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class VillagesConfig(AppConfig):
    name = "shuzhi.villages"
    label = "villages"
    verbose_name = "村级考评与支部星级"
    navigation = [NavItem("村级考评", "villages:home", "villages.view", order=55)]
    role_permissions = {
        "villages.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        # Assessments, imports, the lagging list, rating templates and the points table.
        "villages.manage": {"admin"},
        # Signing a township's pay sheet: the township at its own scope, the county at its.
        "villages.sign_off": {"admin", "secretary", "reviewer"},
        # Approving a de-listing: the superior (the listing county), never the requester.
        "villages.approve": {"admin", "secretary"},
        # Rating a branch (township cadres) and confirming secretaries' points entries.
        "villages.rate": {"admin", "reviewer"},
        # Entering points of a branch secretary (the branch's own side).
        "villages.points": {"admin", "secretary", "reviewer"},
    }
    demo_builder = "shuzhi.villages.demo.build_demo"
    # Before meetings (30): the village hearings it convenes are held by the meetings demo.
    demo_order = 25

    def ready(self) -> None:
        from shuzhi.villages import receivers

        receivers.connect()
