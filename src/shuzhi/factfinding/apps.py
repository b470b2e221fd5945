from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class FactfindingConfig(AppConfig):
    name = "shuzhi.factfinding"
    label = "factfinding"
    verbose_name = "调研摸底"
    navigation = [NavItem("调研摸底", "factfinding:home", "factfinding.view", order=15)]
    role_permissions = {
        "factfinding.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        # Forming groups, assigning units, planning audits (the organisation department).
        "factfinding.plan": {"admin"},
        # Recording visits, findings, opinions, ratings and evidence; inspections only by the
        # group's own members (checked in the service).
        "factfinding.record": {"admin", "inspector"},
        # 认账: the audited or visited unit's secretary answers each finding.
        "factfinding.acknowledge": {"secretary"},
        # The superior rules on a dispute: held at the PARENT of the finding's unit.
        "factfinding.rule": {"admin", "reviewer"},
        # Conducting an audit: checklist, findings, report, accepting the rectification report.
        "factfinding.audit": {"admin", "inspector"},
    }

    demo_builder = "shuzhi.factfinding.demo.build_demo"
    demo_order = 35

    def ready(self) -> None:
        from shuzhi.factfinding import receivers

        receivers.connect()
