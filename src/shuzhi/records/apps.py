from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class RecordsConfig(AppConfig):
    name = "shuzhi.records"
    label = "records"
    verbose_name = "日常纪实"
    navigation = [NavItem("纪实档案", "records:home", "records.view", order=45)]
    role_permissions = {
        "records.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        # Held AT the organisation (not an ancestor): the secretary's own record, or an
        # assistant granted there (services.can_write_record).
        "records.write": {"secretary"},
        # The monthly check, over the PARENT of the organisation whose entries are confirmed.
        "records.confirm": {"admin", "reviewer"},
        # Units (departments, townships) submitting red/black entries.
        "records.submit": {"admin", "secretary", "inspector"},
        # The joint meeting's approvers, at the hearing organisation.
        "records.approve": {"admin", "reviewer"},
        # Targets, formula, points table.
        "records.manage": {"admin"},
    }

    demo_builder = "shuzhi.records.demo.build_demo"
    demo_order = 45

    def ready(self) -> None:
        from shuzhi.records import receivers

        receivers.connect()
