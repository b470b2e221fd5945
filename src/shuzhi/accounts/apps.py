from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class AccountsConfig(AppConfig):
    name = "shuzhi.accounts"
    label = "accounts"
    verbose_name = "账号与角色"
    navigation = [NavItem("账号授权", "accounts:grants", "accounts.grant", order=90)]
    # permission → the roles that hold it, within the subtree of the organisation they are
    # granted at. Every app declares its own in the same way (see docs/architecture.md).
    role_permissions = {
        "accounts.grant": {"admin"},
        "accounts.api_token": {"admin", "viewer", "reviewer", "host", "inspector", "secretary"},
    }
