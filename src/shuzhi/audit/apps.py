from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class AuditConfig(AppConfig):
    name = "shuzhi.audit"
    label = "audit"
    verbose_name = "审计记录"
    navigation = [NavItem("审计记录", "audit:list", "audit.view", order=95)]
    role_permissions = {"audit.view": {"admin", "viewer"}}
