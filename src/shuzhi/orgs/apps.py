from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class OrgsConfig(AppConfig):
    name = "shuzhi.orgs"
    label = "orgs"
    verbose_name = "组织与人员"
    navigation = [
        NavItem("组织树", "orgs:tree", "orgs.view", order=10),
        NavItem("数据导入", "orgs:import", "orgs.manage", order=80),
    ]
    role_permissions = {
        "orgs.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        "orgs.manage": {"admin"},
        "orgs.export": {"admin", "viewer"},
    }

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from shuzhi.orgs.models import Organization, Person
        from shuzhi.orgs.search_index import reindex_saved

        post_save.connect(reindex_saved, sender=Organization, dispatch_uid="orgs.index.org")
        post_save.connect(reindex_saved, sender=Person, dispatch_uid="orgs.index.person")
